// The charging section: sessions, totals per currency, site and country, the monthly energy
// chart and the invoice list.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "cpt/core/units.h"
#include "cpt/report/battery_health.h"
#include "cpt/report/build_context.h"

namespace cpt::report {

using snapshot::ChargingSession;

namespace {

enum class FeeKind { charging, parking, congestion, other };

FeeKind fee_kind(std::string_view type) {
  std::string upper(type);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "CHARGING" || upper == "SUPERCHARGING") return FeeKind::charging;
  if (upper == "PARKING" || upper == "IDLE" || upper == "IDLE_FEE") return FeeKind::parking;
  if (upper == "CONGESTION") return FeeKind::congestion;
  return FeeKind::other;
}

// Sums of one group of sessions in one currency. Amounts in minor units.
struct Totals {
  std::string currency;
  std::int64_t sessions = 0;
  double energy_kwh = 0;
  double priced_energy_kwh = 0;  // energy of sessions that carry a charging fee
  std::array<std::int64_t, 4> fees{};
  std::int64_t total = 0;

  void add(const ChargingSession& s) {
    ++sessions;
    const double kwh = s.energy_or_fee_usage_kwh().value_or(0.0);
    energy_kwh += kwh;
    bool priced = false;
    for (const auto& fee : s.fees) {
      const auto kind = static_cast<std::size_t>(fee_kind(fee.type));
      fees[kind] += fee.amount.minor;
      total += fee.amount.minor;
      priced = priced || kind == static_cast<std::size_t>(FeeKind::charging);
    }
    if (priced) priced_energy_kwh += kwh;
  }
  Money money(std::int64_t minor) const { return Money{currency, minor}; }
  Value average_price() const {
    if (priced_energy_kwh <= 0.0) return std::monostate{};
    const double per_kwh = static_cast<double>(fees[0]) / priced_energy_kwh;
    return Money{currency, static_cast<std::int64_t>(std::llround(per_kwh))};
  }
};

std::string session_currency(const ChargingSession& s) {
  return s.fees.empty() ? std::string() : s.fees.front().amount.currency;
}

// The month of the session in the site's local time, as "YYYY-MM" and as the month's first
// instant (for a localized label).
std::pair<std::string, Timestamp> month_of(const Timestamp& ts) {
  using namespace std::chrono;
  const auto local = ts.utc + minutes(ts.offset_minutes.value_or(0));
  const year_month_day ymd{floor<days>(local)};
  char key[16];
  std::snprintf(key, sizeof key, "%04d-%02u", static_cast<int>(ymd.year()) % 10000,
                static_cast<unsigned>(ymd.month()) % 100);
  const sys_days first{ymd.year() / ymd.month() / 1};
  return {key, Timestamp{SysMillis(first) + hours(12), std::nullopt}};
}

Value fee_value(const std::array<std::int64_t, 4>& fees, FeeKind kind, const std::string& cur) {
  if (cur.empty()) return std::monostate{};
  return Money{cur, fees[static_cast<std::size_t>(kind)]};
}

void drop_column(Table& table, const FieldDef& def) {
  const auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                   [&def](const Column& c) { return c.def == &def; });
  if (column == table.columns.end()) return;
  const auto index = column - table.columns.begin();
  table.columns.erase(column);
  for (auto& row : table.rows) row.erase(row.begin() + index);
}

// Removes fee columns in which no row has a non-zero amount (a congestion fee nobody paid): the
// tables stay readable; the CSV keeps every column.
void drop_unused_fee_columns(Table& table, std::initializer_list<const FieldDef*> defs) {
  for (const FieldDef* def : defs) {
    const auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                     [def](const Column& c) { return c.def == def; });
    if (column == table.columns.end()) continue;
    const auto index = static_cast<std::size_t>(column - table.columns.begin());
    const bool used = std::any_of(table.rows.begin(), table.rows.end(), [index](const auto& row) {
      const auto* money = std::get_if<Money>(&row[index].value);
      return money && money->minor != 0;
    });
    if (!used) drop_column(table, *def);
  }
}

// The charge limit the owner set, as a habit: gentle (80 % or less), daily (up to 90 %) or full.
std::optional<std::string> limit_habit(const BuildContext& ctx) {
  const auto& b = ctx.snap().battery.data;
  if (!b || !b->charge_limit_pct) return std::nullopt;
  const double shown = ctx.fmt().shown(*b->charge_limit_pct, Unit::none, 0);
  if (shown <= 80) return "gentle";
  if (shown <= 90) return "daily";
  return "full";
}

