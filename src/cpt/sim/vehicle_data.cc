#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cpt/sim/vehicle_json.h"

namespace cpt::sim {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 11> kBlocks = {
    "charge_state",   "climate_state", "closures_state",       "drive_state",
    "gui_settings",   "location_data", "charge_schedule_data", "preconditioning_schedule_data",
    "vehicle_config", "vehicle_state", "vehicle_data_combo"};

double round_to(double x, double step) {
  return std::round(x / step) * step;
}

// A stable per-vehicle variation in [0, n): bodies depend on the vehicle only, never on timing.
int facet(const Vehicle& v, int salt, int n) {
  auto x =
      static_cast<std::uint64_t>(v.id) ^ (static_cast<std::uint64_t>(salt) * 0x9E3779B97F4A7C15ULL);
  x ^= x >> 29;
  return static_cast<int>(x % static_cast<std::uint64_t>(n));
}

std::string option_codes(const Vehicle& v) {
  std::string out;
  for (const auto& o : v.options) {
    if (!out.empty()) out += ',';
    out += o.code.substr(o.code.front() == '$' ? 1 : 0);
  }
  return out;
}

json charge_state(const Vehicle& v, std::int64_t now_ms) {
  static constexpr std::string_view kStates[] = {"Disconnected", "Charging", "Complete", "Stopped"};
  const std::string_view charging = kStates[facet(v, 1, 4)];
  const bool plugged = charging != "Disconnected";
  const bool active = charging == "Charging";
  const bool eu = v.market != "US";
  const int amps = eu ? 16 : 32;
  const double range = v.battery_range_mi;
  const int limit = facet(v, 2, 2) == 0 ? 80 : 90;
  const double added = plugged ? round_to(5.0 + facet(v, 3, 300) / 10.0, 0.01) : 0.0;
  return {{"battery_heater_on", false},
          {"battery_level", v.battery_level},
          {"battery_range", range},
          {"charge_amps", amps},
          {"charge_current_request", amps},
          {"charge_current_request_max", amps},
          {"charge_enable_request", true},
          {"charge_energy_added", added},
          {"charge_limit_soc", limit},
          {"charge_limit_soc_max", 100},
          {"charge_limit_soc_min", 50},
          {"charge_limit_soc_std", 80},
          {"charge_miles_added_ideal", round_to(added * 4.4, 0.5)},
          {"charge_miles_added_rated", round_to(added * 4.4, 0.5)},
          {"charge_port_cold_weather_mode", false},
          {"charge_port_color", active ? "Green" : "Off"},
          {"charge_port_door_open", plugged},
          {"charge_port_latch", "Engaged"},
          {"charge_rate", active ? 32.5 : 0.0},
          {"charger_actual_current", active ? amps : 0},
          {"charger_phases", active && eu ? json(3) : json(nullptr)},
          {"charger_pilot_current", amps},
          {"charger_power", active ? (eu ? 11 : 7) : 0},
          {"charger_voltage", active ? (eu ? 230 : 240) : 2},
          {"charging_state", charging},
          {"conn_charge_cable", plugged ? (eu ? "IEC" : "SAE") : "<invalid>"},
          {"est_battery_range", round_to(range * 0.93, 0.01)},
          {"fast_charger_brand", "<invalid>"},
          {"fast_charger_present", false},
          {"fast_charger_type", plugged ? "ACSingleWireCAN" : "<invalid>"},
          {"ideal_battery_range", range},
          {"max_range_charge_counter", 0},
          {"minutes_to_full_charge", active ? 95 : 0},
          {"not_enough_power_to_heat", nullptr},
          {"off_peak_charging_enabled", false},
          {"off_peak_charging_times", "all_week"},
          {"off_peak_hours_end_time", 360},
          {"preconditioning_enabled", false},
          {"preconditioning_times", "weekdays"},
          {"scheduled_charging_mode", "Off"},
          {"scheduled_charging_pending", false},
          {"scheduled_charging_start_time", nullptr},
          {"scheduled_departure_time", 1770787800},
          {"scheduled_departure_time_minutes", 450},
          // The seed lists these two in a table of their own after vehicle_config; they are
          // about Supercharging, so they live here.
          {"supercharger_payment_needed", "false"},
          {"supercharger_session_trip_planner", false},
          {"supercharging_enabled", true},
          {"time_to_full_charge", active ? 1.58 : 0.0},
          {"timestamp", now_ms},
          {"trip_charging", false},
          {"usable_battery_level", std::max(0, v.battery_level - 1)},
          {"user_charge_enable_request", nullptr}};
}

json climate_state(const Vehicle& v, std::int64_t now_ms) {
  const double outside = round_to(-8.0 + facet(v, 4, 300) / 10.0, 0.5);
  return {{"allow_cabin_overheat_protection", true},
          {"auto_seat_climate_left", false},
          {"auto_seat_climate_right", false},
          {"auto_steering_wheel_heat", false},
          {"battery_heater", false},
          {"battery_heater_no_power", nullptr},
          {"cabin_overheat_protection", "On"},
          {"cabin_overheat_protection_actively_cooling", false},
          {"climate_keeper_mode", "off"},
          {"cop_activation_temperature", "High"},
          {"defrost_mode", 0},
          {"driver_temp_setting", 21.5},
          {"fan_status", 0},
          {"hvac_auto_request", "On"},
          {"inside_temp", round_to(outside + 8.0, 0.5)},
          {"is_auto_conditioning_on", false},
          {"is_climate_on", false},
          {"is_front_defroster_on", false},
          {"is_preconditioning", false},
          {"is_rear_defroster_on", false},
          {"left_temp_direction", 0},
          {"max_avail_temp", 28.0},
          {"min_avail_temp", 15.0},
          {"outside_temp", outside},
          {"passenger_temp_setting", 21.5},
          {"remote_heater_control_enabled", false},
          {"right_temp_direction", 0},
          {"seat_fan_front_left", 0},
          {"seat_fan_front_right", 0},
          {"seat_heater_left", 0},
          {"seat_heater_rear_left", 0},
          {"seat_heater_rear_right", 0},
          {"seat_heater_right", 0},
          {"side_mirror_heaters", false},
          {"steering_wheel_heat_level", 0},
          {"steering_wheel_heater", false},
          {"supports_fan_only_cabin_overheat_protection", true},
          {"timestamp", now_ms},
          {"wiper_blade_heater", false}};
}

json drive_state(const Vehicle& v, std::int64_t now_ms, bool location) {
  json d = {{"gps_as_of", now_ms / 1000 - 60},
            {"native_location_supported", 1},
            {"native_type", "wgs"},
            {"power", 0},
            {"shift_state", nullptr},
            {"speed", nullptr},
            {"timestamp", now_ms}};
  if (location) {
    d["latitude"] = v.latitude;
    d["longitude"] = v.longitude;
    d["native_latitude"] = v.latitude;
    d["native_longitude"] = v.longitude;
    d["heading"] = facet(v, 5, 360);
    d["active_route_latitude"] = v.latitude;
    d["active_route_longitude"] = v.longitude;
    d["active_route_traffic_minutes_delay"] = 0;
  }
  return d;
}

json gui_settings(const Vehicle& v, std::int64_t now_ms) {
  return {{"gui_24_hour_time", v.market != "US"},
          {"gui_charge_rate_units", v.metric ? "kW" : "mi/hr"},
          {"gui_distance_units", v.metric ? "km/hr" : "mi/hr"},
          {"gui_range_display", "Rated"},
          {"gui_temperature_units", v.metric ? "C" : "F"},
          {"gui_tirepressure_units", v.metric ? "Bar" : "Psi"},
          {"show_range_units", false},
          {"timestamp", now_ms}};
}

json vehicle_config(const Vehicle& v, std::int64_t now_ms) {
  const bool eu = v.market == "EU";
  const bool sx = v.car_type == "models" || v.car_type == "modelx";
  return {{"aux_park_lamps", eu ? "Eu" : "NaPremium"},
          {"badge_version", 1},
          {"can_accept_navigation_requests", true},
          {"can_actuate_trunks", true},
          {"car_special_type", "base"},
          {"car_type", v.car_type},
          {"charge_port_type", eu ? "CCS" : (v.market == "CN" ? "GB" : "US")},
          {"cop_user_set_temp_supported", true},
          {"dashcam_clip_save_supported", true},
          {"default_charge_to_max", false},
          {"driver_assist", "TeslaAP4"},
          {"ece_restrictions", eu},
          {"efficiency_package", v.car_type == "model3" ? "M3_2024" : "Default"},
          {"eu_vehicle", eu},
          {"exterior_color", v.exterior_color},
          {"exterior_trim", "Black"},
          {"exterior_trim_override", ""},
          {"has_air_suspension", sx},
          {"has_ludicrous_mode", false},
          {"has_seat_cooling", facet(v, 6, 2) == 0},
          {"headlamp_type", "Global"},
          {"interior_trim_type", "Black2"},
          {"key_version", 2},
          {"motorized_charge_port", true},
          {"paint_color_override", ""},
          {"performance_package", v.trim_badging.starts_with("p") ? "Performance" : "Base"},
          {"plg", true},
          {"pws", true},
          {"rear_drive_unit", "PM216MOSFET"},
          {"rear_seat_heaters", 1},
          {"rear_seat_type", 0},
          {"rhd", v.country == "GB" || v.country == "AU"},
          {"roof_color", "RoofColorGlass"},
          {"seat_type", nullptr},
          {"sentry_preview_supported", false},
          {"spoiler_type", "None"},
          {"sun_roof_installed", nullptr},
          {"supports_qr_pairing", false},
          {"third_row_seats", v.car_type == "modelx" ? "FuturisFoldFlat" : "None"},
          {"timestamp", now_ms},
          {"trim_badging", v.trim_badging},
          {"use_range_badging", true},
          {"utc_offset", v.utc_offset_s},
          {"webcam_selfie_supported", true},
          {"webcam_supported", true},
          {"wheel_type", v.wheel_type}};
}

json closures(const Vehicle& v) {
  const int open_trunk = facet(v, 7, 10) == 0 ? 1 : 0;
  return {{"df", 0},
          {"dr", 0},
          {"pf", 0},
          {"pr", 0},
          {"ft", 0},
          {"rt", open_trunk},
          {"fd_window", 0},
          {"fp_window", 0},
          {"rd_window", 0},
          {"rp_window", 0},
          {"locked", open_trunk == 0},
          {"is_user_present", false}};
}

json vehicle_state(const Vehicle& v, std::int64_t now_ms) {
  json s = closures(v);
  const double front = v.car_type == "model3" ? 2.9 : 3.1;
  const bool low_fr = facet(v, 8, 5) == 0;
  const std::int64_t seen = now_ms / 1000 - 300;
  s.update({{"api_version", 90},
            {"autopark_state_v2", "unavailable"},
            {"calendar_supported", true},
            {"car_version", v.car_version},
            {"center_display_state", 0},
            {"dashcam_clip_save_available", true},
            {"dashcam_state", "Recording"},
            {"feature_bitmask", "fbdffbff,7f"},
            {"homelink_nearby", false},
            {"media_info",
             {{"a2dp_source_name", "iPhone (Sim)"},
              {"audio_volume", 2.0},
              {"audio_volume_increment", 0.333333},
              {"audio_volume_max", 10.333333},
              {"media_playback_status", "Stopped"},
              {"now_playing_album", ""},
              {"now_playing_artist", ""},
              {"now_playing_duration", 0},
              {"now_playing_elapsed", 0},
              {"now_playing_source", "13"},
              {"now_playing_station", v.market == "EU" ? "Radio Suomipop" : "KQED"},
              {"now_playing_title", "Hit Music Only!"}}},
            {"notifications_supported", true},
            {"odometer", v.odometer_mi},
            {"parsed_calendar_supported", true},
            {"remote_start", false},
            {"remote_start_enabled", true},
            {"remote_start_supported", true},
            {"santa_mode", 0},
            {"sentry_mode", facet(v, 9, 2) == 0},
            {"sentry_mode_available", true},
            {"service_mode", false},
            {"service_mode_plus", false},
            {"software_update",
             {{"download_perc", 0},
              {"expected_duration_sec", 2700},
              {"install_perc", 1},
              {"status", ""},
              {"version", " "}}},
            {"speed_limit_mode",
             {{"active", false},
              {"current_limit_mph", 85.0},
              {"max_limit_mph", 120.0},
              {"min_limit_mph", 50.0},
              {"pin_code_set", false}}},
            {"timestamp", now_ms},
            {"tpms_hard_warning_fl", false},
            {"tpms_hard_warning_fr", false},
            {"tpms_hard_warning_rl", false},
            {"tpms_hard_warning_rr", false},
            {"tpms_last_seen_pressure_time_fl", seen},
            {"tpms_last_seen_pressure_time_fr", seen},
            {"tpms_last_seen_pressure_time_rl", seen},
            {"tpms_last_seen_pressure_time_rr", seen},
            {"tpms_pressure_fl", front - 0.15},
            {"tpms_pressure_fr", low_fr ? front - 0.6 : front - 0.25},
            {"tpms_pressure_rl", front - 0.175},
            {"tpms_pressure_rr", front - 0.225},
            {"tpms_rcp_front_value", front},
            {"tpms_rcp_rear_value", front},
            {"tpms_soft_warning_fl", false},
            {"tpms_soft_warning_fr", low_fr},
            {"tpms_soft_warning_rl", false},
            {"tpms_soft_warning_rr", false},
            {"valet_mode", false},
            {"valet_pin_needed", true},
            {"vehicle_name", v.display_name},
            {"vehicle_self_test_progress", 0},
            {"vehicle_self_test_requested", false},
            {"webcam_available", true}});
  return s;
}

json schedule_block(const char* list_key, std::int64_t now_ms) {
  return {{list_key, json::array()},
          {"next_schedule", false},
          {"max_num_charge_schedules", 10},
          {"timestamp", now_ms}};
}

}  // namespace

