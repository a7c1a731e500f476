// The Fleet API detail beyond the headline figures: the charge in progress and its schedule, the
// factory configuration as the car reports it, and a pending update's progress.
#include <gtest/gtest.h>

#include "normalize_test_support.h"

namespace cpt::tesla::normalize {
namespace {

using testing::data_of;
using testing::filled;
using testing::fixture;

// The VIN of the timdorr Model S payload.
constexpr const char* kModelSVin = "5YJSA1E41GF167745";

VehiclePayloads payload(std::string vehicle_data, std::string vin = testing::kHaVin) {
  VehiclePayloads p;
  p.vin = std::move(vin);
  p.vehicle_data = std::move(vehicle_data);
  p.region = "eu";
  return p;
}

TEST(ChargingDetail, AHomeAssistantCarPluggedInKeepsItsCableAndDropsInvalidTexts) {
  const auto b = data_of(filled(payload(fixture("home-assistant/vehicle_data.json"))).battery);
  EXPECT_EQ(b.charge_cable, "IEC");
  EXPECT_EQ(b.fast_charger_present, false);
  EXPECT_EQ(b.fast_charger_type, "ACSingleWireCAN");
  EXPECT_FALSE(b.fast_charger_brand.has_value());  // "<invalid>"
  EXPECT_EQ(b.charger_power_kw, 0);
  EXPECT_EQ(b.scheduled_charging_mode, "off");
  EXPECT_EQ(b.scheduled_charging_pending, false);
  EXPECT_EQ(b.scheduled_departure, from_epoch_seconds(1704837600));
  EXPECT_FALSE(b.scheduled_charging_start.has_value());
  EXPECT_EQ(b.preconditioning_enabled, false);
  EXPECT_EQ(b.off_peak_charging_enabled, false);
  EXPECT_EQ(b.battery_heater_on, false);
  EXPECT_EQ(b.charge_port_open, true);
  EXPECT_EQ(b.charge_port_latch, "Engaged");
  EXPECT_EQ(b.max_charge_current_a, 16);
  EXPECT_EQ(b.lifetime_energy_used_kwh, 20505.629);
}

TEST(ChargingDetail, EnergyAndRangeAddedOfTheLastSessionAreKwhAndKm) {
  const auto b = data_of(
      filled(payload(fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json"), kModelSVin))
          .battery);
  EXPECT_EQ(b.energy_added_kwh, 29.41);
  EXPECT_DOUBLE_EQ(*b.range_added_km, 95.0 * 1.609344);
  EXPECT_FALSE(b.fast_charger_type.has_value());  // "<invalid>"
  EXPECT_FALSE(b.scheduled_charging_mode.has_value());
}

TEST(ChargingDetail, ACarChargingOnAScheduleGetsPowerRateAndCodes) {
  const auto b = data_of(filled(payload(R"({"response": {"vin": "LRWXF7EK4KC700000",
      "charge_state": {"charging_state": "Charging", "charger_power": 11, "charger_voltage": 229,
        "charger_actual_current": 16, "charger_phases": 3, "charge_rate": 31.5,
        "minutes_to_full_charge": 95, "fast_charger_present": true,
        "fast_charger_type": "Supercharger", "fast_charger_brand": "Tesla",
        "scheduled_charging_mode": "StartAt", "scheduled_charging_pending": true,
        "scheduled_charging_start_time": 1705795200, "battery_heater_on": true}}})"))
                             .battery);
  EXPECT_EQ(b.charging_state, "charging");
  EXPECT_EQ(b.charger_power_kw, 11);
  EXPECT_EQ(b.charger_voltage, 229);
  EXPECT_EQ(b.charger_current_a, 16);
  EXPECT_EQ(b.charger_phases, 3);
  EXPECT_DOUBLE_EQ(*b.charge_rate_km_per_h, 31.5 * 1.609344);
  EXPECT_EQ(b.minutes_to_full, 95);
  EXPECT_EQ(b.fast_charger_type, "Supercharger");
  EXPECT_EQ(b.fast_charger_brand, "Tesla");
  EXPECT_EQ(b.scheduled_charging_mode, "start_at");
  EXPECT_EQ(b.scheduled_charging_start, from_epoch_seconds(1705795200));
  EXPECT_EQ(b.battery_heater_on, true);
  const auto depart = data_of(
      filled(payload(R"({"response": {"charge_state": {"scheduled_charging_mode": "DepartBy"}}})"))
          .battery);
  EXPECT_EQ(depart.scheduled_charging_mode, "depart_by");
}

TEST(VehicleConfiguration, PackageBadgeWheelsMarketAndSteeringSideComeFromVehicleConfig) {
  const auto id = data_of(filled(payload(fixture("home-assistant/vehicle_data.json"))).identity);
  EXPECT_EQ(id.performance_package, "Base");
  EXPECT_EQ(id.trim_badging, "74d");
  EXPECT_EQ(id.wheel_type, "Pinwheel18CapKit");
  EXPECT_EQ(id.eu_vehicle, true);
  EXPECT_EQ(id.right_hand_drive, true);
  EXPECT_EQ(id.air_suspension, false);
  EXPECT_EQ(id.third_row_seats, false);  // "None"
  EXPECT_EQ(id.driver_assist_hardware, "TeslaAP3");
  const auto s = data_of(
      filled(payload(fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json"), kModelSVin))
          .identity);
  EXPECT_FALSE(s.performance_package.has_value());
  EXPECT_EQ(s.trim_badging, "p90d");
  EXPECT_EQ(s.eu_vehicle, false);
  EXPECT_EQ(s.right_hand_drive, false);
}

TEST(SecurityDetail, ValetModeSpeedLimitAndDashcamComeFromVehicleState) {
  const auto sec = data_of(filled(payload(fixture("home-assistant/vehicle_data.json"))).security);
  EXPECT_EQ(sec.valet_mode, false);
  EXPECT_EQ(sec.speed_limit_active, false);
  EXPECT_EQ(sec.dashcam_state, "Recording");
  const auto s = data_of(
      filled(payload(fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json"), kModelSVin))
          .security);
  EXPECT_FALSE(s.dashcam_state.has_value());
  const auto x = data_of(filled(payload(R"({"response": {"vehicle_config": {"third_row_seats":
      "FuturisFoldFlat", "has_air_suspension": true}}})"))
                             .identity);
  EXPECT_EQ(x.third_row_seats, true);
  EXPECT_EQ(x.air_suspension, true);
}

TEST(UpdateProgress, APendingUpdateKeepsItsProgressAndDurationInMinutes) {
  const auto sw = data_of(filled(payload(fixture("home-assistant/vehicle_data.json"))).software);
  EXPECT_EQ(sw.pending_version, "2024.12.0.0");
  EXPECT_EQ(sw.download_pct, 100);
  EXPECT_EQ(sw.install_pct, 1);
  EXPECT_EQ(sw.expected_install_minutes, 45);  // 2700 s
}

TEST(UpdateProgress, WithoutAPendingUpdateProgressIsLeftOut) {
  // software_update {"status": "", "version": "", "install_perc": 1, ...}: nothing pending.
  const auto sw = data_of(
      filled(payload(fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json"), kModelSVin))
          .software);
  EXPECT_FALSE(sw.pending_version.has_value());
  EXPECT_FALSE(sw.download_pct.has_value());
  EXPECT_FALSE(sw.install_pct.has_value());
  EXPECT_FALSE(sw.expected_install_minutes.has_value());
}

}  // namespace
}  // namespace cpt::tesla::normalize