// Average session, Supercharging's share of the energy the car's distance needed (an estimate
// from the rated consumption), the charge-limit habit, and what the history can and cannot see.
void add_habits(BuildContext& ctx, Section& section, std::size_t sessions, double energy) {
  namespace f = fields;
  if (sessions > 0) ctx.add(section, f::average_session, energy / static_cast<double>(sessions));
  const auto consumption = rated_consumption_kwh_per_km(ctx.snap());
  const auto& odometer = ctx.snap().odometer.data;
  if (consumption && odometer && odometer->km > 0) {
    const double share = std::min(100.0, energy / (odometer->km * *consumption) * 100.0);
    ctx.add(section, f::fast_share, share, share >= 50 ? Tone::warn : Tone::normal);
    section.notes.push_back(ctx.catalog().format(
        "charging.fast_share_method", {{"consumption", ctx.fmt().number(*consumption * 100.0, 1)},
                                       {"distance", ctx.display(f::odometer, odometer->km)}}));
  }
  if (auto habit = limit_habit(ctx)) ctx.add(section, f::charge_limit_habit, std::move(*habit));
  section.notes.push_back(std::string(ctx.catalog().text("charging.scope")));
}

void add_summary(BuildContext& ctx, Section& section, const std::vector<ChargingSession>& list) {
  namespace f = fields;
  std::set<std::string> sites;
  std::set<std::string> countries;
  double energy = 0;
  std::optional<Timestamp> first, last;
  for (const auto& s : list) {
    sites.insert(s.site);
    if (s.country) countries.insert(*s.country);
    energy += s.energy_or_fee_usage_kwh().value_or(0.0);
    if (s.start && (!first || s.start->utc < first->utc)) first = s.start;
    if (s.start && (!last || s.start->utc > last->utc)) last = s.start;
  }
  ctx.add(section, f::session_count, static_cast<std::int64_t>(list.size()));
  ctx.add(section, f::total_energy, energy);
  ctx.add(section, f::site_count, static_cast<std::int64_t>(sites.size()));
  ctx.add(section, f::country_count, static_cast<std::int64_t>(countries.size()));
  ctx.add(section, f::first_session, opt(first));
  ctx.add(section, f::last_session, opt(last));
  add_habits(ctx, section, list.size(), energy);
}

void add_totals(BuildContext& ctx, Section& section, const std::vector<ChargingSession>& list) {
  namespace f = fields;
  std::map<std::string, Totals> by_currency;
  for (const auto& s : list) {
    const std::string cur = session_currency(s);
    if (cur.empty()) continue;
    auto& t = by_currency[cur];
    t.currency = cur;
    t.add(s);
  }
  if (by_currency.empty()) return;
  const bool miles = ctx.fmt().context().distance == snapshot::DistanceUnit::mi;
  const FieldDef& per_100 = miles ? f::cost_per_100mi : f::cost_per_100km;
  const auto consumption = rated_consumption_kwh_per_km(ctx.snap());
  Table table =
      ctx.table("charging.totals",
                {&f::currency, &f::sessions, &f::energy, &f::charging_fees, &f::parking_fees,
                 &f::congestion_fees, &f::other_fees, &f::total, &f::average_price, &per_100});
  for (const auto& [cur, t] : by_currency) {
    // Supercharging price per kWh times the energy 100 km (or mi) take at the rated consumption.
    Value cost_per_100 = std::monostate{};
    const Value price = t.average_price();
    if (consumption && std::holds_alternative<Money>(price)) {
      const double km = miles ? 100.0 * units::kKmPerMile : 100.0;
      const double minor = static_cast<double>(std::get<Money>(price).minor);
      cost_per_100 = Money{cur, static_cast<std::int64_t>(std::llround(minor * *consumption * km))};
    }
    table.rows.push_back({ctx.cell(f::currency, cur), ctx.cell(f::sessions, t.sessions),
                          ctx.cell(f::energy, t.energy_kwh),
                          ctx.cell(f::charging_fees, fee_value(t.fees, FeeKind::charging, cur)),
                          ctx.cell(f::parking_fees, fee_value(t.fees, FeeKind::parking, cur)),
                          ctx.cell(f::congestion_fees, fee_value(t.fees, FeeKind::congestion, cur)),
                          ctx.cell(f::other_fees, fee_value(t.fees, FeeKind::other, cur)),
                          ctx.cell(f::total, t.money(t.total)), ctx.cell(f::average_price, price),
                          ctx.cell(per_100, cost_per_100)});
  }
  drop_unused_fee_columns(table, {&f::congestion_fees, &f::other_fees});
  if (!consumption) drop_column(table, per_100);
  section.tables.push_back(std::move(table));
}

