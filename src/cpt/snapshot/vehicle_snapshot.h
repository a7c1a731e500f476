// VehicleSnapshot: everything known about one vehicle for one order, module by module, each with
// its ModuleResult. The brand-agnostic input of every report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/time.h"
#include "cpt/snapshot/module_result.h"
#include "cpt/snapshot/records.h"
#include "cpt/snapshot/vehicle_state.h"

namespace cpt::snapshot {

// The product tier an order bought: basic < pro < expert.
enum class Package { basic, pro, expert };

std::string_view to_string(Package package);
std::optional<Package> parse_package(std::string_view text);
// Whether `bought` includes everything `needed` includes.
constexpr bool includes(Package bought, Package needed) {
  return static_cast<int>(bought) >= static_cast<int>(needed);
}

// One module: its data (absent unless fetched and read) and how it was obtained. Value type.
template <class T>
struct Module {
  std::optional<T> data;
  ModuleResult result;

  // Sets data and an ok result in one step.
  void set(T value, ModuleResult ok_result) {
    data = std::move(value);
    result = std::move(ok_result);
  }
};

// Where the snapshot came from: order, package, region and totals. Per-module fetch times live
// in each ModuleResult. Value type.
struct Provenance {
  std::string order_id;
  Package package = Package::basic;
  std::optional<std::string> region;  // "eu", "na", "cn"
  Timestamp generated_at;
  int calls = 0;
  std::int64_t cost_micros = 0;
  std::string provider;  // e.g. "tesla-fleet-api"
};

// The module names used in JSON and catalogs, in report order.
enum class ModuleId {
  identity,
  options,
  battery,
  battery_health,
  odometer,
  climate,
  security,
  tyres,
  display,
  software,
  release_notes,
  charging,
  invoices,
  alerts,
  service,
  warranty,
  specs,
  fleet_status,
};
inline constexpr int kModuleCount = 18;
std::string_view to_string(ModuleId id);

// A vehicle as one order saw it. Value type; not thread-safe to mutate.
struct VehicleSnapshot {
  std::string vin;  // the VIN the order asked for: known even when every module failed
  Module<Identity> identity;
  Module<Options> options;
  Module<Battery> battery;
  Module<BatteryHealth> battery_health;
  Module<Odometer> odometer;
  Module<Climate> climate;
  Module<Security> security;
  Module<Tyres> tyres;
  Module<DisplayPreferences> display;
  Module<Software> software;
  Module<ReleaseNotes> release_notes;
  Module<Charging> charging;
  ModuleResult invoices;  // downloads of invoice PDFs; the bytes live in the sessions' invoices
  Module<Alerts> alerts;
  Module<Service> service;
  Module<Warranty> warranty;
  Module<Specs> specs;
  Module<FleetStatus> fleet_status;
  Provenance provenance;

  // The ModuleResult of a module by id.
  const ModuleResult& result(ModuleId id) const;
  ModuleResult& result(ModuleId id);
};

}  // namespace cpt::snapshot
