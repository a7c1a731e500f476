// The CSV renderer (RFC 4180): one row per charging session with its fees.
#include <array>
#include <cstdio>

#include "cpt/report/render_common.h"
#include "cpt/report/renderers.h"

namespace cpt::report {
namespace {

struct CsvColumn {
  std::string_view header;
  const FieldDef* def;  // nullptr for the derived currency column
};

// Stable columns, whatever the table left out for people (e.g. congestion fees nobody paid).
const std::array<CsvColumn, 16> kColumns = {{
    {"vin", &fields::session_vin},
    {"session_id", &fields::session_id},
    {"start", &fields::session_start},
    {"stop", &fields::session_stop},
    {"site", &fields::site},
    {"country", &fields::country},
    {"energy_kwh", &fields::energy},
    {"currency", nullptr},
    {"charging_fee", &fields::charging_fees},
    {"parking_fee", &fields::parking_fees},
    {"congestion_fee", &fields::congestion_fees},
    {"other_fees", &fields::other_fees},
    {"total", &fields::total},
    {"paid", &fields::session_paid},
    {"billing_type", &fields::billing_type},
    {"invoices", &fields::session_invoices},
}};

// A value as a machine reads it: ISO 8601 times, decimal amounts, true/false.
std::string machine_text(const Value& value, const FieldDef& def) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    // A spreadsheet would run text starting with = + - @ as a formula; a leading ' defuses it.
    if (!s->empty() && std::string_view("=+-@").find(s->front()) != std::string_view::npos) {
      return "'" + *s;
    }
    return *s;
  }
  if (const auto* d = std::get_if<double>(&value)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", def.type == FieldType::quantity ? 3 : 2, *d);
    return buffer;
  }
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* m = std::get_if<Money>(&value)) return m->to_decimal();
  if (const auto* t = std::get_if<Timestamp>(&value)) return format_iso8601(*t);
  return {};
}

const Table* sessions_table(const Report& report) {
  const Section* charging = report.section(SectionId::charging);
  if (!charging) return nullptr;
  for (const auto& table : charging->tables) {
    if (table.id == "charging.sessions") return &table;
  }
  return nullptr;
}

}  // namespace

std::string render_csv(const Report& report) {
  std::string out;
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (i) out += ',';
    out += kColumns[i].header;
  }
  out += "\r\n";
  const Table* table = sessions_table(report);
  if (!table) return out;
  std::array<std::optional<std::size_t>, kColumns.size()> index;
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    for (std::size_t c = 0; c < table->columns.size(); ++c) {
      if (table->columns[c].def == kColumns[i].def) index[i] = c;
    }
  }
  for (const auto& row : table->rows) {
    std::string currency;
    for (const auto& cell : row) {
      if (const auto* m = std::get_if<Money>(&cell.value)) currency = m->currency;
    }
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      if (i) out += ',';
      if (!kColumns[i].def) {
        append_csv_field(out, currency);
      } else if (index[i]) {
        append_csv_field(out, machine_text(row[*index[i]].value, *kColumns[i].def));
      } else if (kColumns[i].def->type == FieldType::money && !currency.empty()) {
        append_csv_field(out, Money{currency, 0}.to_decimal());
      }
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace cpt::report
