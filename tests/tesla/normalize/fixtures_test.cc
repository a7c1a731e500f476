// Real vehicle_data payloads (public fixtures) normalized into snapshots, with concrete values.
#include <gtest/gtest.h>

#include "cpt/core/units.h"
#include "normalize_test_support.h"

namespace cpt::tesla::normalize {
namespace {

using snapshot::ModuleOutcome;
using snapshot::Opening;
using testing::data_of;
using testing::filled;
using testing::fixture;

VehiclePayloads ha(const char* file) {
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = fixture(std::string("home-assistant/") + file);
  p.region = "eu";
  return p;
}

TEST(HomeAssistantFixture, BatteryRangesAreConvertedFromMilesToKm) {
  const auto snap = filled(ha("vehicle_data.json"));
  const auto& b = data_of(snap.battery);
  EXPECT_EQ(b.level_pct, 77.0);
  EXPECT_EQ(b.usable_level_pct, 77.0);
  EXPECT_DOUBLE_EQ(*b.rated_range_km, 266.87 * 1.609344);
  EXPECT_NEAR(*b.rated_range_km, 429.48, 0.01);
  EXPECT_DOUBLE_EQ(*b.estimated_range_km, 275.04 * 1.609344);
  EXPECT_DOUBLE_EQ(*b.ideal_range_km, 266.87 * 1.609344);
  EXPECT_EQ(b.charge_limit_pct, 80.0);
  EXPECT_EQ(b.default_charge_limit_pct, 80.0);
  EXPECT_EQ(b.charging_state, "stopped");
  EXPECT_NEAR(*b.range_at_full_km(), 557.77, 0.01);
}

TEST(HomeAssistantFixture, OdometerIsKm) {
  const auto snap = filled(ha("vehicle_data.json"));
  EXPECT_DOUBLE_EQ(data_of(snap.odometer).km, 6481.019282 * 1.609344);
  EXPECT_NEAR(data_of(snap.odometer).km, 10430.19, 0.01);
}

TEST(HomeAssistantFixture, DisplayPreferencesFollowGuiSettings) {
  const auto d = data_of(filled(ha("vehicle_data.json")).display);
  EXPECT_EQ(d.distance, snapshot::DistanceUnit::km);  // "km/hr"
  EXPECT_EQ(d.temperature, snapshot::TemperatureUnit::celsius);
  EXPECT_EQ(d.pressure, snapshot::PressureUnit::psi);
}

TEST(HomeAssistantFixture, SoftwareDropsTheBuildHashAndKeepsThePendingUpdate) {
  const auto snap = filled(ha("vehicle_data.json"));
  const auto& s = data_of(snap.software);
  EXPECT_EQ(s.version, "2023.44.30.8");
  EXPECT_EQ(s.pending_version, "2024.12.0.0");
  EXPECT_EQ(s.update_status, "available");
  EXPECT_EQ(data_of(snap.identity).software_version, "2023.44.30.8");
}

TEST(HomeAssistantFixture, IdentityComesFromVehicleConfigAndVin) {
  const auto id = data_of(filled(ha("vehicle_data.json")).identity);
  EXPECT_EQ(id.make, "Tesla");
  EXPECT_EQ(id.model, "Model 3");  // car_type wins over the VIN's fourth character ('X')
  EXPECT_EQ(id.model_year, 2019);  // 'K' at position 10
  EXPECT_EQ(id.display_name, "Test");
  EXPECT_EQ(id.access_type, "owner");
  EXPECT_EQ(id.market, "EU");
  EXPECT_EQ(id.charge_port, "CCS");
  // Without the options module the vehicle_config codes stand in.
  EXPECT_EQ(id.trim, "74d");
  EXPECT_EQ(id.drive, snapshot::Drive::awd);
  EXPECT_EQ(id.paint, "DeepBlue");
  EXPECT_EQ(id.wheels, "Pinwheel18CapKit");
  EXPECT_EQ(id.interior, "White2");
}

TEST(HomeAssistantFixture, TyrePressuresInBarWithRecommendationsAndLastSeen) {
  const auto t = data_of(filled(ha("vehicle_data.json")).tyres);
  EXPECT_DOUBLE_EQ(*t.front_left.pressure_bar, 2.775);
  EXPECT_DOUBLE_EQ(*t.front_right.pressure_bar, 2.8);
  EXPECT_DOUBLE_EQ(*t.rear_left.pressure_bar, 2.775);
  EXPECT_DOUBLE_EQ(*t.rear_right.pressure_bar, 2.775);
  EXPECT_DOUBLE_EQ(*t.recommended_front_bar, 2.9);
  EXPECT_DOUBLE_EQ(*t.recommended_rear_bar, 2.9);
  EXPECT_FALSE(t.front_left.soft_warning);
  EXPECT_FALSE(t.rear_right.hard_warning);
  EXPECT_EQ(t.front_left.last_seen->epoch_seconds(), 1705700812);
  EXPECT_EQ(t.rear_right.last_seen->epoch_seconds(), 1705700823);
}

TEST(HomeAssistantFixture, ClimateAndSecurity) {
  const auto snap = filled(ha("vehicle_data.json"));
  EXPECT_EQ(data_of(snap.climate).inside_c, 29.8);
  EXPECT_EQ(data_of(snap.climate).outside_c, 30.0);
  const auto& sec = data_of(snap.security);
  EXPECT_EQ(sec.locked, false);
  EXPECT_EQ(sec.sentry_mode, false);
  ASSERT_TRUE(sec.open_doors.has_value());
  EXPECT_TRUE(sec.open_doors->empty());
  ASSERT_TRUE(sec.open_windows.has_value());
  EXPECT_TRUE(sec.open_windows->empty());
}

TEST(HomeAssistantFixture, EveryVehicleDataModuleIsOkWithItsSourceAndTime) {
  const auto snap = filled(ha("vehicle_data.json"));
  for (auto id :
       {snapshot::ModuleId::identity, snapshot::ModuleId::battery, snapshot::ModuleId::odometer,
        snapshot::ModuleId::climate, snapshot::ModuleId::security, snapshot::ModuleId::tyres,
        snapshot::ModuleId::display, snapshot::ModuleId::software}) {
    const auto& r = snap.result(id);
    EXPECT_EQ(r.outcome, ModuleOutcome::ok) << to_string(id);
    EXPECT_EQ(r.source, "vehicle_data") << to_string(id);
    EXPECT_EQ(r.fetched_at, testing::fetch_time()) << to_string(id);
    EXPECT_EQ(r.reason, "") << to_string(id);
  }
  EXPECT_EQ(snap.vin, testing::kHaVin);
}

TEST(HomeAssistantAltFixture, OpenWindowsAndTrunksAreListed) {
  const auto sec = data_of(filled(ha("vehicle_data_alt.json")).security);
  ASSERT_TRUE(sec.open_doors.has_value());
  EXPECT_EQ(*sec.open_doors, (std::vector<Opening>{Opening::front_trunk, Opening::rear_trunk}));
  ASSERT_TRUE(sec.open_windows.has_value());
  // A right-hand-drive car: the driver's windows are on the right.
  EXPECT_EQ(*sec.open_windows, (std::vector<Opening>{Opening::front_right, Opening::front_left,
                                                     Opening::rear_right, Opening::rear_left}));
}

TEST(HomeAssistantAltFixture, BlankPendingVersionMeansNoUpdate) {
  const auto s = data_of(filled(ha("vehicle_data_alt.json")).software);
  EXPECT_EQ(s.version, "2023.44.30.8");
  EXPECT_FALSE(s.pending_version.has_value());  // " "
  EXPECT_FALSE(s.update_status.has_value());    // ""
}

TEST(HomeAssistantAltFixture, AnUnreadableFieldIsNotedOnItsModuleOnly) {
  // charge_state.minutes_to_full_charge is "bad value".
  const auto snap = filled(ha("vehicle_data_alt.json"));
  EXPECT_EQ(snap.battery.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.battery.result.reason,
            "1 value in Tesla's answer could not be read and was left out.");
  EXPECT_EQ(data_of(snap.battery).level_pct, 77.0);
  EXPECT_EQ(snap.tyres.result.reason, "");
  EXPECT_EQ(snap.software.result.reason, "");
}

TEST(TimdorrModelS2020, MilesFahrenheitAndTheModelS) {
  VehiclePayloads p;
  p.vin = "5YJSA1E41GF167745";
  p.vehicle_data = fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json");
  p.region = "na";
  const auto snap = filled(p);
  const auto& id = data_of(snap.identity);
  EXPECT_EQ(id.model, "Model S");  // car_type "models2"
  EXPECT_EQ(id.model_year, 2016);  // 'G'
  EXPECT_EQ(id.display_name, "Nikola 2.0");
  EXPECT_EQ(id.trim, "p90d");
  EXPECT_EQ(id.drive, snapshot::Drive::awd);
  EXPECT_EQ(id.charge_port, "US");
  EXPECT_EQ(id.market, "NA");  // eu_vehicle false, account region na
  EXPECT_EQ(id.paint, "White");
  EXPECT_EQ(id.wheels, "AeroTurbine19");
  EXPECT_EQ(id.software_version, "2020.36.16");

  const auto& d = data_of(snap.display);
  EXPECT_EQ(d.distance, snapshot::DistanceUnit::mi);  // "mi/hr"
  EXPECT_EQ(d.temperature, snapshot::TemperatureUnit::fahrenheit);
  EXPECT_FALSE(d.pressure.has_value());

  // Temperatures arrive in °C whatever the display says; ranges and odometer in miles.
  EXPECT_EQ(data_of(snap.climate).inside_c, 27.0);
  EXPECT_DOUBLE_EQ(*data_of(snap.battery).rated_range_km, 224.81 * 1.609344);
  EXPECT_DOUBLE_EQ(*data_of(snap.battery).ideal_range_km, 281.02 * 1.609344);
  EXPECT_EQ(data_of(snap.battery).charging_state, "complete");
  EXPECT_NEAR(data_of(snap.odometer).km, 92553.14, 0.01);
  EXPECT_FALSE(data_of(snap.software).pending_version.has_value());
}

TEST(TimdorrModelS2020, NoTpmsDataMakesTyresEmpty) {
  VehiclePayloads p;
  p.vin = "5YJSA1E41GF167745";
  p.vehicle_data = fixture("timdorr-tesla-api/vehicle_data_model_s_2020.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.tyres.result.outcome, ModuleOutcome::empty);
  EXPECT_EQ(snap.tyres.result.source, "vehicle_data");
  // No windows are reported by this 2020 payload, but doors and trunks are.
  const auto& sec = data_of(snap.security);
  EXPECT_TRUE(sec.open_doors.has_value());
  EXPECT_FALSE(sec.open_windows.has_value());
}

}  // namespace
}  // namespace cpt::tesla::normalize
