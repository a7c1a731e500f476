#include "cpt/acquire/modules.h"

#include <array>
#include <string>

namespace cpt::acquire {

using snapshot::ModuleId;
using snapshot::Package;
using tesla::Endpoint;

Package module_package(ModuleId id) {
  switch (id) {
    case ModuleId::charging:
    case ModuleId::invoices:
    case ModuleId::service:
    case ModuleId::warranty:
    case ModuleId::tyres:
      return Package::pro;
    case ModuleId::specs:
    case ModuleId::battery_health:
      return Package::expert;
    default:
      return Package::basic;
  }
}

Endpoint module_source(ModuleId id) {
  switch (id) {
    case ModuleId::options:
      return Endpoint::options;
    case ModuleId::release_notes:
      return Endpoint::release_notes;
    case ModuleId::charging:
      return Endpoint::charging_history;
    case ModuleId::invoices:
      return Endpoint::charging_invoice;
    case ModuleId::alerts:
      return Endpoint::recent_alerts;
    case ModuleId::service:
      return Endpoint::service_data;
    case ModuleId::warranty:
      return Endpoint::warranty;
    case ModuleId::specs:
    case ModuleId::battery_health:
      return Endpoint::specs;
    case ModuleId::fleet_status:
      return Endpoint::fleet_status;
    default:
      return Endpoint::vehicle_data;  // identity, battery, odometer, climate, ...
  }
}

std::span<const Endpoint> vehicle_calls(Package package) {
  static constexpr std::array kBasic = {Endpoint::vehicle_data, Endpoint::options,
                                        Endpoint::release_notes, Endpoint::recent_alerts,
                                        Endpoint::fleet_status};
  static constexpr std::array kPro = {Endpoint::vehicle_data,  Endpoint::options,
                                      Endpoint::release_notes, Endpoint::recent_alerts,
                                      Endpoint::fleet_status,  Endpoint::service_data,
                                      Endpoint::warranty};
  static constexpr std::array kExpert = {Endpoint::vehicle_data,  Endpoint::options,
                                         Endpoint::release_notes, Endpoint::recent_alerts,
                                         Endpoint::fleet_status,  Endpoint::service_data,
                                         Endpoint::warranty,      Endpoint::specs};
  switch (package) {
    case Package::basic:
      return kBasic;
    case Package::pro:
      return kPro;
    case Package::expert:
      return kExpert;
  }
  return kBasic;
}

std::span<const std::string> vehicle_data_blocks() {
  static const std::array<std::string, 6> kBlocks = {"charge_state",   "climate_state",
                                                     "closures_state", "gui_settings",
                                                     "vehicle_config", "vehicle_state"};
  return kBlocks;
}

}  // namespace cpt::acquire
