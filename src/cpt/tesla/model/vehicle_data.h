// GET /api/1/vehicles/{vin}/vehicle_data, typed as Tesla sends it: the vehicle's root fields plus
// one struct per block (charge_state, climate_state, drive_state, gui_settings, vehicle_config,
// vehicle_state with TPMS, closures, software_update, speed_limit_mode and media_info, and the
// schedule blocks). Distances are in miles, temperatures in °C and pressures in bar, whatever the
// car's display units say. Every field is optional. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/time.h"
#include "cpt/tesla/model/vehicles.h"

namespace cpt::tesla {

// `charge_state`: battery, range and charging (ranges in miles, energy in kWh).
struct ChargeState {
  std::optional<bool> battery_heater_on;
  std::optional<int> battery_level;     // %
  std::optional<double> battery_range;  // rated, miles
  std::optional<int> charge_amps;
  std::optional<int> charge_current_request;
  std::optional<int> charge_current_request_max;
  std::optional<bool> charge_enable_request;
  std::optional<double> charge_energy_added;  // kWh
  std::optional<int> charge_limit_soc;
  std::optional<int> charge_limit_soc_max;
  std::optional<int> charge_limit_soc_min;
  std::optional<int> charge_limit_soc_std;
  std::optional<double> charge_miles_added_ideal;
  std::optional<double> charge_miles_added_rated;
  std::optional<bool> charge_port_cold_weather_mode;
  std::optional<std::string> charge_port_color;
  std::optional<bool> charge_port_door_open;
  std::optional<std::string> charge_port_latch;
  std::optional<double> charge_rate;  // mi/h
  std::optional<bool> charge_to_max_range;
  std::optional<int> charger_actual_current;
  std::optional<int> charger_phases;
  std::optional<int> charger_pilot_current;
  std::optional<int> charger_power;  // kW
  std::optional<int> charger_voltage;
  std::optional<std::string> charging_state;  // Disconnected, Charging, Complete, Stopped, ...
  std::optional<bool> charging_schedule_override;
  std::optional<std::string> conn_charge_cable;
  std::optional<double> energy_remaining;  // kWh
  std::optional<double> est_battery_range;
  std::optional<std::string> fast_charger_brand;
  std::optional<bool> fast_charger_present;
  std::optional<std::string> fast_charger_type;
  std::optional<double> ideal_battery_range;
  std::optional<double> lifetime_energy_used;  // kWh
  std::optional<bool> managed_charging_active;
  std::optional<Timestamp> managed_charging_start_time;
  std::optional<bool> managed_charging_user_canceled;
  std::optional<int> max_range_charge_counter;
  std::optional<int> minutes_to_full_charge;
  std::optional<double> module_temp_max;
  std::optional<double> module_temp_min;
  std::optional<bool> not_enough_power_to_heat;
  std::optional<bool> off_peak_charging_enabled;
  std::optional<std::string> off_peak_charging_times;
  std::optional<int> off_peak_hours_end_time;  // minutes after midnight
  std::optional<bool> preconditioning_enabled;
  std::optional<std::string> preconditioning_times;
  std::optional<std::string> scheduled_charging_mode;
  std::optional<bool> scheduled_charging_pending;
  std::optional<Timestamp> scheduled_charging_start_time;
  std::optional<int> scheduled_charging_start_time_app;  // minutes after midnight
  std::optional<Timestamp> scheduled_departure_time;
  std::optional<int> scheduled_departure_time_minutes;
  std::optional<bool> supercharger_session_trip_planner;
  std::optional<double> time_to_full_charge;  // hours
  std::optional<Timestamp> timestamp;
  std::optional<bool> trip_charging;
  std::optional<int> usable_battery_level;
  std::optional<bool> user_charge_enable_request;
};

// `climate_state`: cabin temperatures (°C) and heaters.
struct ClimateState {
  std::optional<bool> allow_cabin_overheat_protection;
  std::optional<bool> auto_seat_climate_left;
  std::optional<bool> auto_seat_climate_right;
  std::optional<bool> auto_steering_wheel_heat;
  std::optional<bool> battery_heater;
  std::optional<bool> battery_heater_no_power;
  std::optional<std::string> cabin_overheat_protection;
  std::optional<bool> cabin_overheat_protection_actively_cooling;
  std::optional<std::string> climate_keeper_mode;
  std::optional<std::string> cop_activation_temperature;
  std::optional<int> defrost_mode;
  std::optional<double> driver_temp_setting;
  std::optional<int> fan_status;
  std::optional<std::string> hvac_auto_request;
  std::optional<double> inside_temp;
  std::optional<bool> is_auto_conditioning_on;
  std::optional<bool> is_climate_on;
  std::optional<bool> is_front_defroster_on;
  std::optional<bool> is_preconditioning;
  std::optional<bool> is_rear_defroster_on;
  std::optional<int> left_temp_direction;
  std::optional<double> max_avail_temp;
  std::optional<double> min_avail_temp;
  std::optional<double> outside_temp;
  std::optional<double> passenger_temp_setting;
  std::optional<bool> remote_heater_control_enabled;
  std::optional<int> right_temp_direction;
  std::optional<int> seat_fan_front_left;
  std::optional<int> seat_fan_front_right;
  std::optional<int> seat_heater_left;
  std::optional<int> seat_heater_rear_center;
  std::optional<int> seat_heater_rear_left;
  std::optional<int> seat_heater_rear_right;
  std::optional<int> seat_heater_right;
  std::optional<bool> side_mirror_heaters;
  std::optional<int> steering_wheel_heat_level;
  std::optional<bool> steering_wheel_heater;
  std::optional<bool> supports_fan_only_cabin_overheat_protection;
  std::optional<Timestamp> timestamp;
  std::optional<bool> wiper_blade_heater;
};

// `drive_state`: location and motion. Missing entirely unless location was requested and granted.
struct DriveState {
  std::optional<std::string> active_route_destination;
  std::optional<double> active_route_latitude;
  std::optional<double> active_route_longitude;
  std::optional<double> active_route_miles_to_arrival;
  std::optional<double> active_route_minutes_to_arrival;
  std::optional<double> active_route_traffic_minutes_delay;
  std::optional<Timestamp> gps_as_of;
  std::optional<int> heading;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::optional<double> native_latitude;
  std::optional<int> native_location_supported;
  std::optional<double> native_longitude;
  std::optional<std::string> native_type;
  std::optional<int> power;
  std::optional<std::string> shift_state;
  std::optional<double> speed;
  std::optional<Timestamp> timestamp;
};

// `gui_settings`: the units the driver chose for display ("km/hr", "C", "Bar", ...).
struct GuiSettings {
  std::optional<bool> gui_24_hour_time;
  std::optional<std::string> gui_charge_rate_units;
  std::optional<std::string> gui_distance_units;
  std::optional<std::string> gui_range_display;
  std::optional<std::string> gui_temperature_units;
  std::optional<std::string> gui_tirepressure_units;
  std::optional<bool> show_range_units;
  std::optional<Timestamp> timestamp;
};

// `vehicle_config`: how the car was built (model, paint, wheels, hardware).
struct VehicleConfig {
  std::optional<std::string> aux_park_lamps;
  std::optional<int> badge_version;
  std::optional<bool> can_accept_navigation_requests;
  std::optional<bool> can_actuate_trunks;
  std::optional<std::string> car_special_type;
  std::optional<std::string> car_type;  // "model3", "models2", ...
  std::optional<std::string> charge_port_type;
  std::optional<bool> cop_user_set_temp_supported;
  std::optional<bool> dashcam_clip_save_supported;
  std::optional<bool> default_charge_to_max;
  std::optional<std::string> driver_assist;
  std::optional<bool> ece_restrictions;
  std::optional<std::string> efficiency_package;
  std::optional<bool> eu_vehicle;
  std::optional<std::string> exterior_color;
  std::optional<std::string> exterior_trim;
  std::optional<std::string> exterior_trim_override;
  std::optional<bool> has_air_suspension;
  std::optional<bool> has_ludicrous_mode;
  std::optional<bool> has_seat_cooling;
  std::optional<std::string> headlamp_type;
  std::optional<std::string> interior_trim_type;
  std::optional<int> key_version;
  std::optional<bool> motorized_charge_port;
  std::optional<std::string> paint_color_override;
  std::optional<std::string> performance_package;
  std::optional<bool> plg;
  std::optional<bool> pws;
  std::optional<std::string> rear_drive_unit;
  std::optional<int> rear_seat_heaters;
  std::optional<int> rear_seat_type;
  std::optional<bool> rhd;
  std::optional<std::string> roof_color;
  std::optional<int> seat_type;
  std::optional<bool> sentry_preview_supported;
  std::optional<std::string> spoiler_type;
  // An integer in older payloads (0, 1, 2), a boolean in newer ones (read as 1 / 0).
  std::optional<int> sun_roof_installed;
  std::optional<bool> supports_qr_pairing;
  std::optional<std::string> third_row_seats;
  std::optional<Timestamp> timestamp;
  std::optional<std::string> trim_badging;
  std::optional<bool> use_range_badging;
  std::optional<int> utc_offset;  // seconds
  std::optional<bool> webcam_selfie_supported;
  std::optional<bool> webcam_supported;
  std::optional<std::string> wheel_type;
};

// `vehicle_state.media_info`.
struct MediaInfo {
  std::optional<std::string> a2dp_source_name;
  std::optional<double> audio_volume;
  std::optional<double> audio_volume_increment;
  std::optional<double> audio_volume_max;
  std::optional<std::string> media_playback_status;
  std::optional<std::string> now_playing_album;
  std::optional<std::string> now_playing_artist;
  std::optional<std::int64_t> now_playing_duration;  // ms
  std::optional<std::int64_t> now_playing_elapsed;   // ms
  std::optional<std::string> now_playing_source;
  std::optional<std::string> now_playing_station;
  std::optional<std::string> now_playing_title;
};

// `vehicle_state.media_state`.
struct MediaState {
  std::optional<bool> remote_control_enabled;
};

// `vehicle_state.software_update`: a pending or installing update ("" / " " mean none).
struct SoftwareUpdate {
  std::optional<int> download_perc;
  std::optional<int> expected_duration_sec;
  std::optional<int> install_perc;
  std::optional<Timestamp> scheduled_time_ms;
  std::optional<std::string> status;
  std::optional<std::string> version;
};

// `vehicle_state.speed_limit_mode`.
struct SpeedLimitMode {
  std::optional<bool> active;
  std::optional<double> current_limit_mph;
  std::optional<double> max_limit_mph;
  std::optional<double> min_limit_mph;
  std::optional<bool> pin_code_set;
};

// `vehicle_state`: odometer (miles), software, locks, closures (doors df/dr/pf/pr, trunks ft/rt,
// windows, sunroof: 0 = closed), TPMS (bar) and sub-blocks.
struct VehicleState {
  std::optional<int> api_version;
  std::optional<std::string> autopark_state_v2;
  std::optional<std::string> autopark_style;
  std::optional<bool> calendar_supported;
  std::optional<std::string> car_version;  // "2023.44.30.8 06f534d46010": version + build hash
  std::optional<int> center_display_state;
  std::optional<bool> dashcam_clip_save_available;
  std::optional<std::string> dashcam_state;
  std::optional<int> df;
  std::optional<int> dr;
  std::optional<int> fd_window;
  std::optional<std::string> feature_bitmask;
  std::optional<int> fp_window;
  std::optional<int> ft;
  std::optional<int> homelink_device_count;
  std::optional<bool> homelink_nearby;
  std::optional<bool> is_user_present;
  std::optional<std::string> last_autopark_error;
  std::optional<bool> locked;
  std::optional<MediaInfo> media_info;
  std::optional<MediaState> media_state;
  std::optional<bool> notifications_supported;
  std::optional<double> odometer;  // miles
  std::optional<bool> parsed_calendar_supported;
  std::optional<int> pf;
  std::optional<int> pr;
  std::optional<int> rd_window;
  std::optional<bool> remote_start;
  std::optional<bool> remote_start_enabled;
  std::optional<bool> remote_start_supported;
  std::optional<int> rp_window;
  std::optional<int> rt;
  std::optional<int> santa_mode;
  std::optional<bool> sentry_mode;
  std::optional<bool> sentry_mode_available;
  std::optional<bool> service_mode;
  std::optional<bool> service_mode_plus;
  std::optional<bool> smart_summon_available;
  std::optional<SoftwareUpdate> software_update;
  std::optional<SpeedLimitMode> speed_limit_mode;
  std::optional<bool> summon_standby_mode_enabled;
  // `sun_roof_percent_open` (also sent as `vehicle_state_sun_roof_percent_open`).
  std::optional<int> sun_roof_percent_open;
  std::optional<std::string> sun_roof_state;
  std::optional<Timestamp> timestamp;
  std::optional<bool> tpms_hard_warning_fl;
  std::optional<bool> tpms_hard_warning_fr;
  std::optional<bool> tpms_hard_warning_rl;
  std::optional<bool> tpms_hard_warning_rr;
  std::optional<Timestamp> tpms_last_seen_pressure_time_fl;
  std::optional<Timestamp> tpms_last_seen_pressure_time_fr;
  std::optional<Timestamp> tpms_last_seen_pressure_time_rl;
  std::optional<Timestamp> tpms_last_seen_pressure_time_rr;
  std::optional<double> tpms_pressure_fl;  // bar
  std::optional<double> tpms_pressure_fr;
  std::optional<double> tpms_pressure_rl;
  std::optional<double> tpms_pressure_rr;
  std::optional<double> tpms_rcp_front_value;  // recommended cold pressure, bar
  std::optional<double> tpms_rcp_rear_value;
  std::optional<bool> tpms_soft_warning_fl;
  std::optional<bool> tpms_soft_warning_fr;
  std::optional<bool> tpms_soft_warning_rl;
  std::optional<bool> tpms_soft_warning_rr;
  std::optional<bool> valet_mode;
  std::optional<bool> valet_pin_needed;
  std::optional<std::string> vehicle_name;
  std::optional<int> vehicle_self_test_progress;
  std::optional<bool> vehicle_self_test_requested;
  std::optional<bool> webcam_available;
};

// One entry of `charge_schedule_data.charge_schedules`.
struct ChargeSchedule {
  std::optional<std::int64_t> id;
  std::optional<std::string> name;
  std::optional<int> days_of_week;  // bit mask
  std::optional<bool> enabled;
  std::optional<bool> start_enabled;
  std::optional<int> start_time;  // minutes after midnight
  std::optional<bool> end_enabled;
  std::optional<int> end_time;
  std::optional<bool> one_time;
  std::optional<double> latitude;
  std::optional<double> longitude;
};

// `charge_schedule_data` (its timestamp arrives as {"seconds", "nanos"}).
struct ChargeScheduleData {
  std::vector<ChargeSchedule> charge_schedules;
  std::optional<Timestamp> timestamp;
  std::optional<int> charge_buffer;
  std::optional<int> max_num_charge_schedules;
  std::optional<bool> next_schedule;
  std::optional<bool> show_schedule_complete_state;
};

// One entry of `preconditioning_schedule_data.precondition_schedules`.
struct PreconditionSchedule {
  std::optional<std::int64_t> id;
  std::optional<std::string> name;
  std::optional<int> days_of_week;
  std::optional<bool> enabled;
  std::optional<int> precondition_time;  // minutes after midnight
  std::optional<bool> one_time;
  std::optional<double> latitude;
  std::optional<double> longitude;
};

// `preconditioning_schedule_data`.
struct PreconditioningScheduleData {
  std::vector<PreconditionSchedule> precondition_schedules;
  std::optional<Timestamp> timestamp;
  std::optional<int> max_num_precondition_schedules;
  std::optional<bool> next_schedule;
};

// The whole vehicle_data response: the vehicle's root fields (inherited) plus the blocks that
// were requested and returned.
struct VehicleData : Vehicle {
  std::optional<ChargeState> charge_state;
  std::optional<ClimateState> climate_state;
  std::optional<DriveState> drive_state;
  std::optional<GuiSettings> gui_settings;
  std::optional<VehicleConfig> vehicle_config;
  std::optional<VehicleState> vehicle_state;
  std::optional<ChargeScheduleData> charge_schedule_data;
  std::optional<PreconditioningScheduleData> preconditioning_schedule_data;
};

}  // namespace cpt::tesla
