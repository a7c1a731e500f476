// Which modules each package buys and which Tesla call feeds each module: the acquisition plan's
// vocabulary, shared by the runner and the dry-run pricing.
#pragma once

#include <span>
#include <string_view>

#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/tesla/endpoints.h"

namespace cpt::acquire {

// The cheapest package that includes a module (report sections follow the same split).
snapshot::Package module_package(snapshot::ModuleId id);

// The Tesla call whose answer a module is read from.
tesla::Endpoint module_source(snapshot::ModuleId id);

// The per-vehicle calls (phase 3) a package needs, in the order they are issued. vehicle_data
// feeds several modules and appears once.
std::span<const tesla::Endpoint> vehicle_calls(snapshot::Package package);

// The vehicle_data blocks an order asks for: what the report uses, and never drive_state or
// location_data (a report has no use for where the car is).
std::span<const std::string> vehicle_data_blocks();

}  // namespace cpt::acquire
