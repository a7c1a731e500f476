#include "cpt/acquire/assemble.h"

#include "cpt/acquire/modules.h"
#include "cpt/tesla/normalize.h"

namespace cpt::acquire {
namespace {

using snapshot::ModuleId;
using snapshot::ModuleResult;

constexpr ModuleId kAllModules[] = {
    ModuleId::identity, ModuleId::options,      ModuleId::battery,       ModuleId::battery_health,
    ModuleId::odometer, ModuleId::climate,      ModuleId::security,      ModuleId::tyres,
    ModuleId::display,  ModuleId::software,     ModuleId::release_notes, ModuleId::charging,
    ModuleId::invoices, ModuleId::alerts,       ModuleId::service,       ModuleId::warranty,
    ModuleId::specs,    ModuleId::fleet_status,
};

std::string source_name(ModuleId id) {
  return std::string(tesla::info(module_source(id)).name);
}

// A call's cost is booked on the first module it feeds, so per-module figures add up.
bool books_cost(ModuleId id) {
  switch (id) {
    case ModuleId::identity:
    case ModuleId::options:
    case ModuleId::release_notes:
    case ModuleId::alerts:
    case ModuleId::service:
    case ModuleId::warranty:
    case ModuleId::specs:
    case ModuleId::fleet_status:
      return true;
    default:
      return false;
  }
}

ModuleResult result_from(const Fetched& fetched, ModuleId id) {
  const int calls = books_cost(id) ? fetched.calls : 0;
  const std::int64_t cost = books_cost(id) ? fetched.cost_micros : 0;
  if (fetched.error) {
    return ModuleResult::from_error(*fetched.error, source_name(id), fetched.fetched_at, calls,
                                    cost);
  }
  return ModuleResult::ok(source_name(id), fetched.fetched_at, calls, cost);
}

void clear_data(snapshot::VehicleSnapshot& s, ModuleId id) {
  switch (id) {
    case ModuleId::identity:
      s.identity.data.reset();
      break;
    case ModuleId::options:
      s.options.data.reset();
      break;
    case ModuleId::battery:
      s.battery.data.reset();
      break;
    case ModuleId::battery_health:
      s.battery_health.data.reset();
      break;
    case ModuleId::odometer:
      s.odometer.data.reset();
      break;
    case ModuleId::climate:
      s.climate.data.reset();
      break;
    case ModuleId::security:
      s.security.data.reset();
      break;
    case ModuleId::tyres:
      s.tyres.data.reset();
      break;
    case ModuleId::display:
      s.display.data.reset();
      break;
    case ModuleId::software:
      s.software.data.reset();
      break;
    case ModuleId::release_notes:
      s.release_notes.data.reset();
      break;
    case ModuleId::charging:
      s.charging.data.reset();
      break;
    case ModuleId::invoices:
      break;  // no data of its own
    case ModuleId::alerts:
      s.alerts.data.reset();
      break;
    case ModuleId::service:
      s.service.data.reset();
      break;
    case ModuleId::warranty:
      s.warranty.data.reset();
      break;
    case ModuleId::specs:
      s.specs.data.reset();
      break;
    case ModuleId::fleet_status:
      s.fleet_status.data.reset();
      break;
  }
}

const Fetched* fetched_for(const VehicleWork& work, const AccountWork& account, ModuleId id) {
  if (id == ModuleId::charging) return account.history ? &*account.history : nullptr;
  auto it = work.modules.find(module_source(id));
  return it == work.modules.end() ? nullptr : &it->second;
}

void set_results(const Order& order, const VehicleWork& work, const AccountWork& account,
                 snapshot::VehicleSnapshot& s) {
  for (ModuleId id : kAllModules) {
    ModuleResult& result = s.result(id);
    if (!snapshot::includes(order.package, module_package(id))) {
      result = ModuleResult::not_in_package(source_name(id));
    } else if (work.blocked) {
      result = ModuleResult::from_error(*work.blocked, source_name(id), std::nullopt, 0, 0);
    } else if (id == ModuleId::invoices) {
      // Settled by attach_invoices once the sessions are known; without a history, nothing to get.
      const auto& history = account.history;
      result = history && history->error
                   ? ModuleResult::from_error(*history->error, source_name(id), std::nullopt, 0, 0)
                   : ModuleResult::empty(source_name(id), s.provenance.generated_at, 0, 0);
    } else if (const Fetched* fetched = fetched_for(work, account, id)) {
      result = result_from(*fetched, id);
    } else {
      result = ModuleResult::from_error(
          make_error(ErrorKind::internal, "module was planned but not fetched"), source_name(id));
    }
  }
}

tesla::normalize::VehiclePayloads payloads_of(const VehicleWork& work, const AccountWork& account) {
  tesla::normalize::VehiclePayloads p;
  p.vin = work.vin;
  p.region = account.region.value_or("");
  if (work.blocked) return p;
  p.vehicle = work.root.body;
  auto body = [&work](tesla::Endpoint e) -> std::optional<std::string> {
    auto it = work.modules.find(e);
    return it == work.modules.end() ? std::nullopt : it->second.body;
  };
  p.vehicle_data = body(tesla::Endpoint::vehicle_data);
  p.service_data = body(tesla::Endpoint::service_data);
  p.recent_alerts = body(tesla::Endpoint::recent_alerts);
  p.release_notes = body(tesla::Endpoint::release_notes);
  p.options = body(tesla::Endpoint::options);
  p.warranty = body(tesla::Endpoint::warranty);
  p.specs = body(tesla::Endpoint::specs);
  p.fleet_status = body(tesla::Endpoint::fleet_status);
  if (account.history && account.history->ok()) p.charging_history_pages = account.history_pages;
  return p;
}

}  // namespace

snapshot::VehicleSnapshot assemble_snapshot(const Order& order, const VehicleWork& work,
                                            const AccountWork& account, Timestamp now) {
  snapshot::VehicleSnapshot s;
  s.vin = work.vin;
  s.provenance.order_id = order.id;
  s.provenance.package = order.package;
  s.provenance.region = account.region;
  s.provenance.generated_at = now;
  s.provenance.provider = "tesla-fleet-api";
  set_results(order, work, account, s);
  tesla::normalize::fill_snapshot(payloads_of(work, account), s, now);
  // A history walk that found no page at all is a successful, empty answer.
  if (s.charging.result.is_ok() && !s.charging.data && account.history_pages.empty()) {
    s.charging.result.outcome = snapshot::ModuleOutcome::empty;
  }
  // The walk read every page; when Tesla's own total disagrees, the report says so.
  if (!account.history_note.empty() && s.charging.result.reason.empty() &&
      (s.charging.result.is_ok() || s.charging.result.outcome == snapshot::ModuleOutcome::empty)) {
    s.charging.result.reason = account.history_note;
    s.charging.result.note = {"history_total_differs", {}};
  }
  // Normalization reads whatever arrived (vehicle_data carries tyres even for basic orders); a
  // report shows only what the package bought.
  for (ModuleId id : kAllModules) {
    if (snapshot::includes(order.package, module_package(id))) continue;
    clear_data(s, id);
    s.result(id) = ModuleResult::not_in_package(source_name(id));
  }
  return s;
}

}  // namespace cpt::acquire
