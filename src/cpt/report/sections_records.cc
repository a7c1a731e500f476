// Sections from records kept outside the car: alerts, service, warranty, and the report's own
// provenance.
#include <algorithm>
#include <chrono>

#include "cpt/report/build_context.h"
#include "cpt/report/judgement.h"

namespace cpt::report {

using snapshot::ModuleId;
using snapshot::ModuleOutcome;
using snapshot::WarrantyState;

void build_alerts(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& alerts = ctx.snap().alerts.data;
  if (!alerts || alerts->items.empty()) return;
  ctx.add(section, f::alert_count, static_cast<std::int64_t>(alerts->items.size()));
  std::vector<const snapshot::Alert*> sorted;
  for (const auto& a : alerts->items) sorted.push_back(&a);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return (a->time ? a->time->utc : SysMillis{}) > (b->time ? b->time->utc : SysMillis{});
  });
  Table table = ctx.table("alerts.timeline", {&f::alert_time, &f::alert_name, &f::alert_text,
                                              &f::alert_customer, &f::alert_audiences});
  for (const auto* a : sorted) {
    const bool customer = a->customer_facing();
    table.rows.push_back(
        {ctx.cell(f::alert_time, opt(a->time)), ctx.cell(f::alert_name, a->name),
         ctx.cell(f::alert_text, opt(a->user_text)),
         ctx.cell(f::alert_customer, customer, customer ? Tone::warn : Tone::muted),
         ctx.cell(f::alert_audiences, a->audiences)});
  }
  section.tables.push_back(std::move(table));
}

void build_service(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& service = ctx.snap().service.data;
  if (!service) return;
  ctx.add(section, f::service_status, opt(service->status), Tone::warn);
  ctx.add(section, f::service_completion, opt(service->estimated_completion));
  ctx.add(section, f::service_visit, opt(service->visit_number));
}

namespace {

std::string_view state_code(WarrantyState state) {
  switch (state) {
    case WarrantyState::active:
      return "active";
    case WarrantyState::upcoming:
      return "upcoming";
    case WarrantyState::expired:
      return "expired";
  }
  return "active";
}

Tone state_tone(WarrantyState state) {
  switch (state) {
    case WarrantyState::active:
      return Tone::good;
    case WarrantyState::upcoming:
      return Tone::normal;
    case WarrantyState::expired:
      return Tone::muted;
  }
  return Tone::normal;
}

}  // namespace

void build_warranty(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& warranty = ctx.snap().warranty.data;
  if (!warranty || warranty->items.empty()) return;
  const auto& odometer = ctx.snap().odometer.data;
  const Formatter& fmt = ctx.fmt();
  std::optional<double> shown_odometer;
  if (odometer) shown_odometer = fmt.shown(odometer->km, Unit::distance, f::odometer.decimals);
  Table table =
      ctx.table("warranty.items", {&f::warranty_name, &f::warranty_type, &f::warranty_state,
                                   &f::warranty_expires, &f::warranty_distance, &f::warranty_years,
                                   &f::warranty_time_left, &f::warranty_distance_left});
  for (const auto& item : warranty->items) {
    // Judged on the report's own date and the odometer as displayed: a warranty past its date or
    // distance has expired, whatever the provider's list still says.
    std::optional<double> shown_limit;
    if (item.expiration_km) {
      shown_limit = fmt.shown(*item.expiration_km, Unit::distance, f::warranty_distance.decimals);
    }
    const WarrantyState state =
        warranty_state_on(item, ctx.generated_at(), shown_odometer, shown_limit);
    if (state != item.state) {
      section.notes.push_back(
          ctx.catalog().format("warranty.listed_active", {{"name", item.display_name}}));
    }
    Value time_left = std::monostate{};
    Value distance_left = std::monostate{};
    if (state != WarrantyState::expired && item.expiration_date) {
      time_left = days_left(*item.expiration_date, ctx.generated_at());
    }
    if (state != WarrantyState::expired && shown_limit && shown_odometer) {
      distance_left = std::max(0.0, *item.expiration_km - odometer->km);
    }
    const Tone tone = state_tone(state);
    table.rows.push_back({ctx.cell(f::warranty_name, item.display_name, tone),
                          ctx.cell(f::warranty_type, item.type),
                          ctx.cell(f::warranty_state, std::string(state_code(state)), tone),
                          ctx.cell(f::warranty_expires, opt(item.expiration_date)),
                          ctx.cell(f::warranty_distance, opt(item.expiration_km)),
                          ctx.cell(f::warranty_years, opt(item.coverage_years)),
                          ctx.cell(f::warranty_time_left, time_left),
                          ctx.cell(f::warranty_distance_left, distance_left)});
  }
  section.tables.push_back(std::move(table));
}

namespace {

Tone outcome_tone(ModuleOutcome outcome) {
  switch (outcome) {
    case ModuleOutcome::ok:
      return Tone::good;
    case ModuleOutcome::empty:
      return Tone::normal;
    case ModuleOutcome::unavailable:
      return Tone::warn;
    case ModuleOutcome::not_in_package:
      return Tone::muted;
    case ModuleOutcome::failed:
      return Tone::bad;
  }
  return Tone::normal;
}

}  // namespace

void build_provenance(BuildContext& ctx, Section& section) {
  namespace f = fields;
  // What was read from Tesla, when, and what was not and why, for the reader. Prices, call counts
  // and HTTP statuses are the operator's: they stay in the order's ledger, the CLI and /metrics.
  const auto& p = ctx.snap().provenance;
  ctx.add(section, f::order_id, p.order_id.empty() ? Value{} : Value{p.order_id});
  ctx.add(section, f::package, std::string(to_string(p.package)));
  ctx.add(section, f::region, opt(p.region));
  ctx.add(section, f::provider, p.provider.empty() ? Value{} : Value{p.provider});
  ctx.add(section, f::generated_at, ctx.generated_at());
  Table table = ctx.table("provenance.modules",
                          {&f::module, &f::outcome, &f::source, &f::fetched_at, &f::reason});
  for (int i = 0; i < snapshot::kModuleCount; ++i) {
    const auto id = static_cast<ModuleId>(i);
    const auto& r = ctx.snap().result(id);
    // What the package did not include is said once, in the closing line.
    if (r.outcome == ModuleOutcome::not_in_package) continue;
    const Status status = ctx.status(r, id);
    const Tone tone = outcome_tone(r.outcome);
    std::string reason = r.outcome == ModuleOutcome::ok ? ctx.ok_note(r) : status.message;
    table.rows.push_back(
        {ctx.cell(f::module, std::string(to_string(id))),
         ctx.cell(f::outcome, std::string(to_string(r.outcome)), tone),
         ctx.cell(f::source, r.source.empty() ? Value{} : Value{r.source}),
         ctx.cell(f::fetched_at, opt(r.fetched_at)),
         ctx.cell(f::reason, reason.empty() ? Value{} : Value{std::move(reason)})});
  }
  section.tables.push_back(std::move(table));
  section.notes.push_back(std::string(ctx.catalog().text("provenance.about")));
}

}  // namespace cpt::report