bool is_vehicle_data_block(std::string_view name) {
  if (name == "location_state") return true;
  for (auto b : kBlocks) {
    if (b == name) return true;
  }
  return false;
}

json vehicle_summary(const Vehicle& v, std::string_view state) {
  return {{"id", v.id},
          {"vehicle_id", v.vehicle_id},
          {"vin", v.vin},
          {"color", nullptr},
          {"access_type", "OWNER"},
          {"display_name", v.display_name},
          {"option_codes", state == "online" ? json(option_codes(v)) : json(nullptr)},
          {"granular_access", {{"hide_private", false}}},
          {"tokens", json::array()},
          {"state", state},
          {"in_service", false},
          {"id_s", std::to_string(v.id)},
          {"calendar_enabled", true},
          {"api_version", 90},
          {"backseat_token", nullptr},
          {"backseat_token_updated_at", nullptr},
          {"ble_autopair_enrolled", false}};
}

json vehicle_data(const Vehicle& v, const User& owner, std::string_view state,
                  const VehicleDataRequest& request) {
  json body = vehicle_summary(v, state);
  body["user_id"] =
      static_cast<std::int64_t>(std::hash<std::string>{}(owner.id) % 1'000'000'000'000ULL);
  const auto& b = request.blocks;
  const bool all = b.empty() || b.contains("vehicle_data_combo");
  auto want = [&](std::string_view name) { return all || b.contains(name); };
  const auto now = request.now_ms;
  if (want("charge_state")) body["charge_state"] = charge_state(v, now);
  if (want("climate_state")) body["climate_state"] = climate_state(v, now);
  const bool asked_location = b.contains("location_data") || b.contains("location_state");
  // Without an explicit list some cars leave drive_state out (seen in production); asking for
  // drive_state or location brings it back. Location fields need the vehicle_location scope.
  const bool drive = b.empty() ? v.drive_state_by_default : (want("drive_state") || asked_location);
  if (drive) body["drive_state"] = drive_state(v, now, request.location && asked_location);
  if (want("gui_settings")) body["gui_settings"] = gui_settings(v, now);
  if (want("vehicle_config")) body["vehicle_config"] = vehicle_config(v, now);
  if (want("vehicle_state")) {
    body["vehicle_state"] = vehicle_state(v, now);
  } else if (b.contains("closures_state")) {
    body["vehicle_state"] = closures(v);
    body["vehicle_state"]["timestamp"] = now;
  }
  if (!b.empty() && want("charge_schedule_data")) {
    body["charge_schedule_data"] = schedule_block("charge_schedules", now);
  }
  if (!b.empty() && want("preconditioning_schedule_data")) {
    body["preconditioning_schedule_data"] = schedule_block("precondition_schedules", now);
  }
  return body;
}

}  // namespace cpt::sim
