// The public fixtures (real payloads from other projects): each parses, with concrete values.
#include <gtest/gtest.h>

#include "cpt/tesla/wire/errors.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"
#include "wire_test_support.h"

namespace cpt::tesla::wire {
namespace {

using testing::fixture;
using testing::must;

TEST(HomeAssistantVehicleData, ReadsRootFieldsAndKeepsTheRawBody) {
  const std::string body = fixture("home-assistant/vehicle_data.json");
  auto p = must(parse_vehicle_data(body));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.raw, body);
  const VehicleData& v = p.value;
  EXPECT_EQ(v.id, 1234);
  EXPECT_EQ(v.id_s, "1234");
  EXPECT_EQ(v.vin, "LRWXF7EK4KC700000");
  EXPECT_EQ(v.state, "online");
  EXPECT_EQ(v.access_type, "OWNER");
  EXPECT_EQ(v.api_version, 71);
  EXPECT_FALSE(v.color.has_value());
  ASSERT_TRUE(v.granular_access.has_value());
  EXPECT_EQ(v.granular_access->hide_private, false);
  EXPECT_FALSE(v.charge_schedule_data.has_value());
}

TEST(HomeAssistantVehicleData, ReadsChargeStateWithInvalidPlaceholdersAbsent) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data.json")));
  ASSERT_TRUE(p.value.charge_state.has_value());
  const ChargeState& c = *p.value.charge_state;
  EXPECT_EQ(c.battery_level, 77);
  EXPECT_EQ(c.usable_battery_level, 77);
  EXPECT_DOUBLE_EQ(*c.battery_range, 266.87);
  EXPECT_DOUBLE_EQ(*c.est_battery_range, 275.04);
  EXPECT_EQ(c.charging_state, "Stopped");
  EXPECT_EQ(c.conn_charge_cable, "IEC");
  EXPECT_FALSE(c.charge_port_color.has_value());   // "<invalid>"
  EXPECT_FALSE(c.fast_charger_brand.has_value());  // "<invalid>"
  EXPECT_EQ(c.fast_charger_type, "ACSingleWireCAN");
  EXPECT_FALSE(c.charger_phases.has_value());
  EXPECT_EQ(c.charge_limit_soc, 80);
  EXPECT_EQ(c.off_peak_hours_end_time, 900);
  EXPECT_DOUBLE_EQ(*c.lifetime_energy_used, 20505.629);
  EXPECT_DOUBLE_EQ(*c.module_temp_min, 16.5);
  EXPECT_EQ(c.timestamp->epoch_millis(), 1705707520649);
  EXPECT_EQ(c.scheduled_departure_time->epoch_seconds(), 1704837600);
  EXPECT_FALSE(c.scheduled_charging_start_time.has_value());
}

TEST(HomeAssistantVehicleData, ReadsClimateDriveAndGuiSettings) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data.json")));
  const VehicleData& v = p.value;
  EXPECT_DOUBLE_EQ(*v.climate_state->inside_temp, 29.8);
  EXPECT_DOUBLE_EQ(*v.climate_state->outside_temp, 30.0);
  EXPECT_EQ(v.climate_state->climate_keeper_mode, "keep");
  EXPECT_EQ(v.climate_state->seat_heater_rear_center, 0);
  ASSERT_TRUE(v.drive_state.has_value());
  EXPECT_DOUBLE_EQ(*v.drive_state->latitude, -30.222626);
  EXPECT_EQ(v.drive_state->heading, 185);
  EXPECT_EQ(v.drive_state->power, -7);
  EXPECT_EQ(v.drive_state->active_route_destination, "Home");
  EXPECT_EQ(v.drive_state->gps_as_of->epoch_seconds(), 1701129612);
  EXPECT_FALSE(v.drive_state->shift_state.has_value());
  EXPECT_FALSE(v.drive_state->speed.has_value());
  // Display units say km/hr while odometer and ranges stay in miles.
  EXPECT_EQ(v.gui_settings->gui_distance_units, "km/hr");
  EXPECT_EQ(v.gui_settings->gui_temperature_units, "C");
  EXPECT_EQ(v.gui_settings->gui_tirepressure_units, "Psi");
  EXPECT_EQ(v.gui_settings->gui_24_hour_time, false);
}

