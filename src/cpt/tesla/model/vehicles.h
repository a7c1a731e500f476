// Tesla's vehicle inventory payloads, typed as Tesla sends them: GET /api/1/vehicles and
// GET /api/1/vehicles/{vin} (GET /api/1/products is in products.h). Every field is optional because
// Tesla omits, nulls or mistypes fields freely. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/time.h"

namespace cpt::tesla {

// `granular_access`: the account's privacy settings for this vehicle.
struct GranularAccess {
  std::optional<bool> hide_private;
};

// One vehicle as the inventory lists it (and the root fields of vehicle_data). The per-vehicle
// tokens and backseat tokens Tesla includes are deliberately not modelled (they stay in the raw
// body only).
struct Vehicle {
  // Exact 64-bit id: taken from `id_s` when present (it survives JavaScript-style clients),
  // else from the integer `id`.
  std::optional<std::int64_t> id;
  std::optional<std::string> id_s;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> vehicle_id;
  std::optional<std::string> vin;
  std::optional<std::string> display_name;
  std::optional<std::string> color;
  std::optional<std::string> access_type;  // "OWNER", "DRIVER"
  // Comma-separated legacy option codes ("AD15,MDL3,..."); null for many newer cars.
  std::optional<std::string> option_codes;
  std::optional<GranularAccess> granular_access;
  std::optional<std::string> state;  // "online", "asleep", "offline"
  std::optional<bool> in_service;
  std::optional<bool> calendar_enabled;
  std::optional<int> api_version;
  std::optional<bool> ble_autopair_enrolled;
  std::optional<std::string> command_signing;  // "allowed", "required", "off"
  std::optional<bool> release_notes_supported;
};

// `pagination` next to the vehicles list.
struct Pagination {
  std::optional<std::int64_t> previous;
  std::optional<std::int64_t> next;
  std::optional<std::int64_t> current;
  std::optional<std::int64_t> per_page;
  std::optional<std::int64_t> count;
  std::optional<std::int64_t> pages;
};

// GET /api/1/vehicles: `response[]`, `pagination` and `count`. `count` may disagree with the
// number of items; trust `vehicles.size()` for what was received.
struct VehicleList {
  std::vector<Vehicle> vehicles;
  std::optional<Pagination> pagination;
  std::optional<std::int64_t> count;
};

// Splits a comma-separated option code string ("AD15,MDL3, PBSB") into trimmed, non-empty codes.
std::vector<std::string> split_option_codes(std::string_view codes);

}  // namespace cpt::tesla
