// The documented examples (tests/data/seed) normalized into snapshot modules, with concrete values.
#include <gtest/gtest.h>

#include "normalize_test_support.h"

namespace cpt::tesla::normalize {
namespace {

using snapshot::ModuleOutcome;
using testing::data_of;
using testing::filled;
using testing::seed;

VehiclePayloads seed_vehicle() {
  VehiclePayloads p;
  p.vin = testing::kSeedVin;
  return p;
}

TEST(SeedChargingHistory, TheDocumentedSessionBecomesOneSessionWithMoneyFees) {
  auto p = seed_vehicle();
  p.charging_history_pages = {seed("charging_history.json")};
  const auto snap = filled(p);
  EXPECT_EQ(snap.charging.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.charging.result.source, "charging_history");
  const auto& sessions = data_of(snap.charging).sessions;
  ASSERT_EQ(sessions.size(), 1u);
  const auto& s = sessions[0];
  EXPECT_EQ(s.id, "1234567");
  EXPECT_EQ(s.vin, "TEST00000000VIN01");
  EXPECT_EQ(s.site, "Truckee, CA - Soaring Way");
  EXPECT_EQ(s.country, "US");
  EXPECT_EQ(s.billing_type, "IMMEDIATE");
  ASSERT_TRUE(s.start && s.stop);
  EXPECT_EQ(format_iso8601(*s.start), "2023-07-27T11:43:45-07:00");  // the site's offset is kept
  EXPECT_EQ(s.start->offset_minutes, -420);
  EXPECT_EQ(format_iso8601(*s.stop), "2023-07-27T12:08:35-07:00");
  // usageBase 40 + usageTier2 24.
  EXPECT_EQ(s.energy_kwh, 64.0);

  ASSERT_EQ(s.fees.size(), 2u);
  EXPECT_EQ(s.fees[0].type, "CHARGING");
  EXPECT_EQ(s.fees[0].amount, (Money{"USD", 1840}));
  EXPECT_EQ(s.fees[0].net_amount, (Money{"USD", 1840}));
  EXPECT_EQ(s.fees[0].rate, 0.46);
  EXPECT_EQ(s.fees[0].usage, 64.0);
  EXPECT_EQ(s.fees[0].uom, "kwh");
  EXPECT_EQ(s.fees[0].paid, true);
  EXPECT_EQ(s.fees[0].pricing_type, "PAYMENT");
  EXPECT_EQ(s.fees[1].type, "PARKING");
  EXPECT_EQ(s.fees[1].amount, (Money{"USD", 0}));
  EXPECT_EQ(s.fees[1].uom, "min");
  EXPECT_EQ(s.fees[1].pricing_type, "NO_CHARGE");

  ASSERT_EQ(s.invoices.size(), 1u);
  EXPECT_EQ(s.invoices[0].file_name, "ABC-123NN-US.pdf");
  EXPECT_EQ(s.invoices[0].content_id, "abc-123-efg");
  EXPECT_EQ(s.invoices[0].type, "IMMEDIATE");
  EXPECT_FALSE(s.invoices[0].bytes.has_value());
}

TEST(SeedChargingHistory, AnEmptyHistoryIsAnEmptyModule) {
  auto p = seed_vehicle();
  p.charging_history_pages = {seed("charging_history_root.json")};
  const auto snap = filled(p);
  EXPECT_EQ(snap.charging.result.outcome, ModuleOutcome::empty);
  EXPECT_TRUE(data_of(snap.charging).sessions.empty());
}

TEST(SeedWarranty, MilesBecomeKmAndTheListGivesTheState) {
  auto p = seed_vehicle();
  p.warranty = seed("warranty.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.warranty.result.outcome, ModuleOutcome::ok);
  const auto& items = data_of(snap.warranty).items;
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].type, "NEW_MFG_WARRANTY");
  EXPECT_EQ(items[0].display_name, "Basic Vehicle Limited Warranty");
  EXPECT_EQ(items[0].state, snapshot::WarrantyState::active);
  EXPECT_DOUBLE_EQ(*items[0].expiration_km, 80467.2);  // 50000 MI
  EXPECT_EQ(items[0].odometer_unit, "mi");
  EXPECT_EQ(items[0].coverage_years, 4.0);
  EXPECT_EQ(format_iso8601(*items[0].expiration_date), "2025-10-21T00:00:00Z");
  EXPECT_FALSE(items[0].expired_on.has_value());
}

TEST(SeedSpecs, BatteryHealthAndSpecification) {
  auto p = seed_vehicle();
  p.specs = seed("specs.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.battery_health.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.battery_health.result.source, "specs");
  const auto& h = data_of(snap.battery_health);
  EXPECT_EQ(h.soh_pct, 100.0);
  EXPECT_DOUBLE_EQ(*h.capacity_kwh, 82.3);
  EXPECT_EQ(format_iso8601(*h.measured_at), "2024-01-28T00:00:00Z");

  EXPECT_EQ(snap.specs.result.outcome, ModuleOutcome::ok);
  const auto& s = data_of(snap.specs);
  EXPECT_EQ(s.range_km, 571.0);
  EXPECT_EQ(s.seats, 5);
  EXPECT_EQ(s.doors, 5);
  EXPECT_EQ(s.body_type, "Sedan, Fastback");
  EXPECT_EQ(s.max_power, "158 kW (front); 303 kW (rear)");
  EXPECT_EQ(s.country_of_origin, "DE");
  EXPECT_EQ(s.vehicle_type, "Passenger");
  EXPECT_EQ(s.fuel_type, "Electric");
  EXPECT_EQ(s.transmission, "Automatic");
  EXPECT_EQ(s.autopilot, "Base Autopilot Package");
  EXPECT_EQ(format_iso8601(*s.production_date), "2025-07-18T02:50:26Z");
  // No currency is known, so the price is not guessed.
  EXPECT_FALSE(s.price.has_value());
  ASSERT_EQ(s.equipment.size(), 1u);
  EXPECT_EQ(s.equipment[0].code, "$APBS");
  EXPECT_EQ(s.equipment[0].name, "Autopilot");
  EXPECT_FALSE(s.equipment[0].price.has_value());
}

TEST(SeedSpecs, PricesUseTheMarketCurrencyWhenGiven) {
  auto p = seed_vehicle();
  p.specs = seed("specs.json");
  p.market_currency = "EUR";
  const auto s = data_of(filled(p).specs);
  EXPECT_EQ(s.price, (Money{"EUR", 6099000}));
  ASSERT_EQ(s.equipment.size(), 1u);
  EXPECT_EQ(s.equipment[0].price, (Money{"EUR", 0}));
}

TEST(SeedSpecs, PricesTakeTheOneCurrencyTheCarChargedIn) {
  auto p = seed_vehicle();
  p.specs = seed("specs.json");
  p.charging_history_pages = {seed("charging_history.json")};  // the seed VIN's sessions, in USD
  const auto s = data_of(filled(p).specs);
  EXPECT_EQ(s.price, (Money{"USD", 6099000}));
}

TEST(SeedSpecs, PricesStayAbsentWhenTheCarChargedInSeveralCurrencies) {
  auto p = seed_vehicle();
  p.specs = seed("specs.json");
  p.charging_history_pages = {R"({"response":{"data":[
      {"sessionId":1,"vin":"TEST00000000VIN01","fees":[{"feeType":"CHARGING","currencyCode":"USD","totalDue":3}]},
      {"sessionId":2,"vin":"TEST00000000VIN01","fees":[{"feeType":"CHARGING","currencyCode":"CAD","totalDue":4}]}]}})"};
  const auto snap = filled(p);
  ASSERT_EQ(data_of(snap.charging).sessions.size(), 2u);
  EXPECT_FALSE(data_of(snap.specs).price.has_value());
}