TEST(HomeAssistantVehicleData, ReadsVehicleConfig) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data.json")));
  const VehicleConfig& c = *p.value.vehicle_config;
  EXPECT_EQ(c.car_type, "model3");
  EXPECT_EQ(c.trim_badging, "74d");
  EXPECT_EQ(c.exterior_color, "DeepBlue");
  EXPECT_EQ(c.wheel_type, "Pinwheel18CapKit");
  EXPECT_EQ(c.rhd, true);
  EXPECT_EQ(c.sun_roof_installed, 1);  // sent as the boolean true
  EXPECT_EQ(c.utc_offset, 36000);
  EXPECT_FALSE(c.exterior_trim_override.has_value());  // ""
  EXPECT_FALSE(c.seat_type.has_value());               // null
  EXPECT_EQ(c.paint_color_override, "0,9,25,0.7,0.04");
}

TEST(HomeAssistantVehicleData, ReadsVehicleStateWithTpmsAndMedia) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data.json")));
  const VehicleState& s = *p.value.vehicle_state;
  EXPECT_EQ(s.car_version, "2023.44.30.8 06f534d46010");
  EXPECT_DOUBLE_EQ(*s.odometer, 6481.019282);
  EXPECT_EQ(s.locked, false);
  EXPECT_EQ(s.dashcam_state, "Recording");
  EXPECT_EQ(s.feature_bitmask, "fbdffbff,187f");
  EXPECT_DOUBLE_EQ(*s.tpms_pressure_fl, 2.775);
  EXPECT_DOUBLE_EQ(*s.tpms_pressure_fr, 2.8);
  EXPECT_DOUBLE_EQ(*s.tpms_rcp_front_value, 2.9);
  EXPECT_EQ(s.tpms_last_seen_pressure_time_fl->epoch_seconds(), 1705700812);
  EXPECT_EQ(s.tpms_soft_warning_rr, false);
  EXPECT_EQ(s.sun_roof_state, "open");
  EXPECT_EQ(s.sun_roof_percent_open, 20);  // from vehicle_state_sun_roof_percent_open
  ASSERT_TRUE(s.media_info.has_value());
  EXPECT_EQ(s.media_info->now_playing_title, "Chapter 51: Cybertruck: Tesla, 2018\u20132019");
  EXPECT_EQ(s.media_info->now_playing_duration, 651000);
  EXPECT_DOUBLE_EQ(*s.media_info->audio_volume_max, 10.333333);
  EXPECT_EQ(s.media_state->remote_control_enabled, true);
  EXPECT_EQ(s.software_update->status, "available");
  EXPECT_EQ(s.software_update->version, "2024.12.0.0");
  EXPECT_EQ(s.software_update->download_perc, 100);
  EXPECT_DOUBLE_EQ(*s.speed_limit_mode->current_limit_mph, 69.0);
  EXPECT_EQ(s.speed_limit_mode->pin_code_set, true);
}

TEST(HomeAssistantVehicleDataAlt, BadValueBecomesAbsentWithOneWarningAtItsPath) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data_alt.json")));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].path, "response.charge_state.minutes_to_full_charge");
  EXPECT_FALSE(p.value.charge_state->minutes_to_full_charge.has_value());
  EXPECT_EQ(p.value.charge_state->battery_level, 77);
}

