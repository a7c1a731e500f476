#include "cpt/tesla/wire/vehicle_data.h"

#include "cpt/tesla/wire/parse_support.h"

namespace cpt::tesla::wire {
namespace detail {
namespace {

const FieldTable<ChargeState> kChargeStateFields{
    field<&ChargeState::battery_heater_on>("battery_heater_on"),
    field<&ChargeState::battery_level>("battery_level"),
    field<&ChargeState::battery_range>("battery_range"),
    field<&ChargeState::charge_amps>("charge_amps"),
    field<&ChargeState::charge_current_request>("charge_current_request"),
    field<&ChargeState::charge_current_request_max>("charge_current_request_max"),
    field<&ChargeState::charge_enable_request>("charge_enable_request"),
    field<&ChargeState::charge_energy_added>("charge_energy_added"),
    field<&ChargeState::charge_limit_soc>("charge_limit_soc"),
    field<&ChargeState::charge_limit_soc_max>("charge_limit_soc_max"),
    field<&ChargeState::charge_limit_soc_min>("charge_limit_soc_min"),
    field<&ChargeState::charge_limit_soc_std>("charge_limit_soc_std"),
    field<&ChargeState::charge_miles_added_ideal>("charge_miles_added_ideal"),
    field<&ChargeState::charge_miles_added_rated>("charge_miles_added_rated"),
    field<&ChargeState::charge_port_cold_weather_mode>("charge_port_cold_weather_mode"),
    field<&ChargeState::charge_port_color>("charge_port_color"),
    field<&ChargeState::charge_port_door_open>("charge_port_door_open"),
    field<&ChargeState::charge_port_latch>("charge_port_latch"),
    field<&ChargeState::charge_rate>("charge_rate"),
    field<&ChargeState::charge_to_max_range>("charge_to_max_range"),
    field<&ChargeState::charger_actual_current>("charger_actual_current"),
    field<&ChargeState::charger_phases>("charger_phases"),
    field<&ChargeState::charger_pilot_current>("charger_pilot_current"),
    field<&ChargeState::charger_power>("charger_power"),
    field<&ChargeState::charger_voltage>("charger_voltage"),
    field<&ChargeState::charging_state>("charging_state"),
    field<&ChargeState::charging_schedule_override>("charging_schedule_override"),
    field<&ChargeState::conn_charge_cable>("conn_charge_cable"),
    field<&ChargeState::energy_remaining>("energy_remaining"),
    field<&ChargeState::est_battery_range>("est_battery_range"),
    field<&ChargeState::fast_charger_brand>("fast_charger_brand"),
    field<&ChargeState::fast_charger_present>("fast_charger_present"),
    field<&ChargeState::fast_charger_type>("fast_charger_type"),
    field<&ChargeState::ideal_battery_range>("ideal_battery_range"),
    field<&ChargeState::lifetime_energy_used>("lifetime_energy_used"),
    field<&ChargeState::managed_charging_active>("managed_charging_active"),
    field<&ChargeState::managed_charging_start_time>("managed_charging_start_time"),
    field<&ChargeState::managed_charging_user_canceled>("managed_charging_user_canceled"),
    field<&ChargeState::max_range_charge_counter>("max_range_charge_counter"),
    field<&ChargeState::minutes_to_full_charge>("minutes_to_full_charge"),
    field<&ChargeState::module_temp_max>("module_temp_max"),
    field<&ChargeState::module_temp_min>("module_temp_min"),
    field<&ChargeState::not_enough_power_to_heat>("not_enough_power_to_heat"),
    field<&ChargeState::off_peak_charging_enabled>("off_peak_charging_enabled"),
    field<&ChargeState::off_peak_charging_times>("off_peak_charging_times"),
    field<&ChargeState::off_peak_hours_end_time>("off_peak_hours_end_time"),
    field<&ChargeState::preconditioning_enabled>("preconditioning_enabled"),
    field<&ChargeState::preconditioning_times>("preconditioning_times"),
    field<&ChargeState::scheduled_charging_mode>("scheduled_charging_mode"),
    field<&ChargeState::scheduled_charging_pending>("scheduled_charging_pending"),
    field<&ChargeState::scheduled_charging_start_time>("scheduled_charging_start_time"),
    field<&ChargeState::scheduled_charging_start_time_app>("scheduled_charging_start_time_app"),
    field<&ChargeState::scheduled_departure_time>("scheduled_departure_time"),
    field<&ChargeState::scheduled_departure_time_minutes>("scheduled_departure_time_minutes"),
    field<&ChargeState::supercharger_session_trip_planner>("supercharger_session_trip_planner"),
    field<&ChargeState::time_to_full_charge>("time_to_full_charge"),
    field<&ChargeState::timestamp>("timestamp"),
    field<&ChargeState::trip_charging>("trip_charging"),
    field<&ChargeState::usable_battery_level>("usable_battery_level"),
    field<&ChargeState::user_charge_enable_request>("user_charge_enable_request"),
};

const FieldTable<ClimateState> kClimateStateFields{
    field<&ClimateState::allow_cabin_overheat_protection>("allow_cabin_overheat_protection"),
    field<&ClimateState::auto_seat_climate_left>("auto_seat_climate_left"),
    field<&ClimateState::auto_seat_climate_right>("auto_seat_climate_right"),
    field<&ClimateState::auto_steering_wheel_heat>("auto_steering_wheel_heat"),
    field<&ClimateState::battery_heater>("battery_heater"),
    field<&ClimateState::battery_heater_no_power>("battery_heater_no_power"),
    field<&ClimateState::cabin_overheat_protection>("cabin_overheat_protection"),
    field<&ClimateState::cabin_overheat_protection_actively_cooling>(
        "cabin_overheat_protection_actively_cooling"),
    field<&ClimateState::climate_keeper_mode>("climate_keeper_mode"),
    field<&ClimateState::cop_activation_temperature>("cop_activation_temperature"),
    field<&ClimateState::defrost_mode>("defrost_mode"),
    field<&ClimateState::driver_temp_setting>("driver_temp_setting"),
    field<&ClimateState::fan_status>("fan_status"),
    field<&ClimateState::hvac_auto_request>("hvac_auto_request"),
    field<&ClimateState::inside_temp>("inside_temp"),
    field<&ClimateState::is_auto_conditioning_on>("is_auto_conditioning_on"),
    field<&ClimateState::is_climate_on>("is_climate_on"),
    field<&ClimateState::is_front_defroster_on>("is_front_defroster_on"),
    field<&ClimateState::is_preconditioning>("is_preconditioning"),
    field<&ClimateState::is_rear_defroster_on>("is_rear_defroster_on"),
    field<&ClimateState::left_temp_direction>("left_temp_direction"),
    field<&ClimateState::max_avail_temp>("max_avail_temp"),
    field<&ClimateState::min_avail_temp>("min_avail_temp"),
    field<&ClimateState::outside_temp>("outside_temp"),
    field<&ClimateState::passenger_temp_setting>("passenger_temp_setting"),
    field<&ClimateState::remote_heater_control_enabled>("remote_heater_control_enabled"),
    field<&ClimateState::right_temp_direction>("right_temp_direction"),
    field<&ClimateState::seat_fan_front_left>("seat_fan_front_left"),
    field<&ClimateState::seat_fan_front_right>("seat_fan_front_right"),
    field<&ClimateState::seat_heater_left>("seat_heater_left"),
    field<&ClimateState::seat_heater_rear_center>("seat_heater_rear_center"),
    field<&ClimateState::seat_heater_rear_left>("seat_heater_rear_left"),
    field<&ClimateState::seat_heater_rear_right>("seat_heater_rear_right"),
    field<&ClimateState::seat_heater_right>("seat_heater_right"),
    field<&ClimateState::side_mirror_heaters>("side_mirror_heaters"),
    field<&ClimateState::steering_wheel_heat_level>("steering_wheel_heat_level"),
    field<&ClimateState::steering_wheel_heater>("steering_wheel_heater"),
    field<&ClimateState::supports_fan_only_cabin_overheat_protection>(
        "supports_fan_only_cabin_overheat_protection"),
    field<&ClimateState::timestamp>("timestamp"),
    field<&ClimateState::wiper_blade_heater>("wiper_blade_heater"),
};

const FieldTable<DriveState> kDriveStateFields{
    field<&DriveState::active_route_destination>("active_route_destination"),
    field<&DriveState::active_route_latitude>("active_route_latitude"),
    field<&DriveState::active_route_longitude>("active_route_longitude"),
    field<&DriveState::active_route_miles_to_arrival>("active_route_miles_to_arrival"),
    field<&DriveState::active_route_minutes_to_arrival>("active_route_minutes_to_arrival"),
    field<&DriveState::active_route_traffic_minutes_delay>("active_route_traffic_minutes_delay"),
    field<&DriveState::gps_as_of>("gps_as_of"),
    field<&DriveState::heading>("heading"),
    field<&DriveState::latitude>("latitude"),
    field<&DriveState::longitude>("longitude"),
    field<&DriveState::native_latitude>("native_latitude"),
    field<&DriveState::native_location_supported>("native_location_supported"),
    field<&DriveState::native_longitude>("native_longitude"),
    field<&DriveState::native_type>("native_type"),
    field<&DriveState::power>("power"),
    field<&DriveState::shift_state>("shift_state"),
    field<&DriveState::speed>("speed"),
    field<&DriveState::timestamp>("timestamp"),
};

const FieldTable<GuiSettings> kGuiSettingsFields{
    field<&GuiSettings::gui_24_hour_time>("gui_24_hour_time"),
    field<&GuiSettings::gui_charge_rate_units>("gui_charge_rate_units"),
    field<&GuiSettings::gui_distance_units>("gui_distance_units"),
    field<&GuiSettings::gui_range_display>("gui_range_display"),
    field<&GuiSettings::gui_temperature_units>("gui_temperature_units"),
    field<&GuiSettings::gui_tirepressure_units>("gui_tirepressure_units"),
    field<&GuiSettings::show_range_units>("show_range_units"),
    field<&GuiSettings::timestamp>("timestamp"),
};

const FieldTable<ChargeSchedule> kChargeScheduleFields{
    field<&ChargeSchedule::id>("id"),
    field<&ChargeSchedule::name>("name"),
    field<&ChargeSchedule::days_of_week>("days_of_week"),
    field<&ChargeSchedule::enabled>("enabled"),
    field<&ChargeSchedule::start_enabled>("start_enabled"),
    field<&ChargeSchedule::start_time>("start_time"),
    field<&ChargeSchedule::end_enabled>("end_enabled"),
    field<&ChargeSchedule::end_time>("end_time"),
    field<&ChargeSchedule::one_time>("one_time"),
    field<&ChargeSchedule::latitude>("latitude"),
    field<&ChargeSchedule::longitude>("longitude"),
};

const FieldTable<ChargeScheduleData> kChargeScheduleDataFields{
    field<&ChargeScheduleData::charge_schedules>("charge_schedules", kChargeScheduleFields),
    field<&ChargeScheduleData::timestamp>("timestamp"),
    field<&ChargeScheduleData::charge_buffer>("charge_buffer"),
    field<&ChargeScheduleData::max_num_charge_schedules>("max_num_charge_schedules"),
    field<&ChargeScheduleData::next_schedule>("next_schedule"),
    field<&ChargeScheduleData::show_schedule_complete_state>("show_schedule_complete_state"),
};

const FieldTable<PreconditionSchedule> kPreconditionScheduleFields{
    field<&PreconditionSchedule::id>("id"),
    field<&PreconditionSchedule::name>("name"),
    field<&PreconditionSchedule::days_of_week>("days_of_week"),
    field<&PreconditionSchedule::enabled>("enabled"),
    field<&PreconditionSchedule::precondition_time>("precondition_time"),
    field<&PreconditionSchedule::one_time>("one_time"),
    field<&PreconditionSchedule::latitude>("latitude"),
    field<&PreconditionSchedule::longitude>("longitude"),
};

const FieldTable<PreconditioningScheduleData> kPreconditioningScheduleDataFields{
    field<&PreconditioningScheduleData::precondition_schedules>("precondition_schedules",
                                                                kPreconditionScheduleFields),
    field<&PreconditioningScheduleData::timestamp>("timestamp"),
    field<&PreconditioningScheduleData::max_num_precondition_schedules>(
        "max_num_precondition_schedules"),
    field<&PreconditioningScheduleData::next_schedule>("next_schedule"),
};

}  // namespace

const FieldTable<VehicleData> kVehicleDataFields{
    field<&VehicleData::charge_state>("charge_state", kChargeStateFields),
    field<&VehicleData::climate_state>("climate_state", kClimateStateFields),
    field<&VehicleData::drive_state>("drive_state", kDriveStateFields),
    field<&VehicleData::gui_settings>("gui_settings", kGuiSettingsFields),
    field<&VehicleData::vehicle_config>("vehicle_config", kVehicleConfigFields),
    field<&VehicleData::vehicle_state>("vehicle_state", kVehicleStateFields),
    field<&VehicleData::charge_schedule_data>("charge_schedule_data", kChargeScheduleDataFields),
    field<&VehicleData::preconditioning_schedule_data>("preconditioning_schedule_data",
                                                       kPreconditioningScheduleDataFields),
};

void read_vehicle_data(JsonReader& reader, JsonValue object, VehicleData& out) {
  reader.read_fields(object, out, kVehicleDataFields, static_cast<Vehicle&>(out), kVehicleFields);
  finish_vehicle(out);
}

}  // namespace detail

Result<Parsed<VehicleData>> parse_vehicle_data(std::string_view body) {
  return parse_payload<VehicleData>(
      body, [](JsonReader& reader, JsonValue top, VehicleData& out) -> Result<void> {
        detail::PayloadScope payload(reader, top);
        if (!payload.value().is_object()) {
          return std::unexpected(detail::hopeless("vehicle_data", "the payload is not an object"));
        }
        detail::read_vehicle_data(reader, payload.value(), out);
        return {};
      });
}

}  // namespace cpt::tesla::wire
