// The individual mapping rules: versions, models, drive, option families, doors and windows,
// display units, warranty units, market, and fleet status pairing.
#include <gtest/gtest.h>

#include "cpt/core/vin.h"
#include "cpt/tesla/normalize_detail.h"
#include "normalize_test_support.h"

namespace cpt::tesla::normalize {
namespace {

using snapshot::Drive;
using snapshot::Opening;

TEST(SoftwareVersion, DropsTheBuildHash) {
  EXPECT_EQ(software_version("2023.44.30.8 06f534d46010"), "2023.44.30.8");
  EXPECT_EQ(software_version(" 2024.2.7 "), "2024.2.7");
  EXPECT_EQ(software_version("2020.36.16\t3e9e4e8dd287"), "2020.36.16");
  EXPECT_FALSE(software_version(" ").has_value());
  EXPECT_FALSE(software_version("").has_value());
}

TEST(ModelName, FromCarType) {
  EXPECT_EQ(model_name("model3"), "Model 3");
  EXPECT_EQ(model_name("models"), "Model S");
  EXPECT_EQ(model_name("models2"), "Model S");
  EXPECT_EQ(model_name("modelx"), "Model X");
  EXPECT_EQ(model_name("ModelY"), "Model Y");
  EXPECT_EQ(model_name("cybertruck"), "Cybertruck");
  EXPECT_FALSE(model_name("roadster").has_value());
  EXPECT_FALSE(model_name("").has_value());
}

TEST(DriveFromText, TrimWordsAndCodes) {
  using detail::drive_from_text;
  EXPECT_EQ(drive_from_text("Long Range All-Wheel Drive"), Drive::awd);
  EXPECT_EQ(drive_from_text("Model 3 Performance Dual Motor"), Drive::awd);
  EXPECT_EQ(drive_from_text("Plaid Tri Motor All-Wheel Drive"), Drive::awd);
  EXPECT_EQ(drive_from_text("Standard Range Plus Rear-Wheel Drive"), Drive::rwd);
  EXPECT_EQ(drive_from_text("AWD"), Drive::awd);
  EXPECT_EQ(drive_from_text("rwd"), Drive::rwd);
  EXPECT_EQ(drive_from_text("FWD"), Drive::fwd);
  EXPECT_FALSE(drive_from_text("Long Range").has_value());
}

OptionCode code(const char* c, std::optional<std::string> color = std::nullopt) {
  OptionCode option;
  option.code = c;
  option.color_code = std::move(color);
  return option;
}

TEST(OptionFamily, ByTeslaCodePrefixes) {
  using detail::option_family;
  using F = detail::OptionFamily;
  EXPECT_EQ(option_family(code("$MT315")), F::trim);
  EXPECT_EQ(option_family(code("$PPSW")), F::paint);
  EXPECT_EQ(option_family(code("$PMNG")), F::paint);
  EXPECT_EQ(option_family(code("$XYZ1", "PBSB")), F::paint);  // a colorCode marks a paint
  EXPECT_EQ(option_family(code("$W40B")), F::wheels);
  EXPECT_EQ(option_family(code("$WR00")), F::other);
  EXPECT_EQ(option_family(code("$IPB0")), F::interior);
  EXPECT_EQ(option_family(code("$IN3PB")), F::interior);
  EXPECT_EQ(option_family(code("$APBS")), F::other);
  EXPECT_EQ(option_family(code("$SC04")), F::other);
}

TEST(OptionFamily, InactiveOptionsDoNotNameTheCar) {
  VehicleOptions options;
  auto& old_paint = options.codes.emplace_back(code("$PPSB"));
  old_paint.display_name = "Deep Blue Metallic";
  old_paint.is_active = false;
  auto& paint = options.codes.emplace_back(code("$PMNG"));
  paint.display_name = "Midnight Silver Metallic";
  detail::IdentitySources sources;
  sources.options = &options;
  EXPECT_EQ(detail::identity(sources, 2024).paint, "Midnight Silver Metallic");
}

TEST(Security, DoorsAndWindowsAreNamedForTheDriversSide) {
  VehicleState state;
  state.df = 1;
  state.dr = 0;
  state.pf = 0;
  state.pr = 1;
  state.fd_window = 2;
  state.fp_window = 0;
  const auto lhd = detail::security(state, false);
  EXPECT_EQ(*lhd.open_doors, (std::vector<Opening>{Opening::front_left, Opening::rear_right}));
  EXPECT_EQ(*lhd.open_windows, (std::vector<Opening>{Opening::front_left}));
  const auto rhd = detail::security(state, true);
  EXPECT_EQ(*rhd.open_doors, (std::vector<Opening>{Opening::front_right, Opening::rear_left}));
  EXPECT_EQ(*rhd.open_windows, (std::vector<Opening>{Opening::front_right}));
  EXPECT_FALSE(lhd.locked.has_value());
}

TEST(Security, UnknownOpeningsStayUnknown) {
  const auto none = detail::security(VehicleState{}, false);
  EXPECT_FALSE(none.open_doors.has_value());
  EXPECT_FALSE(none.open_windows.has_value());
  EXPECT_FALSE(detail::has_data(none));
}

TEST(Display, UnitsAsTheDriverChoseThem) {
  GuiSettings gui;
  gui.gui_distance_units = "mi/hr";
  gui.gui_temperature_units = "F";
  gui.gui_tirepressure_units = "kPa";
  const auto d = detail::display(gui);
  EXPECT_EQ(d.distance, snapshot::DistanceUnit::mi);
  EXPECT_EQ(d.temperature, snapshot::TemperatureUnit::fahrenheit);
  EXPECT_EQ(d.pressure, snapshot::PressureUnit::kpa);
  gui.gui_tirepressure_units = "BAR";
  gui.gui_distance_units = "furlongs";
  EXPECT_EQ(detail::display(gui).pressure, snapshot::PressureUnit::bar);
  EXPECT_FALSE(detail::display(gui).distance.has_value());
}

tesla::Warranty warranty_entry(std::optional<double> odometer, std::optional<std::string> unit) {
  tesla::Warranty w;
  w.warranty_type = "BATTERY_WARRANTY";
  w.expiration_odometer = odometer;
  w.odometer_unit = std::move(unit);
  return w;
}

TEST(Warranty, KmIsKeptMilesConvertedAndAnUnknownUnitNotGuessed) {
  WarrantyDetails details;
  details.active.push_back(warranty_entry(160000, "KM"));
  details.upcoming.push_back(warranty_entry(120000, std::nullopt));
  details.expired.push_back(warranty_entry(36000, "mi"));
  const auto items = detail::warranty(details).items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].state, snapshot::WarrantyState::active);
  EXPECT_EQ(items[0].expiration_km, 160000.0);
  EXPECT_EQ(items[0].odometer_unit, "km");
  EXPECT_EQ(items[0].display_name, "BATTERY_WARRANTY");  // no display name: the type
  EXPECT_EQ(items[1].state, snapshot::WarrantyState::upcoming);
  EXPECT_FALSE(items[1].expiration_km.has_value());
  EXPECT_EQ(items[2].state, snapshot::WarrantyState::expired);
  EXPECT_DOUBLE_EQ(*items[2].expiration_km, 57936.384);
}

