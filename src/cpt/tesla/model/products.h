// GET /api/1/products, typed as Tesla sends it: the account's vehicles (as vehicle_data-shaped
// objects, since the listing carries blocks such as vehicle_config) and its energy sites. Value
// types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cpt/tesla/model/vehicle_data.h"

namespace cpt::tesla {

// An energy product (Powerwall, solar) from /api/1/products, kept minimal: CPT reports vehicles.
struct EnergySite {
  std::optional<std::int64_t> energy_site_id;
  std::optional<std::string> id;  // a string here, unlike a vehicle's id
  std::optional<std::string> resource_type;
  std::optional<std::string> site_name;
  std::optional<std::string> gateway_id;
  std::optional<std::string> battery_type;
  std::optional<double> energy_left;
  std::optional<double> total_pack_energy;
  std::optional<double> percentage_charged;
  std::optional<bool> backup_capable;
};

// GET /api/1/products: the account's vehicles (with whatever blocks the listing includes, e.g.
// vehicle_config) and energy sites.
struct Products {
  std::vector<VehicleData> vehicles;
  std::vector<EnergySite> energy_sites;
  std::optional<std::int64_t> count;
};

}  // namespace cpt::tesla
