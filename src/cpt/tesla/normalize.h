// Tesla payloads -> the brand-agnostic VehicleSnapshot. The only place that interprets or
// attributes Tesla data: miles become km, option codes become names, account-wide charging
// sessions are given to the car whose `vin` they name. Pure functions (no I/O); thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/time.h"
#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::tesla::normalize {

// The raw successful bodies fetched for one vehicle in one order (absent = not fetched or failed;
// the acquire layer fills ModuleResults for failures itself). Value type.
struct VehiclePayloads {
  std::string vin;
  std::optional<std::string> vehicle;       // GET /api/1/vehicles/{vin}
  std::optional<std::string> vehicle_data;  // GET .../vehicle_data
  std::optional<std::string> service_data, recent_alerts, release_notes, options, warranty, specs,
      fleet_status;                                 // fleet_status body may hold several VINs
  std::vector<std::string> charging_history_pages;  // account-level pages, ALL vehicles
  std::string region;                               // "na", "eu", "cn" when known
  // The currency of the vehicle's market ("EUR"), when the caller knows it: specs prices carry no
  // currency. Without it, the one currency of this car's charging fees is taken; failing that, the
  // prices stay absent rather than be guessed.
  std::optional<std::string> market_currency;
};

// Fills the data of every module of `snapshot` whose payload is present and sets its
// ModuleResult's outcome (ok, or empty for a successful empty answer), fetched_at and source,
// keeping the calls, cost and HTTP status the caller set. A payload read with warnings is ok, with
// the count in `reason`. Modules without a payload are left as the caller set them. Never fails: a
// payload that does not parse (or names another vehicle) makes its modules `failed`
// (ErrorKind::malformed) with a user-safe reason, and the other modules are still filled.
// Modules and their payloads:
//   identity        vehicle_data and/or vehicle (+ options, specs, the VIN itself)
//   battery, odometer, climate, security, tyres, display, software    vehicle_data
//   options, release_notes, alerts (recent_alerts), service (service_data), warranty,
//   fleet_status    their own payload
//   specs, battery_health    specs
//   charging        charging_history_pages (non-empty = fetched); `invoices` is never touched
void fill_snapshot(const VehiclePayloads& payloads, snapshot::VehicleSnapshot& snapshot,
                   Timestamp fetched_at);

// Charging sessions of exactly this VIN from account-level history pages: partitioned by each
// session's `vin` (compared trimmed and case-insensitively; a session without a vin is never
// attributed to a car) and deduplicated by session id (first seen wins), in page order. A page
// that does not parse is skipped; fill_snapshot instead fails the charging module.
std::vector<snapshot::ChargingSession> sessions_for_vin(std::span<const std::string> pages,
                                                        std::string_view vin);

// "2023.44.30.8" from `car_version` "2023.44.30.8 06f534d46010" (the build hash dropped);
// nullopt for blank text.
std::optional<std::string> software_version(std::string_view car_version);

// "Model 3" from vehicle_config.car_type "model3" ("models"/"models2" -> "Model S", "modelx",
// "modely", "cybertruck"); nullopt for an unknown type.
std::optional<std::string> model_name(std::string_view car_type);

}  // namespace cpt::tesla::normalize