TEST(HomeAssistantVehicleDataAlt, NullsAndBlanksAreAbsent) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data_alt.json")));
  const VehicleData& v = p.value;
  EXPECT_FALSE(v.charge_state->time_to_full_charge.has_value());
  EXPECT_FALSE(v.charge_state->timestamp.has_value());
  EXPECT_EQ(v.charge_state->user_charge_enable_request, true);
  EXPECT_FALSE(v.vehicle_state->software_update->version.has_value());  // " "
  EXPECT_FALSE(v.vehicle_state->software_update->status.has_value());   // ""
  EXPECT_FALSE(v.vehicle_state->media_info->now_playing_title.has_value());
  EXPECT_EQ(v.vehicle_state->media_info->now_playing_source, "Spotify");
  EXPECT_FALSE(v.vehicle_config->sun_roof_installed.has_value());
  EXPECT_EQ(v.vehicle_state->fd_window, 1);
  EXPECT_EQ(v.vehicle_state->is_user_present, true);
}

TEST(HomeAssistantVehicleDataAlt, ReadsChargeScheduleDataWithSecondsNanosTimestamp) {
  auto p = must(parse_vehicle_data(fixture("home-assistant/vehicle_data_alt.json")));
  ASSERT_TRUE(p.value.charge_schedule_data.has_value());
  const ChargeScheduleData& d = *p.value.charge_schedule_data;
  EXPECT_TRUE(d.charge_schedules.empty());
  EXPECT_EQ(d.timestamp->epoch_millis(), 1788552190085);
  EXPECT_EQ(d.charge_buffer, 6);
  EXPECT_EQ(d.max_num_charge_schedules, 100);
  EXPECT_EQ(d.next_schedule, false);
  EXPECT_EQ(d.show_schedule_complete_state, true);
}