TEST(Identity, MarketFromTheCarsFlagThenTheRegion) {
  VehicleData data;
  data.vehicle_config.emplace();
  detail::IdentitySources sources;
  sources.data = &data;
  sources.region = "na";
  data.vehicle_config->eu_vehicle = true;
  EXPECT_EQ(detail::identity(sources, 2024).market, "EU");
  data.vehicle_config->eu_vehicle = false;
  EXPECT_EQ(detail::identity(sources, 2024).market, "NA");
  sources.region = "eu";  // contradicts the car: say nothing
  EXPECT_FALSE(detail::identity(sources, 2024).market.has_value());
  data.vehicle_config->eu_vehicle.reset();
  sources.region = "cn";
  EXPECT_EQ(detail::identity(sources, 2024).market, "CN");
  sources.region = "";
  EXPECT_FALSE(detail::identity(sources, 2024).market.has_value());
}

TEST(Identity, ModelAndYearFromAValidVin) {
  std::string vin = "5YJ3E1EA0KF000001";
  vin[8] = *vin_check_digit(vin);
  Vehicle root;
  root.display_name = "  ";
  root.access_type = "OWNER";
  detail::IdentitySources sources;
  sources.vin = vin;
  sources.vehicle = &root;
  const auto id = detail::identity(sources, 2024);
  EXPECT_EQ(id.model, "Model 3");
  EXPECT_EQ(id.model_year, 2019);
  EXPECT_EQ(id.access_type, "owner");
  EXPECT_FALSE(id.display_name.has_value());  // blank
  EXPECT_FALSE(id.drive.has_value());
}