TEST(SeedSpecs, AnEmptySpecsAnswerLeavesBothModulesEmpty) {
  auto p = seed_vehicle();
  p.specs = seed("specs_root.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.specs.result.outcome, ModuleOutcome::empty);
  EXPECT_EQ(snap.battery_health.result.outcome, ModuleOutcome::empty);
}

TEST(SeedOptions, NamesByCodeFamilyGiveTrimPaintWheelsAndInterior) {
  auto p = seed_vehicle();
  p.options = seed("options.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.options.result.outcome, ModuleOutcome::ok);
  const auto& codes = data_of(snap.options).codes;
  ASSERT_EQ(codes.size(), 7u);
  EXPECT_EQ(codes[1].code, "$PPSW");
  EXPECT_EQ(codes[1].name, "Pearl White Multi-Coat");
  EXPECT_EQ(codes[1].color_code, "PPSW");
  EXPECT_EQ(codes[1].active, true);

  // Options alone are enough for an identity (make, trim, paint, ...), sourced from options.
  EXPECT_EQ(snap.identity.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.identity.result.source, "options");
  const auto& id = data_of(snap.identity);
  EXPECT_EQ(id.paint, "Pearl White Multi-Coat");
  EXPECT_EQ(id.wheels, "18’’ Aero Wheels");
  EXPECT_EQ(id.trim, "Long Range All-Wheel Drive");
  EXPECT_EQ(id.interior, "All Black Premium Interior");
  EXPECT_EQ(id.drive, snapshot::Drive::awd);
  EXPECT_EQ(id.make, "Tesla");
}

TEST(SeedOptions, OptionNamesWinOverVehicleConfigCodes) {
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = testing::fixture("home-assistant/vehicle_data.json");
  p.options = seed("options.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.identity.result.source, "vehicle_data");
  const auto& id = data_of(snap.identity);
  EXPECT_EQ(id.paint, "Pearl White Multi-Coat");     // not "DeepBlue"
  EXPECT_EQ(id.trim, "Long Range All-Wheel Drive");  // not "74d"
  EXPECT_EQ(id.model, "Model 3");
}

TEST(SeedOptions, SpecsTextFillsWhatOptionsLack) {
  auto p = seed_vehicle();
  p.specs = seed("specs.json");
  const auto id = data_of(filled(p).identity);
  EXPECT_EQ(id.trim, "Model 3 Performance Dual Motor All-Wheel Drive");
  EXPECT_EQ(id.paint, "Stealth Grey Paint");
  EXPECT_EQ(id.wheels, "20’’ Warp Wheels");
  EXPECT_EQ(id.model, "Model 3");  // "m3": the test VIN is not a valid VIN
  EXPECT_EQ(id.model_year, 2025);  // modelYear, for the same reason
}

TEST(SeedOptions, AnEmptyCodeListIsAnEmptyModule) {
  auto p = seed_vehicle();
  p.options = seed("options_root.json");
  EXPECT_EQ(filled(p).options.result.outcome, ModuleOutcome::empty);
}

TEST(SeedService, AVisitIsOkAndAnEmptyObjectIsEmpty) {
  auto p = seed_vehicle();
  p.service_data = seed("service_data.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.service.result.outcome, ModuleOutcome::ok);
  const auto& s = data_of(snap.service);
  EXPECT_EQ(s.status, "car_in_repair");
  EXPECT_EQ(s.visit_number, "SV12345678");
  EXPECT_EQ(format_iso8601(*s.estimated_completion), "2023-05-02T17:10:53-10:00");

  p.service_data = seed("service_data_empty.json");
  const auto empty = filled(p);
  EXPECT_EQ(empty.service.result.outcome, ModuleOutcome::empty);
  EXPECT_EQ(empty.service.result.source, "service_data");
}

TEST(SeedAlertsAndReleaseNotes, EmptyAlertsAndNestedReleaseNotes) {
  auto p = seed_vehicle();
  p.recent_alerts = seed("recent_alerts_root.json");
  p.release_notes = seed("release_notes_nested.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.alerts.result.outcome, ModuleOutcome::empty);
  EXPECT_EQ(snap.alerts.result.source, "recent_alerts");
  EXPECT_EQ(snap.release_notes.result.outcome, ModuleOutcome::ok);
  const auto& notes = data_of(snap.release_notes).notes;
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].title, "Minor Fixes");
  EXPECT_EQ(notes[0].subtitle, "Some more info");
  EXPECT_EQ(notes[0].description, "This release contains minor fixes and improvements");
  EXPECT_EQ(notes[0].version, "2022.42.0");
}

TEST(SeedFleetStatus, ThisVinsEntryAndPairing) {
  VehiclePayloads p;
  p.vin = "5YJ3000000NEXUS01";
  p.fleet_status = seed("fleet_status.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.fleet_status.result.outcome, ModuleOutcome::ok);
  const auto& f = data_of(snap.fleet_status);
  EXPECT_EQ(f.key_paired, false);  // listed under unpaired_vins
  EXPECT_EQ(f.total_keys, 5);
  EXPECT_EQ(f.firmware_version, "2024.14.30");
  EXPECT_EQ(f.command_protocol_required, true);
  EXPECT_EQ(f.telemetry_version, "1.0.0");
  EXPECT_EQ(f.discounted_device_data, false);
}

TEST(SeedFleetStatus, AnAnswerAboutOtherVinsIsEmptyForThisOne) {
  auto p = seed_vehicle();
  p.fleet_status = seed("fleet_status.json");
  const auto snap = filled(p);
  EXPECT_EQ(snap.fleet_status.result.outcome, ModuleOutcome::empty);
  EXPECT_FALSE(snap.fleet_status.data.has_value());
}

}  // namespace
}  // namespace cpt::tesla::normalize