// Sessions grouped by a key (site or country) and currency, most visited first.
void add_grouped(BuildContext& ctx, Section& section, const std::vector<ChargingSession>& list,
                 bool by_site) {
  namespace f = fields;
  std::map<std::pair<std::string, std::string>, Totals> groups;
  std::map<std::pair<std::string, std::string>, std::string> country_of;
  for (const auto& s : list) {
    const std::string key = by_site ? s.site : s.country.value_or("");
    auto& t = groups[{key, session_currency(s)}];
    t.currency = session_currency(s);
    t.add(s);
    country_of[{key, t.currency}] = s.country.value_or("");
  }
  std::vector<std::pair<std::pair<std::string, std::string>, Totals>> rows(groups.begin(),
                                                                           groups.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.sessions > b.second.sessions;
  });
  Table table = by_site ? ctx.table("charging.by_site",
                                    {&f::site, &f::country, &f::sessions, &f::energy, &f::total})
                        : ctx.table("charging.by_country",
                                    {&f::country, &f::sessions, &f::energy, &f::total});
  for (const auto& [key, t] : rows) {
    std::vector<Cell> row;
    if (by_site) row.push_back(ctx.cell(f::site, key.first));
    row.push_back(ctx.cell(f::country, by_site ? country_of[key] : key.first));
    row.push_back(ctx.cell(f::sessions, t.sessions));
    row.push_back(ctx.cell(f::energy, t.energy_kwh));
    row.push_back(ctx.cell(f::total, t.currency.empty() ? Value{} : Value{t.money(t.total)}));
    table.rows.push_back(std::move(row));
  }
  section.tables.push_back(std::move(table));
}

// A y-axis of four or five round steps (1, 2, 2.5 or 5 times a power of ten) from zero to at
// least the largest bar.
std::vector<AxisTick> axis_ticks(const BuildContext& ctx, const Chart& chart) {
  double top = 0;
  for (const auto& p : chart.points) top = std::max(top, p.value);
  if (top <= 0) top = 1;
  const double raw = top / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  std::vector<AxisTick> ticks;
  for (int i = 0; i <= 5; ++i) {
    const double v = step * i;
    const int decimals = step < 1 ? 1 : 0;
    ticks.push_back({v, ctx.fmt().quantity(v, chart.unit, decimals)});
    if (v >= top) break;
  }
  return ticks;
}

void add_monthly_chart(BuildContext& ctx, Section& section,
                       const std::vector<ChargingSession>& list) {
  std::map<std::string, std::pair<Timestamp, double>> by_month;
  for (const auto& s : list) {
    if (!s.start) continue;
    auto [key, first] = month_of(*s.start);
    auto& entry = by_month.try_emplace(key, first, 0.0).first->second;
    entry.second += s.energy_or_fee_usage_kwh().value_or(0.0);
  }
  if (by_month.empty()) return;
  // Months without sessions between the first and the last still get a (zero) bar.
  using namespace std::chrono;
  const auto first_day = year_month_day{floor<days>(by_month.begin()->second.first.utc)};
  const auto last_day = year_month_day{floor<days>(by_month.rbegin()->second.first.utc)};
  Chart chart = ctx.chart("charging.monthly_energy", ChartKind::bars, Unit::energy);
  for (auto ym = first_day.year() / first_day.month(); ym <= last_day.year() / last_day.month();
       ym += months{1}) {
    const Timestamp at{SysMillis(sys_days{ym / 1}) + hours(12), std::nullopt};
    const std::string key = month_of(at).first;
    const auto it = by_month.find(key);
    const double kwh = it == by_month.end() ? 0.0 : it->second.second;
    chart.points.push_back(
        {key, ctx.fmt().month(at), kwh, ctx.fmt().quantity(kwh, Unit::energy, 0)});
  }
  chart.ticks = axis_ticks(ctx, chart);
  section.charts.push_back(std::move(chart));
}

