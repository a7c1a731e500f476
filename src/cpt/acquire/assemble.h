// Turning one vehicle's fetched answers into its VehicleSnapshot: module results from the calls,
// data from normalization, package pruning. Internal to acquire/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cpt/acquire/fetcher.h"
#include "cpt/acquire/order.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/tesla/endpoints.h"

namespace cpt::acquire {

// Everything fetched for one vehicle of an order. `blocked` is set when no per-vehicle call was
// made at all (e.g. the VIN is not on the account). Not thread-safe; each task writes its own slot.
struct VehicleWork {
  std::string vin;
  std::optional<std::string> state;  // "online", "asleep", "offline" as last seen
  std::optional<Error> blocked;
  Fetched root;                                // GET /api/1/vehicles/{vin}
  std::map<tesla::Endpoint, Fetched> modules;  // phase 3 calls by endpoint
};

// Account-level answers shared by every vehicle of the order.
struct AccountWork {
  std::optional<std::string> region;
  std::optional<Fetched> vehicles;              // page 1 of GET /api/1/vehicles
  std::vector<std::string> more_vehicle_pages;  // pages 2.. (bodies), when the list has more
  std::optional<Fetched> history;               // outcome of the page walk (body unused)
  std::vector<std::string> history_pages;
  std::string history_note;  // said in the charging module when Tesla's total disagrees
};

// Builds the snapshot: results for every module (not_in_package, from_error or ok), then the data
// through tesla::normalize, then prunes modules the package did not buy.
snapshot::VehicleSnapshot assemble_snapshot(const Order& order, const VehicleWork& work,
                                            const AccountWork& account, Timestamp now);

}  // namespace cpt::acquire
