// vehicle_data blocks -> battery, odometer, climate, security, tyres, display and software.
#include <cctype>
#include <utility>

#include "cpt/core/units.h"
#include "cpt/tesla/normalize.h"
#include "cpt/tesla/normalize_detail.h"

namespace cpt::tesla::normalize {
namespace detail {
namespace {

std::optional<double> km_from_miles(const std::optional<double>& miles) {
  if (!miles) return std::nullopt;
  return units::miles_to_km(*miles);
}

std::optional<double> as_double(const std::optional<int>& value) {
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

snapshot::TyreReading tyre(const std::optional<double>& pressure, const std::optional<bool>& soft,
                           const std::optional<bool>& hard,
                           const std::optional<Timestamp>& last_seen) {
  snapshot::TyreReading reading;
  reading.pressure_bar = pressure;
  reading.soft_warning = soft.value_or(false);
  reading.hard_warning = hard.value_or(false);
  reading.last_seen = last_seen;
  return reading;
}

bool has_data(const snapshot::TyreReading& t) {
  return t.pressure_bar || t.soft_warning || t.hard_warning || t.last_seen;
}

// The openings whose state is known and non-zero (0 = closed); nullopt when none is known.
struct OpeningState {
  const std::optional<int>& state;
  snapshot::Opening opening;
};
std::optional<std::vector<snapshot::Opening>> open_ones(std::initializer_list<OpeningState> all) {
  std::optional<std::vector<snapshot::Opening>> open;
  for (const auto& [state, opening] : all) {
    if (!state) continue;
    if (!open) open.emplace();
    if (*state != 0) open->push_back(opening);
  }
  return open;
}

// Tesla fills unknown text fields of charge_state with "<invalid>" (no cable, no fast charger).
std::optional<std::string> known(const std::optional<std::string>& text) {
  auto value = nonblank(text);
  if (value && iequals(*value, "<invalid>")) return std::nullopt;
  return value;
}

// "StartAt" -> "start_at", "DepartBy" -> "depart_by", "Off" -> "off": codes for the catalog.
std::optional<std::string> schedule_mode(const std::optional<std::string>& mode) {
  auto value = known(mode);
  if (!value) return std::nullopt;
  std::string out;
  for (char c : *value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isupper(u) && !out.empty()) out.push_back('_');
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

// The charge in progress and what is scheduled (charge_rate and range added arrive in miles).
void add_charging_detail(const ChargeState& charge, snapshot::Battery& out) {
  out.charger_power_kw = charge.charger_power;
  out.charger_voltage = charge.charger_voltage;
  out.charger_current_a = charge.charger_actual_current;
  out.charger_phases = charge.charger_phases;
  out.charge_cable = known(charge.conn_charge_cable);
  out.fast_charger_present = charge.fast_charger_present;
  out.fast_charger_type = known(charge.fast_charger_type);
  out.fast_charger_brand = known(charge.fast_charger_brand);
  out.charge_rate_km_per_h = km_from_miles(charge.charge_rate);
  out.energy_added_kwh = charge.charge_energy_added;
  out.range_added_km = km_from_miles(charge.charge_miles_added_rated);
  out.minutes_to_full = charge.minutes_to_full_charge;
  out.scheduled_charging_mode = schedule_mode(charge.scheduled_charging_mode);
  out.scheduled_charging_pending = charge.scheduled_charging_pending;
  out.scheduled_charging_start = charge.scheduled_charging_start_time;
  out.scheduled_departure = charge.scheduled_departure_time;
  out.preconditioning_enabled = charge.preconditioning_enabled;
  out.off_peak_charging_enabled = charge.off_peak_charging_enabled;
  out.battery_heater_on = charge.battery_heater_on;
  out.charge_port_open = charge.charge_port_door_open;
  out.charge_port_latch = known(charge.charge_port_latch);
  out.max_charge_current_a = charge.charge_current_request_max;
  out.lifetime_energy_used_kwh = charge.lifetime_energy_used;
}

}  // namespace

snapshot::Battery battery(const ChargeState& charge) {
  snapshot::Battery out;
  out.level_pct = as_double(charge.battery_level);
  out.usable_level_pct = as_double(charge.usable_battery_level);
  // Tesla reports every range in miles, whatever the car's display units say.
  out.rated_range_km = km_from_miles(charge.battery_range);
  out.estimated_range_km = km_from_miles(charge.est_battery_range);
  out.ideal_range_km = km_from_miles(charge.ideal_battery_range);
  out.charge_limit_pct = as_double(charge.charge_limit_soc);
  out.default_charge_limit_pct = as_double(charge.charge_limit_soc_std);
  if (auto state = nonblank(charge.charging_state)) out.charging_state = to_lower(*state);
  add_charging_detail(charge, out);
  return out;
}

std::optional<snapshot::Odometer> odometer(const VehicleState& state) {
  if (!state.odometer) return std::nullopt;
  return snapshot::Odometer{units::miles_to_km(*state.odometer)};
}

snapshot::Climate climate(const ClimateState& climate) {
  return snapshot::Climate{climate.inside_temp, climate.outside_temp};
}

snapshot::Security security(const VehicleState& state, bool right_hand_drive) {
  using snapshot::Opening;
  const Opening driver_front = right_hand_drive ? Opening::front_right : Opening::front_left;
  const Opening driver_rear = right_hand_drive ? Opening::rear_right : Opening::rear_left;
  const Opening passenger_front = right_hand_drive ? Opening::front_left : Opening::front_right;
  const Opening passenger_rear = right_hand_drive ? Opening::rear_left : Opening::rear_right;
  snapshot::Security out;
  out.locked = state.locked;
  out.sentry_mode = state.sentry_mode;
  out.valet_mode = state.valet_mode;
  if (state.speed_limit_mode) out.speed_limit_active = state.speed_limit_mode->active;
  out.dashcam_state = known(state.dashcam_state);
  out.open_doors = open_ones({{state.df, driver_front},
                              {state.pf, passenger_front},
                              {state.dr, driver_rear},
                              {state.pr, passenger_rear},
                              {state.ft, Opening::front_trunk},
                              {state.rt, Opening::rear_trunk}});
  out.open_windows = open_ones({{state.fd_window, driver_front},
                                {state.fp_window, passenger_front},
                                {state.rd_window, driver_rear},
                                {state.rp_window, passenger_rear}});
  return out;
}

snapshot::Tyres tyres(const VehicleState& s) {
  snapshot::Tyres out;
  out.front_left = tyre(s.tpms_pressure_fl, s.tpms_soft_warning_fl, s.tpms_hard_warning_fl,
                        s.tpms_last_seen_pressure_time_fl);
  out.front_right = tyre(s.tpms_pressure_fr, s.tpms_soft_warning_fr, s.tpms_hard_warning_fr,
                         s.tpms_last_seen_pressure_time_fr);
  out.rear_left = tyre(s.tpms_pressure_rl, s.tpms_soft_warning_rl, s.tpms_hard_warning_rl,
                       s.tpms_last_seen_pressure_time_rl);
  out.rear_right = tyre(s.tpms_pressure_rr, s.tpms_soft_warning_rr, s.tpms_hard_warning_rr,
                        s.tpms_last_seen_pressure_time_rr);
  out.recommended_front_bar = s.tpms_rcp_front_value;
  out.recommended_rear_bar = s.tpms_rcp_rear_value;
  return out;
}

snapshot::DisplayPreferences display(const GuiSettings& gui) {
  snapshot::DisplayPreferences out;
  if (auto distance = nonblank(gui.gui_distance_units)) {
    // "km/hr" and "mi/hr": the speed unit names the distance unit.
    if (icontains(*distance, "km")) {
      out.distance = snapshot::DistanceUnit::km;
    } else if (icontains(*distance, "mi")) {
      out.distance = snapshot::DistanceUnit::mi;
    }
  }
  if (auto temperature = nonblank(gui.gui_temperature_units)) {
    if (iequals(*temperature, "C")) out.temperature = snapshot::TemperatureUnit::celsius;
    if (iequals(*temperature, "F")) out.temperature = snapshot::TemperatureUnit::fahrenheit;
  }
  if (auto pressure = nonblank(gui.gui_tirepressure_units)) {
    if (iequals(*pressure, "bar")) out.pressure = snapshot::PressureUnit::bar;
    if (iequals(*pressure, "psi")) out.pressure = snapshot::PressureUnit::psi;
    if (iequals(*pressure, "kpa")) out.pressure = snapshot::PressureUnit::kpa;
  }
  return out;
}

snapshot::Software software(const VehicleState& state) {
  snapshot::Software out;
  if (state.car_version) out.version = software_version(*state.car_version);
  if (state.software_update) {
    // " " and "" mean that no update is pending.
    if (state.software_update->version) {
      out.pending_version = software_version(*state.software_update->version);
    }
    if (auto status = nonblank(state.software_update->status)) out.update_status = *status;
    // Progress and timing only mean something while an update is pending.
    if (out.pending_version || out.update_status) {
      const SoftwareUpdate& update = *state.software_update;
      out.download_pct = update.download_perc;
      out.install_pct = update.install_perc;
      if (update.expected_duration_sec) {
        out.expected_install_minutes = (*update.expected_duration_sec + 59) / 60;
      }
      out.scheduled_install = update.scheduled_time_ms;
    }
  }
  return out;
}

bool has_data(const snapshot::Battery& v) {
  return v.level_pct || v.usable_level_pct || v.rated_range_km || v.estimated_range_km ||
         v.ideal_range_km || v.charge_limit_pct || v.default_charge_limit_pct || v.charging_state;
}

bool has_data(const snapshot::Climate& v) {
  return v.inside_c || v.outside_c;
}

bool has_data(const snapshot::Security& v) {
  return v.locked || v.sentry_mode || v.open_doors || v.open_windows;
}

bool has_data(const snapshot::Tyres& v) {
  return has_data(v.front_left) || has_data(v.front_right) || has_data(v.rear_left) ||
         has_data(v.rear_right) || v.recommended_front_bar || v.recommended_rear_bar;
}

bool has_data(const snapshot::DisplayPreferences& v) {
  return v.distance || v.temperature || v.pressure;
}

bool has_data(const snapshot::Software& v) {
  return v.version || v.pending_version || v.update_status;
}

}  // namespace detail

std::optional<std::string> software_version(std::string_view car_version) {
  const std::string_view text = detail::trim(car_version);
  if (text.empty()) return std::nullopt;
  // "2023.44.30.8 06f534d46010": the build hash follows the first space.
  return std::string(text.substr(0, text.find_first_of(" \t")));
}

}  // namespace cpt::tesla::normalize
