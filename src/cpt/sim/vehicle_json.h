// Builders for vehicle bodies: the vehicle summary (list and root), vehicle_data blocks, and the
// per-vehicle modules (options, warranty, specs, alerts, release notes, service data). Internal.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <string_view>

#include "cpt/sim/world.h"

namespace cpt::sim {

// The object GET /api/1/vehicles lists and GET /api/1/vehicles/{tag} returns.
nlohmann::json vehicle_summary(const Vehicle& vehicle, std::string_view state);

// The vehicle_data blocks Tesla knows (`endpoints` values); location_data/location_state add the
// drive_state location fields, vehicle_data_combo means all.
bool is_vehicle_data_block(std::string_view name);

// What one vehicle_data request asks for.
struct VehicleDataRequest {
  std::set<std::string, std::less<>> blocks;  // empty = Tesla's default set
  bool location = false;                      // location fields allowed and requested
  std::int64_t now_ms = 0;                    // timestamps in the body
};

nlohmann::json vehicle_data(const Vehicle& vehicle, const User& owner, std::string_view state,
                            const VehicleDataRequest& request);

// Per-vehicle modules (their `response` objects).
nlohmann::json options_body(const Vehicle& vehicle);
nlohmann::json warranty_body(const Vehicle& vehicle);
nlohmann::json specs_body(const Vehicle& vehicle);
nlohmann::json alerts_body(const Vehicle& vehicle);
nlohmann::json release_notes_body(const Vehicle& vehicle);  // flat or nested per the vehicle
nlohmann::json service_body(const Vehicle& vehicle);
// A vehicle's firmware without the build hash ("2025.44.25.4").
std::string firmware(const Vehicle& vehicle);

}  // namespace cpt::sim
