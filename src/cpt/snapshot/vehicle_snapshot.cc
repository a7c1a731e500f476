#include "cpt/snapshot/vehicle_snapshot.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace cpt::snapshot {
namespace {

constexpr std::array<std::string_view, kModuleCount> kModuleNames = {
    "identity", "options", "battery", "battery_health", "odometer",      "climate",
    "security", "tyres",   "display", "software",       "release_notes", "charging",
    "invoices", "alerts",  "service", "warranty",       "specs",         "fleet_status",
};

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::string_view to_string(Package package) {
  switch (package) {
    case Package::basic:
      return "basic";
    case Package::pro:
      return "pro";
    case Package::expert:
      return "expert";
  }
  return "basic";
}

std::optional<Package> parse_package(std::string_view text) {
  for (Package p : {Package::basic, Package::pro, Package::expert}) {
    if (to_string(p) == text) return p;
  }
  return std::nullopt;
}

std::string_view to_string(ModuleId id) {
  return kModuleNames[static_cast<std::size_t>(id)];
}

std::optional<double> Battery::range_at_full_km() const {
  if (!rated_range_km || !level_pct || *level_pct <= 1.0) return std::nullopt;
  return *rated_range_km / *level_pct * 100.0;
}

std::optional<double> ChargingSession::energy_or_fee_usage_kwh() const {
  if (energy_kwh) return energy_kwh;
  std::optional<double> total;
  for (const auto& fee : fees) {
    if (fee.usage && iequals(fee.uom, "kwh") && iequals(fee.type, "CHARGING")) {
      total = total.value_or(0.0) + *fee.usage;
    }
  }
  return total;
}

bool Alert::customer_facing() const {
  return std::ranges::any_of(audiences,
                             [](const std::string& a) { return iequals(a, "customer"); });
}

ModuleResult& VehicleSnapshot::result(ModuleId id) {
  // One switch serves both overloads (the usual const-overload idiom).
  return const_cast<ModuleResult&>(std::as_const(*this).result(id));
}

const ModuleResult& VehicleSnapshot::result(ModuleId id) const {
  switch (id) {
    case ModuleId::identity:
      return identity.result;
    case ModuleId::options:
      return options.result;
    case ModuleId::battery:
      return battery.result;
    case ModuleId::battery_health:
      return battery_health.result;
    case ModuleId::odometer:
      return odometer.result;
    case ModuleId::climate:
      return climate.result;
    case ModuleId::security:
      return security.result;
    case ModuleId::tyres:
      return tyres.result;
    case ModuleId::display:
      return display.result;
    case ModuleId::software:
      return software.result;
    case ModuleId::release_notes:
      return release_notes.result;
    case ModuleId::charging:
      return charging.result;
    case ModuleId::invoices:
      return invoices;
    case ModuleId::alerts:
      return alerts.result;
    case ModuleId::service:
      return service.result;
    case ModuleId::warranty:
      return warranty.result;
    case ModuleId::specs:
      return specs.result;
    case ModuleId::fleet_status:
      return fleet_status.result;
  }
  return identity.result;
}

}  // namespace cpt::snapshot