Table sessions_table(BuildContext& ctx, const std::vector<const ChargingSession*>& sorted) {
  namespace f = fields;
  Table table = ctx.table(
      "charging.sessions",
      {&f::session_vin, &f::session_id, &f::session_start, &f::session_stop, &f::site, &f::country,
       &f::energy, &f::charging_fees, &f::parking_fees, &f::congestion_fees, &f::other_fees,
       &f::total, &f::session_paid, &f::billing_type, &f::session_invoices});
  for (const auto* s : sorted) {
    Totals t;
    t.currency = session_currency(*s);
    t.add(*s);
    bool paid = !s->fees.empty();
    for (const auto& fee : s->fees) paid = paid && fee.paid.value_or(false);
    std::string files;
    for (const auto& invoice : s->invoices) {
      if (!files.empty()) files += "; ";
      files += invoice.file_name;
    }
    const std::string& cur = t.currency;
    table.rows.push_back({ctx.cell(f::session_vin, s->vin), ctx.cell(f::session_id, s->id),
                          ctx.cell(f::session_start, opt(s->start)),
                          ctx.cell(f::session_stop, opt(s->stop)), ctx.cell(f::site, s->site),
                          ctx.cell(f::country, opt(s->country)),
                          ctx.cell(f::energy, opt(s->energy_or_fee_usage_kwh())),
                          ctx.cell(f::charging_fees, fee_value(t.fees, FeeKind::charging, cur)),
                          ctx.cell(f::parking_fees, fee_value(t.fees, FeeKind::parking, cur)),
                          ctx.cell(f::congestion_fees, fee_value(t.fees, FeeKind::congestion, cur)),
                          ctx.cell(f::other_fees, fee_value(t.fees, FeeKind::other, cur)),
                          ctx.cell(f::total, cur.empty() ? Value{} : Value{t.money(t.total)}),
                          ctx.cell(f::session_paid, s->fees.empty() ? Value{} : Value{paid},
                                   paid ? Tone::normal : Tone::warn),
                          ctx.cell(f::billing_type, opt(s->billing_type)),
                          ctx.cell(f::session_invoices, files.empty() ? Value{} : Value{files})});
  }
  drop_unused_fee_columns(table, {&f::congestion_fees, &f::other_fees});
  return table;
}

Table invoices_table(BuildContext& ctx, const std::vector<const ChargingSession*>& sorted,
                     std::vector<InvoiceFile>& invoices) {
  namespace f = fields;
  Table table = ctx.table("charging.invoices",
                          {&f::session_start, &f::site, &f::invoice_file, &f::invoice_status});
  // A report read before its invoices are in (the acquisition notes them as pending) says they
  // are on their way, not that they are missing.
  const bool pending = ctx.snap().invoices.note.code == "invoices_pending";
  for (const auto* s : sorted) {
    for (const auto& invoice : s->invoices) {
      const bool attached = invoice.bytes.has_value();
      const char* status = attached ? "attached" : pending ? "pending" : "missing";
      const Tone tone = attached ? Tone::good : pending ? Tone::muted : Tone::warn;
      table.rows.push_back({ctx.cell(f::session_start, opt(s->start)), ctx.cell(f::site, s->site),
                            ctx.cell(f::invoice_file, invoice.file_name),
                            ctx.cell(f::invoice_status, status, tone)});
      invoices.push_back({s->vin, s->id, invoice.file_name, invoice.bytes});
    }
  }
  return table;
}

}  // namespace

void build_charging(BuildContext& ctx, Section& section, std::vector<InvoiceFile>& invoices) {
  const auto& charging = ctx.snap().charging.data;
  if (!charging || charging->sessions.empty()) {
    ctx.add_note(section, snapshot::ModuleId::invoices);
    return;
  }
  const auto& list = charging->sessions;
  add_summary(ctx, section, list);
  add_totals(ctx, section, list);
  add_monthly_chart(ctx, section, list);
  add_grouped(ctx, section, list, /*by_site=*/true);
  add_grouped(ctx, section, list, /*by_site=*/false);
  // Newest first, as a reader scans a history.
  std::vector<const ChargingSession*> sorted;
  for (const auto& s : list) sorted.push_back(&s);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    const auto ta = a->start ? a->start->utc : SysMillis{};
    const auto tb = b->start ? b->start->utc : SysMillis{};
    return ta > tb;
  });
  section.tables.push_back(sessions_table(ctx, sorted));
  Table invoice_list = invoices_table(ctx, sorted, invoices);
  if (!invoice_list.rows.empty()) section.tables.push_back(std::move(invoice_list));
  ctx.add_note(section, snapshot::ModuleId::invoices);
}

}  // namespace cpt::report
