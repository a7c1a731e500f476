// Payloads that cannot be used fail only their own modules; results keep what the caller set.
#include <gtest/gtest.h>

#include "normalize_test_support.h"

namespace cpt::tesla::normalize {
namespace {

using snapshot::ModuleId;
using snapshot::ModuleOutcome;
using testing::data_of;
using testing::fetch_time;
using testing::seed;

constexpr ModuleId kVehicleDataModules[] = {
    ModuleId::battery, ModuleId::odometer, ModuleId::climate, ModuleId::security,
    ModuleId::tyres,   ModuleId::display,  ModuleId::software};

VehiclePayloads broken_vehicle_data() {
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = "<html><body>upstream timed out</body></html>";
  p.vehicle = R"({"response": {"vin": "LRWXF7EK4KC700000", "display_name": "Daily",
                               "access_type": "DRIVER", "state": "online"}})";
  p.options = seed("options.json");
  p.warranty = seed("warranty.json");
  return p;
}

TEST(Failures, NotJsonFailsTheModulesOfThatPayloadAndTheOthersAreStillFilled) {
  const auto snap = testing::filled(broken_vehicle_data());
  for (ModuleId id : kVehicleDataModules) {
    const auto& r = snap.result(id);
    EXPECT_EQ(r.outcome, ModuleOutcome::failed) << to_string(id);
    EXPECT_EQ(r.error_kind, ErrorKind::malformed) << to_string(id);
    EXPECT_EQ(r.reason, "Tesla's vehicle data answer could not be read.") << to_string(id);
    EXPECT_EQ(r.source, "vehicle_data") << to_string(id);
    EXPECT_EQ(r.fetched_at, fetch_time()) << to_string(id);
  }
  EXPECT_FALSE(snap.battery.data.has_value());
  EXPECT_EQ(snap.options.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.warranty.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(data_of(snap.warranty).items.size(), 1u);
}

TEST(Failures, IdentityFallsBackToTheVehicleRootAndTheVin) {
  const auto snap = testing::filled(broken_vehicle_data());
  EXPECT_EQ(snap.identity.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.identity.result.source, "vehicle");
  const auto& id = data_of(snap.identity);
  EXPECT_EQ(id.display_name, "Daily");
  EXPECT_EQ(id.access_type, "driver");
  EXPECT_EQ(id.model, "Model X");  // without car_type, the VIN's fourth character decides
  EXPECT_EQ(id.model_year, 2019);
  EXPECT_EQ(id.paint, "Pearl White Multi-Coat");
  EXPECT_FALSE(id.software_version.has_value());
}

TEST(Failures, IdentityFailsWhenItsOnlyPayloadIsUnreadable) {
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = "";
  const auto snap = testing::filled(p);
  EXPECT_EQ(snap.identity.result.outcome, ModuleOutcome::failed);
  EXPECT_EQ(snap.identity.result.source, "vehicle_data");
  EXPECT_FALSE(snap.identity.data.has_value());
}

TEST(Failures, EverySmallModuleFailsAloneWithItsName) {
  VehiclePayloads p;
  p.vin = testing::kSeedVin;
  p.service_data = p.recent_alerts = p.release_notes = p.options = p.warranty = p.specs =
      p.fleet_status = std::string("{\"response\": ");
  const auto snap = testing::filled(p);
  const std::pair<ModuleId, const char*> expected[] = {
      {ModuleId::service, "Tesla's service data answer could not be read."},
      {ModuleId::alerts, "Tesla's recent alerts answer could not be read."},
      {ModuleId::release_notes, "Tesla's release notes answer could not be read."},
      {ModuleId::options, "Tesla's options answer could not be read."},
      {ModuleId::warranty, "Tesla's warranty answer could not be read."},
      {ModuleId::specs, "Tesla's specs answer could not be read."},
      {ModuleId::battery_health, "Tesla's specs answer could not be read."},
      {ModuleId::fleet_status, "Tesla's fleet status answer could not be read."},
  };
  for (const auto& [id, reason] : expected) {
    EXPECT_EQ(snap.result(id).outcome, ModuleOutcome::failed) << to_string(id);
    EXPECT_EQ(snap.result(id).error_kind, ErrorKind::malformed) << to_string(id);
    EXPECT_EQ(snap.result(id).reason, reason) << to_string(id);
  }
  // Neither vehicle payload was fetched, and unreadable options give no identity.
  EXPECT_EQ(snap.identity.result.outcome, ModuleOutcome::unavailable);
}

TEST(Failures, AnAnswerForAnotherVehicleIsNotUsed) {
  VehiclePayloads p;
  p.vin = "5YJSA1E41GF167745";
  p.vehicle_data = testing::fixture("home-assistant/vehicle_data.json");  // LRW…0000
  p.specs = seed("specs.json");                                           // TEST…VIN01
  const auto snap = testing::filled(p);
  for (ModuleId id : kVehicleDataModules) {
    EXPECT_EQ(snap.result(id).outcome, ModuleOutcome::failed) << to_string(id);
    EXPECT_EQ(snap.result(id).reason, "Tesla's answer was for a different vehicle.");
  }
  EXPECT_EQ(snap.identity.result.outcome, ModuleOutcome::failed);
  EXPECT_EQ(snap.specs.result.outcome, ModuleOutcome::failed);
  EXPECT_EQ(snap.battery_health.result.outcome, ModuleOutcome::failed);
  EXPECT_FALSE(snap.battery.data.has_value());
}

TEST(Failures, CallerFieldsAreKeptAndAnEarlierErrorIsCleared) {
  snapshot::VehicleSnapshot snap;
  snap.vin = testing::kHaVin;
  snap.battery.result.calls = 3;
  snap.battery.result.cost_micros = 2000;
  snap.battery.result.http_status = 200;
  snap.battery.result.error_kind = ErrorKind::timeout;
  snap.battery.result.reason = "first attempt timed out";
  snap.tyres.result.calls = 3;
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = testing::fixture("home-assistant/vehicle_data.json");
  fill_snapshot(p, snap, fetch_time());
  const auto& r = snap.battery.result;
  EXPECT_EQ(r.outcome, ModuleOutcome::ok);
  EXPECT_EQ(r.calls, 3);
  EXPECT_EQ(r.cost_micros, 2000);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_FALSE(r.error_kind.has_value());
  EXPECT_EQ(r.reason, "");
  EXPECT_EQ(snap.tyres.result.calls, 3);
}

TEST(Failures, ModulesWithoutPayloadKeepTheCallersResult) {
  snapshot::VehicleSnapshot snap;
  snap.warranty.result = snapshot::ModuleResult::not_in_package("warranty");
  snap.charging.result = snapshot::ModuleResult::from_error(
      make_error(ErrorKind::missing_scope, "403"), "charging_history");
  snap.invoices = snapshot::ModuleResult::ok("charging_invoice", fetch_time(), 4);
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = testing::fixture("home-assistant/vehicle_data.json");
  fill_snapshot(p, snap, fetch_time());
  EXPECT_EQ(snap.warranty.result.outcome, ModuleOutcome::not_in_package);
  EXPECT_EQ(snap.charging.result.outcome, ModuleOutcome::unavailable);
  EXPECT_EQ(snap.charging.result.error_kind, ErrorKind::missing_scope);
  EXPECT_EQ(snap.invoices.outcome, ModuleOutcome::ok);
  EXPECT_EQ(snap.invoices.calls, 4);
  EXPECT_EQ(snap.specs.result.outcome, ModuleOutcome::unavailable);  // the default, untouched
  EXPECT_EQ(snap.vin, testing::kHaVin);
}

TEST(Failures, MissingBlocksMakeEmptyModules) {
  VehiclePayloads p;
  p.vin = testing::kHaVin;
  p.vehicle_data = R"({"response": {"vin": "LRWXF7EK4KC700000",
                                    "charge_state": {"battery_level": 50}}})";
  const auto snap = testing::filled(p);
  EXPECT_EQ(snap.battery.result.outcome, ModuleOutcome::ok);
  EXPECT_EQ(data_of(snap.battery).level_pct, 50.0);
  for (ModuleId id : {ModuleId::odometer, ModuleId::climate, ModuleId::security, ModuleId::tyres,
                      ModuleId::display, ModuleId::software}) {
    EXPECT_EQ(snap.result(id).outcome, ModuleOutcome::empty) << to_string(id);
    EXPECT_EQ(snap.result(id).source, "vehicle_data") << to_string(id);
  }
  EXPECT_FALSE(snap.odometer.data.has_value());
  EXPECT_EQ(snap.identity.result.outcome, ModuleOutcome::ok);  // the VIN still says a lot
}

TEST(Failures, ReasonsNeverCarryTheVin) {
  const auto snap = testing::filled(broken_vehicle_data());
  for (int i = 0; i < snapshot::kModuleCount; ++i) {
    const auto& reason = snap.result(static_cast<ModuleId>(i)).reason;
    EXPECT_EQ(reason.find("LRW"), std::string::npos) << reason;
    EXPECT_EQ(reason.find("700000"), std::string::npos) << reason;
  }
}

}  // namespace
}  // namespace cpt::tesla::normalize