TEST(Identity, DisplayNamePrefersTheRootOverTheCarsOwnName) {
  VehicleData data;
  data.display_name = "Family car";
  data.vehicle_state.emplace().vehicle_name = "Car";
  Vehicle root;
  root.display_name = "Old name";
  detail::IdentitySources sources;
  sources.data = &data;
  sources.vehicle = &root;
  EXPECT_EQ(detail::identity(sources, 2024).display_name, "Family car");
  data.display_name.reset();
  EXPECT_EQ(detail::identity(sources, 2024).display_name, "Old name");
  sources.vehicle = nullptr;
  EXPECT_EQ(detail::identity(sources, 2024).display_name, "Car");
}

TEST(Identity, DriveFromTheTrimBadge) {
  VehicleData data;
  data.vehicle_config.emplace().trim_badging = "74";
  detail::IdentitySources sources;
  sources.data = &data;
  EXPECT_EQ(detail::identity(sources, 2024).drive, Drive::rwd);
  data.vehicle_config->trim_badging = "P85D";
  EXPECT_EQ(detail::identity(sources, 2024).drive, Drive::awd);
  // Specs' typeOfDrive outranks the badge.
  VehicleSpecs specs;
  specs.type_of_drive = "RWD";
  sources.specs = &specs;
  EXPECT_EQ(detail::identity(sources, 2024).drive, Drive::rwd);
}

TEST(FleetStatus, PairedWhenListedUnderKeyPairedVins) {
  FleetStatus status;
  status.key_paired_vins = {"5yj3e1ea0kf000001"};
  status.vehicle_info["5YJ3E1EA0KF000001"].total_number_of_keys = 2;
  const auto mine = detail::fleet_status(status, "5YJ3E1EA0KF000001");
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->key_paired, true);
  EXPECT_EQ(mine->total_keys, 2);
  EXPECT_FALSE(detail::fleet_status(status, "5YJ3E1EA0KF000002").has_value());
}

TEST(Alerts, NamesTimesAudiencesAndText) {
  RecentAlerts raw;
  auto& a = raw.alerts.emplace_back();
  a.name = "UI_a212_AEBSFaulted";
  a.time = from_epoch_seconds(1616191275);
  a.audience = {"service-fix", "customer"};
  a.user_text = "Automatic Emergency Braking is unavailable";
  raw.alerts.emplace_back();  // nothing in it: dropped
  const auto alerts = detail::alerts(raw);
  ASSERT_EQ(alerts.items.size(), 1u);
  EXPECT_EQ(alerts.items[0].name, "UI_a212_AEBSFaulted");
  EXPECT_EQ(alerts.items[0].time->epoch_seconds(), 1616191275);
  EXPECT_TRUE(alerts.items[0].customer_facing());
  EXPECT_EQ(alerts.items[0].user_text, "Automatic Emergency Braking is unavailable");
}

TEST(CountWarnings, PrefixesStopAtPathBoundaries) {
  const std::vector<ParseWarning> warnings = {
      {"response.charge_state.minutes_to_full_charge", "x"},
      {"response.charge_state_extra.a", "x"},
      {"response.vehicle_state.tpms_pressure_fl", "x"},
      {"vehicle_state.dr", "x"},
      {"response.vehicle_state.drive", "x"},
  };
  EXPECT_EQ(detail::count_warnings(warnings, {"charge_state"}), 1u);
  EXPECT_EQ(detail::count_warnings(warnings, {"vehicle_state.tpms_"}), 1u);
  EXPECT_EQ(detail::count_warnings(warnings, {"vehicle_state.dr"}), 1u);
  EXPECT_EQ(detail::count_warnings(warnings), 5u);
}

}  // namespace
}  // namespace cpt::tesla::normalize
