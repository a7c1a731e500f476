#include <cmath>
#include <nlohmann/json.hpp>

#include "cpt/report/renderers.h"
#include "cpt/report/report_json.h"

namespace cpt::report {
namespace {

using nlohmann::json;

// Canonical quantities are doubles from unit conversions (e.g. 391.56848064000003 km); four
// decimals keep every unit exact enough and the JSON readable.
double round4(double value) {
  const double rounded = std::round(value * 10000.0) / 10000.0;
  return rounded == 0.0 ? 0.0 : rounded;
}

json value_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<V, double>) {
          return std::isfinite(v) ? json(round4(v)) : json(nullptr);
        } else if constexpr (std::is_same_v<V, Money>) {
          return json{{"currency", v.currency}, {"minor", v.minor}, {"amount", v.to_decimal()}};
        } else if constexpr (std::is_same_v<V, Timestamp>) {
          return format_iso8601(v);
        } else {
          return json(v);
        }
      },
      value);
}

void add_type(json& out, const FieldDef& def) {
  out["key"] = def.key;
  out["type"] = to_string(def.type);
  if (def.type == FieldType::quantity) out["unit"] = canonical_unit_name(def.unit);
}

json cell_json(const Cell& cell) {
  json out{{"value", value_json(cell.value)}, {"display", cell.display}};
  if (cell.tone != Tone::normal) out["tone"] = to_string(cell.tone);
  return out;
}

json status_json(const Status& status) {
  json out{{"outcome", snapshot::to_string(status.outcome)}};
  if (!status.message.empty()) out["message"] = status.message;
  if (status.error_kind) out["error_kind"] = to_string(*status.error_kind);
  if (!status.condition.empty()) out["condition"] = status.condition;
  return out;
}

json table_json(const Table& table) {
  json columns = json::array();
  for (const auto& column : table.columns) {
    json c{{"label", column.label}};
    add_type(c, *column.def);
    if (column.def->machine_only) c["machine_only"] = true;
    columns.push_back(std::move(c));
  }
  json rows = json::array();
  for (const auto& row : table.rows) {
    json cells = json::array();
    for (const auto& cell : row) cells.push_back(cell_json(cell));
    rows.push_back(std::move(cells));
  }
  return json{{"id", table.id},
              {"title", table.title},
              {"columns", std::move(columns)},
              {"rows", std::move(rows)}};
}

json chart_json(const Chart& chart) {
  json points = json::array();
  for (const auto& p : chart.points) {
    points.push_back(json{
        {"key", p.key}, {"label", p.label}, {"value", round4(p.value)}, {"display", p.display}});
  }
  json out{{"id", chart.id},
           {"kind", chart.kind == ChartKind::bars ? "bars" : "gauge"},
           {"title", chart.title},
           {"unit", canonical_unit_name(chart.unit)},
           {"points", std::move(points)}};
  if (!chart.ticks.empty()) {
    json ticks = json::array();
    for (const auto& t : chart.ticks) {
      ticks.push_back(json{{"value", round4(t.value)}, {"display", t.display}});
    }
    out["ticks"] = std::move(ticks);
  }
  return out;
}

json section_json(const Section& section) {
  json fields_json = json::array();
  for (const auto& field : section.fields) {
    json f = cell_json(field.cell);
    f["label"] = field.label;
    add_type(f, *field.def);
    fields_json.push_back(std::move(f));
  }
  json tables = json::array();
  for (const auto& table : section.tables) tables.push_back(table_json(table));
  json charts = json::array();
  for (const auto& chart : section.charts) charts.push_back(chart_json(chart));
  return json{{"id", to_string(section.id)},
              {"title", section.title},
              {"status", status_json(section.status)},
              {"fields", std::move(fields_json)},
              {"tables", std::move(tables)},
              {"charts", std::move(charts)},
              {"notes", section.notes}};
}

json header_json(const Report& report) {
  const Header& h = report.header;
  const RegionContext& r = report.region;
  json vehicle{{"vin", h.vin}, {"vin_masked", h.vin_masked}, {"name", h.vehicle_name}};
  if (!h.display_name.empty()) vehicle["display_name"] = h.display_name;
  return json{{"title", h.title},
              {"brand", h.brand},
              {"language", to_string(r.language)},
              {"package", snapshot::to_string(h.package)},
              {"package_label", h.package_label},
              {"order_id", h.order_id},
              {"generated_at", format_iso8601(h.generated_at)},
              {"generated_display", h.generated_display},
              {"vehicle", std::move(vehicle)},
              {"units",
               {{"distance", to_string(r.distance)},
                {"temperature", to_string(r.temperature)},
                {"pressure", to_string(r.pressure)},
                {"time_zone", r.time_zone}}}};
}

}  // namespace

json report_to_json(const Report& report) {
  json sections = json::array();
  for (const auto& section : report.sections) sections.push_back(section_json(section));
  json invoices = json::array();
  for (const auto& invoice : report.invoices) {
    json entry{{"vin", invoice.vin},
               {"session_id", invoice.session_id},
               {"file_name", invoice.file_name},
               {"attached", invoice.bytes.has_value()}};
    // The hash binds the invoice PDF shipped in the ZIP to this (signed) report.
    if (invoice.bytes) {
      entry["sha256"] = sha256_hex(*invoice.bytes);
      entry["size"] = invoice.bytes->size();
    }
    invoices.push_back(std::move(entry));
  }
  return json{{"schema_version", report.schema_version},
              {"generator", {{"name", "Car Pulse Tracker"}, {"version", "0.1.0"}}},
              {"report", header_json(report)},
              {"sections", std::move(sections)},
              {"invoices", std::move(invoices)}};
}

std::string canonical_json(const json& document) {
  if (document.is_object() && document.contains("signature")) {
    json copy = document;
    copy.erase("signature");
    return copy.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<void> sign_json(json& document, const SigningKey& key) {
  const std::string canonical = canonical_json(document);
  auto signature = key.sign(canonical);
  if (!signature) return fail(signature.error());
  document["signature"] =
      json{{"algorithm", "ECDSA-P256-SHA256"}, {"canonicalization", "cpt-c14n-1"},
           {"key_id", key.key_id()},           {"public_key", key.public_key().public_pem()},
           {"sha256", sha256_hex(canonical)},  {"value", base64_encode(*signature)}};
  return {};
}

Result<std::string> render_json(const Report& report, const SigningKey* key) {
  json document = report_to_json(report);
  if (key) {
    if (auto signed_ok = sign_json(document, *key); !signed_ok) return fail(signed_ok.error());
  }
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace cpt::report
