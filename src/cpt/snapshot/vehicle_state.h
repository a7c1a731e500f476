// What a vehicle says about itself: identity, battery, tyres, climate, security, software and
// keys. Brand-agnostic; canonical units are km, degrees Celsius, bar and kWh.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cpt/core/time.h"

namespace cpt::snapshot {

enum class Drive { awd, rwd, fwd };
enum class DistanceUnit { km, mi };
enum class TemperatureUnit { celsius, fahrenheit };
enum class PressureUnit { bar, psi, kpa };

// One factory option of the vehicle, e.g. {"$PPSB", "Deep Blue Metallic"}. Value type.
struct OptionCode {
  std::string code;
  std::string name;
  std::optional<bool> active;
  std::optional<std::string> color_code;
};

// The vehicle's factory options. Value type.
struct Options {
  std::vector<OptionCode> codes;
};

// Who and what the vehicle is. Value type.
struct Identity {
  std::optional<std::string> display_name;
  std::optional<std::string> make;
  std::optional<std::string> model;  // "Model 3"
  std::optional<int> model_year;
  std::optional<std::string> trim;  // "Long Range All-Wheel Drive"
  std::optional<std::string> paint;
  std::optional<std::string> wheels;
  std::optional<std::string> interior;
  std::optional<Drive> drive;
  std::optional<std::string> charge_port;  // "CCS", "NACS"
  std::optional<std::string> market;       // market or region, e.g. "EU", "US"
  std::optional<std::string> software_version;
  std::optional<std::string> access_type;  // "owner", "driver"
  // How the car was configured at the factory, as the car itself reports it.
  std::optional<std::string> performance_package;  // "Base", "Performance"
  std::optional<std::string> wheel_type;           // the car's wheel code, e.g. "Pinwheel18"
  std::optional<std::string> trim_badging;         // the badge code, e.g. "74d", "p74d"
  std::optional<bool> eu_vehicle;                  // built for the European market
  std::optional<bool> right_hand_drive;
  std::optional<bool> air_suspension;
  std::optional<bool> ludicrous_mode;
  std::optional<bool> seat_cooling;
  std::optional<bool> third_row_seats;
  std::optional<std::string> driver_assist_hardware;  // e.g. "TeslaAP3"
};

// Charge state of the traction battery. Ranges in km. Value type.
struct Battery {
  std::optional<double> level_pct;
  std::optional<double> usable_level_pct;
  std::optional<double> rated_range_km;
  std::optional<double> estimated_range_km;
  std::optional<double> ideal_range_km;
  std::optional<double> charge_limit_pct;
  std::optional<double> default_charge_limit_pct;  // the manufacturer's standard daily limit
  std::optional<std::string> charging_state;       // "disconnected", "charging", "complete", ...
  // The charge in progress (or the last one, while plugged in) and what is scheduled.
  std::optional<int> charger_power_kw;
  std::optional<int> charger_voltage;
  std::optional<int> charger_current_a;
  std::optional<int> charger_phases;
  std::optional<std::string> charge_cable;     // "IEC", "SAE", ...
  std::optional<bool> fast_charger_present;
  std::optional<std::string> fast_charger_type;   // "Supercharger", "CCS", "ACSingleWireCAN", ...
  std::optional<std::string> fast_charger_brand;  // "Tesla", ...
  std::optional<double> charge_rate_km_per_h;     // range added per hour of charging
  std::optional<double> energy_added_kwh;         // in the current or last session
  std::optional<double> range_added_km;           // rated range added in that session
  std::optional<int> minutes_to_full;
  std::optional<std::string> scheduled_charging_mode;  // "off", "start_at", "departure"
  std::optional<bool> scheduled_charging_pending;
  std::optional<Timestamp> scheduled_charging_start;
  std::optional<Timestamp> scheduled_departure;
  std::optional<bool> preconditioning_enabled;    // cabin and battery ready at departure
  std::optional<bool> off_peak_charging_enabled;  // charging moved to off-peak hours
  std::optional<bool> battery_heater_on;
  std::optional<bool> charge_port_open;
  std::optional<std::string> charge_port_latch;  // "Engaged", "Disengaged", ...
  std::optional<int> max_charge_current_a;       // the most the car may draw on AC
  std::optional<double> lifetime_energy_used_kwh;

  // Rated range scaled to a full battery (rated range / level * 100), when both are known and
  // the level is above 1 %.
  std::optional<double> range_at_full_km() const;
};

// Battery health as measured by the manufacturer (state of health and usable capacity).
struct BatteryHealth {
  std::optional<double> soh_pct;
  std::optional<double> capacity_kwh;
  std::optional<Timestamp> measured_at;
};

// Pressure and warnings of one tyre. Value type.
struct TyreReading {
  std::optional<double> pressure_bar;
  bool soft_warning = false;
  bool hard_warning = false;
  std::optional<Timestamp> last_seen;
};

// Tyre pressures per wheel and the recommended cold pressures. Value type.
struct Tyres {
  TyreReading front_left;
  TyreReading front_right;
  TyreReading rear_left;
  TyreReading rear_right;
  std::optional<double> recommended_front_bar;
  std::optional<double> recommended_rear_bar;
};

// Cabin and outside temperature in degrees Celsius. Value type.
struct Climate {
  std::optional<double> inside_c;
  std::optional<double> outside_c;
};

enum class Opening { front_left, front_right, rear_left, rear_right, front_trunk, rear_trunk };

// Locks, sentry and what is open. `open_doors` covers the trunks too; an empty list means all
// closed. Value type.
struct Security {
  std::optional<bool> locked;
  std::optional<bool> sentry_mode;
  std::optional<std::vector<Opening>> open_doors;
  std::optional<std::vector<Opening>> open_windows;  // only the four side positions
  std::optional<bool> valet_mode;
  std::optional<bool> speed_limit_active;
  std::optional<std::string> dashcam_state;  // "Recording", "Unavailable", ...
};

// The odometer in km. Value type.
struct Odometer {
  double km = 0;
};

// The units the driver chose on the car's screen; reports follow them. Value type.
struct DisplayPreferences {
  std::optional<DistanceUnit> distance;
  std::optional<TemperatureUnit> temperature;
  std::optional<PressureUnit> pressure;
};

// Installed software and a pending update. Value type.
struct Software {
  std::optional<std::string> version;
  std::optional<std::string> pending_version;
  std::optional<std::string> update_status;
  std::optional<int> download_pct;  // of the pending update
  std::optional<int> install_pct;
  std::optional<int> expected_install_minutes;
  std::optional<Timestamp> scheduled_install;
};

// One release-note entry. Value type.
struct ReleaseNote {
  std::string title;
  std::optional<std::string> subtitle;
  std::optional<std::string> description;
  std::optional<std::string> version;
};

// Release notes of the installed (or staged) software. Value type.
struct ReleaseNotes {
  std::vector<ReleaseNote> notes;
  std::optional<std::string> deployed_version;
  std::optional<std::string> staged_version;
};

// Keys and connectivity facts the fleet service knows about the vehicle. Value type.
struct FleetStatus {
  std::optional<bool> key_paired;
  std::optional<int> total_keys;
  std::optional<std::string> firmware_version;
  std::optional<bool> command_protocol_required;
  std::optional<std::string> telemetry_version;
  std::optional<bool> discounted_device_data;
};

}  // namespace cpt::snapshot
