// The small per-vehicle modules, typed as Tesla sends them: service_data, recent_alerts,
// release_notes, dx/vehicles/options, dx/warranty/details and vehicles/fleet_status. Every field is
// optional. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/time.h"

namespace cpt::tesla {

// GET /api/1/vehicles/{vin}/service_data: often `{}` (no service visit).
struct ServiceData {
  std::optional<std::string> service_status;  // "car_in_repair"
  std::optional<Timestamp> service_etc;       // estimated completion
  std::optional<std::string> service_visit_number;
  std::optional<int> status_id;

  bool empty() const {
    return !service_status && !service_etc && !service_visit_number && !status_id;
  }
};

// One entry of `recent_alerts[]`.
struct Alert {
  std::optional<std::string> name;  // "UI_a212_AEBSFaulted"
  std::optional<Timestamp> time;
  std::vector<std::string> audience;  // "service-fix", "customer", ...
  std::optional<std::string> user_text;
};

// GET /api/1/vehicles/{vin}/recent_alerts.
struct RecentAlerts {
  std::vector<Alert> alerts;
};

// One entry of `release_notes[]`.
struct ReleaseNote {
  std::optional<std::string> title;
  std::optional<std::string> subtitle;
  std::optional<std::string> description;
  std::optional<std::string> customer_version;
  std::optional<std::string> icon;
  std::optional<bool> show_in_history;
  std::optional<std::string> image_url;
  std::optional<std::string> light_image_url;
  std::optional<bool> is_fallback;
};

// GET /api/1/vehicles/{vin}/release_notes, flat (`response.release_notes`) or wrapped twice
// (`response.response.release_notes`). `deployed_version` arrives as a string or an integer.
struct ReleaseNotes {
  std::vector<ReleaseNote> release_notes;
  std::optional<std::string> deployed_version;
  std::optional<std::string> staged_version;
  std::optional<std::string> release_notes_version;
};

// One entry of `codes[]` from GET /api/1/dx/vehicles/options.
struct OptionCode {
  std::optional<std::string> code;          // "$PPSW"
  std::optional<std::string> display_name;  // displayName
  std::optional<bool> is_active;            // isActive
  std::optional<std::string> color_code;    // colorCode
};

// GET /api/1/dx/vehicles/options?vin=: `codes[]`, with or without the response envelope.
struct VehicleOptions {
  std::vector<OptionCode> codes;
};

// One warranty of GET /api/1/dx/warranty/details.
struct Warranty {
  std::optional<std::string> warranty_type;          // warrantyType: NEW_MFG_WARRANTY, ...
  std::optional<std::string> warranty_display_name;  // warrantyDisplayName
  std::optional<Timestamp> expiration_date;          // expirationDate
  std::optional<double> expiration_odometer;         // expirationOdometer
  std::optional<std::string> odometer_unit;          // odometerUnit: "MI", "KM"
  std::optional<Timestamp> warranty_expired_on;      // warrantyExpiredOn
  std::optional<double> coverage_age_in_years;       // coverageAgeInYears
};

// GET /api/1/dx/warranty/details?vin=, with or without the response envelope.
struct WarrantyDetails {
  std::vector<Warranty> active;    // activeWarranty
  std::vector<Warranty> upcoming;  // upcomingWarranty
  std::vector<Warranty> expired;   // expiredWarranty
};

// `vehicle_info[vin]` of fleet_status.
struct FleetVehicleInfo {
  std::optional<std::string> firmware_version;
  std::optional<bool> vehicle_command_protocol_required;
  std::optional<bool> discounted_device_data;  // only for single-VIN requests
  std::optional<std::string> fleet_telemetry_version;
  std::optional<int> total_number_of_keys;
  std::optional<bool> safety_screen_streaming_toggle_enabled;
};

// POST /api/1/vehicles/fleet_status.
struct FleetStatus {
  std::vector<std::string> key_paired_vins;
  std::vector<std::string> unpaired_vins;
  std::map<std::string, FleetVehicleInfo, std::less<>> vehicle_info;  // keyed by VIN
};

}  // namespace cpt::tesla