TEST(TimdorrVehicleData, KeepsTheIdAbove2To53Exact) {
  auto p = must(parse_vehicle_data(fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json")));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.value.id, 26640707449551857);
  EXPECT_EQ(p.value.id_s, "26640707449551857");
  EXPECT_EQ(p.value.vehicle_id, 1817902171);
  EXPECT_EQ(p.value.user_id, 1023);
  EXPECT_EQ(p.value.display_name, "Nikola 2.0");
}

TEST(TimdorrVehicleData, ReadsLegacyModelSFields) {
  auto p = must(parse_vehicle_data(fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json")));
  const VehicleData& v = p.value;
  EXPECT_EQ(v.vehicle_config->sun_roof_installed, 2);
  EXPECT_EQ(v.vehicle_config->car_type, "models2");
  EXPECT_EQ(v.vehicle_config->seat_type, 2);
  EXPECT_EQ(v.vehicle_config->trim_badging, "p90d");
  EXPECT_EQ(v.gui_settings->gui_distance_units, "mi/hr");
  EXPECT_EQ(v.gui_settings->gui_temperature_units, "F");
  EXPECT_EQ(v.charge_state->battery_level, 90);
  EXPECT_EQ(v.charge_state->charging_state, "Complete");
  EXPECT_DOUBLE_EQ(*v.charge_state->charge_energy_added, 29.41);
  EXPECT_EQ(v.charge_state->charge_to_max_range, false);
  EXPECT_FALSE(v.charge_state->fast_charger_type.has_value());
  EXPECT_FALSE(v.charge_state->charge_port_cold_weather_mode.has_value());
  EXPECT_EQ(v.vehicle_state->car_version, "2020.36.16 3e9e4e8dd287");
  EXPECT_DOUBLE_EQ(*v.vehicle_state->odometer, 57509.856033);
  EXPECT_EQ(v.vehicle_state->sun_roof_percent_open, 0);
  EXPECT_EQ(v.vehicle_state->homelink_device_count, 2);
  EXPECT_FALSE(v.vehicle_state->software_update->version.has_value());
  EXPECT_FALSE(v.vehicle_state->tpms_pressure_fl.has_value());
  EXPECT_EQ(v.climate_state->left_temp_direction, -223);
  EXPECT_DOUBLE_EQ(*v.climate_state->driver_temp_setting, 22.8);
  EXPECT_DOUBLE_EQ(*v.drive_state->latitude, 3.972);
  auto codes = split_option_codes(*v.option_codes);
  ASSERT_EQ(codes.size(), 41u);
  EXPECT_EQ(codes.front(), "AD15");
  EXPECT_EQ(codes.back(), "CDM0");
}

TEST(TimdorrReleaseNotes, ReadsDeployedVersionStringAndNullStagedVersion) {
  auto p = must(parse_release_notes(fixture("timdorr-tesla-api/release_notes.json")));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.value.deployed_version, "2022.40.4.2");
  EXPECT_FALSE(p.value.staged_version.has_value());
  ASSERT_EQ(p.value.release_notes.size(), 1u);
  EXPECT_EQ(p.value.release_notes[0].title, "Feature 1");
  EXPECT_EQ(p.value.release_notes[0].subtitle, "A bit more info");
  EXPECT_EQ(p.value.release_notes[0].customer_version, "2022.40");
  EXPECT_TRUE(p.value.release_notes[0].image_url->starts_with("https://vehicle-files.teslamotors"));
}

TEST(TimdorrError400, ReadsInvalidEndpoint) {
  auto e = parse_error_body(fixture("timdorr-tesla-api/error_400_invalid_endpoint.json"));
  EXPECT_TRUE(e.json);
  EXPECT_FALSE(e.empty);
  EXPECT_EQ(e.error, "invalid_endpoint");
  EXPECT_FALSE(e.error_description.has_value());
  EXPECT_FALSE(e.base_url.has_value());
}

TEST(VehicleCommandError421, ExtractsTheBaseUrlDespiteLeadingTabs) {
  auto e = parse_error_body(fixture("vehicle-command/error_421_out_of_region.json"));
  EXPECT_TRUE(e.json);
  EXPECT_EQ(e.base_url, "https://fleet-api.prd.na.vn.cloud.tesla.com");
  EXPECT_TRUE(e.error->starts_with("user out of region"));
}

TEST(HomeAssistantProducts, ReadsTheAsleepVehicleWithNullOptionCodes) {
  auto p = must(parse_products(fixture("home-assistant/products.json")));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.vehicles.size(), 1u);
  const VehicleData& v = p.value.vehicles[0];
  EXPECT_EQ(v.vin, "LRW3F7EK4NC700000");
  EXPECT_EQ(v.state, "asleep");
  EXPECT_FALSE(v.option_codes.has_value());
  EXPECT_EQ(v.display_name, "Test");
  EXPECT_EQ(v.command_signing, "allowed");
  EXPECT_EQ(v.release_notes_supported, true);
  ASSERT_TRUE(v.vehicle_config.has_value());
  EXPECT_EQ(v.vehicle_config->car_type, "model3");
  EXPECT_FALSE(v.charge_state.has_value());
  EXPECT_EQ(p.value.count, 3);
}

TEST(HomeAssistantProducts, KeepsEnergySitesMinimal) {
  auto p = must(parse_products(fixture("home-assistant/products.json")));
  ASSERT_EQ(p.value.energy_sites.size(), 2u);
  const EnergySite& site = p.value.energy_sites[0];
  EXPECT_EQ(site.energy_site_id, 123456);
  EXPECT_EQ(site.id, "ABC123");  // a string id, unlike the vehicle's
  EXPECT_EQ(site.site_name, "Energy Site");
  EXPECT_EQ(site.battery_type, "ac_powerwall");
  EXPECT_DOUBLE_EQ(*site.percentage_charged, 57.068192488868476);
  EXPECT_EQ(site.backup_capable, true);
  EXPECT_EQ(p.value.energy_sites[1].energy_site_id, 98765);
  EXPECT_FALSE(p.value.energy_sites[1].site_name.has_value());
}

}  // namespace
}  // namespace cpt::tesla::wire
