#include <gtest/gtest.h>

#include <set>

#include "cpt/core/vin.h"
#include "cpt/snapshot/sample.h"
#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::snapshot {
namespace {

Error http_error(ErrorKind kind, int status) {
  Error e = make_error(kind, "test");
  e.with("http_status", std::to_string(status));
  return e;
}

TEST(ModuleResult, AsleepCarMakesModuleUnavailableWithStatus408) {
  auto r =
      ModuleResult::from_error(http_error(ErrorKind::vehicle_unavailable, 408), "vehicle_data");
  EXPECT_EQ(r.outcome, ModuleOutcome::unavailable);
  EXPECT_EQ(r.error_kind, ErrorKind::vehicle_unavailable);
  EXPECT_EQ(r.http_status, 408);
  EXPECT_EQ(r.reason, "The vehicle is asleep or offline.");
  EXPECT_EQ(r.source, "vehicle_data");
}

TEST(ModuleResult, ServerErrorMakesModuleFailed) {
  auto r = ModuleResult::from_error(http_error(ErrorKind::server, 503), "warranty_details");
  EXPECT_EQ(r.outcome, ModuleOutcome::failed);
  EXPECT_EQ(r.http_status, 503);
}

TEST(ModuleResult, MissingScopeAndMissingSignInAreUnavailableNotFailed) {
  EXPECT_EQ(outcome_for(ErrorKind::missing_scope), ModuleOutcome::unavailable);
  EXPECT_EQ(outcome_for(ErrorKind::unauthorized), ModuleOutcome::unavailable);
  EXPECT_EQ(outcome_for(ErrorKind::budget_exceeded), ModuleOutcome::unavailable);
  EXPECT_EQ(outcome_for(ErrorKind::malformed), ModuleOutcome::failed);
  EXPECT_EQ(outcome_for(ErrorKind::rate_limited), ModuleOutcome::failed);
}

TEST(ModuleResult, UserMessageOfTheErrorBecomesTheReason) {
  Error e = make_error(ErrorKind::missing_scope, "403 from specs", "Partner token missing.");
  EXPECT_EQ(ModuleResult::from_error(e, "vehicle_specs").reason, "Partner token missing.");
}

TEST(ModuleResult, OutcomeNamesRoundTrip) {
  for (auto o : {ModuleOutcome::ok, ModuleOutcome::empty, ModuleOutcome::unavailable,
                 ModuleOutcome::not_in_package, ModuleOutcome::failed}) {
    EXPECT_EQ(parse_module_outcome(to_string(o)), o);
  }
  EXPECT_EQ(to_string(ModuleOutcome::not_in_package), "not_in_package");
  EXPECT_FALSE(parse_module_outcome("fine").has_value());
}

TEST(Package, ExpertIncludesProIncludesBasic) {
  EXPECT_TRUE(includes(Package::expert, Package::pro));
  EXPECT_TRUE(includes(Package::pro, Package::basic));
  EXPECT_FALSE(includes(Package::basic, Package::pro));
  EXPECT_FALSE(includes(Package::pro, Package::expert));
  EXPECT_EQ(parse_package("pro"), Package::pro);
  EXPECT_FALSE(parse_package("gold").has_value());
}

TEST(Battery, RangeAtFullScalesRatedRangeByLevel) {
  Battery b;
  b.rated_range_km = 300.0;
  b.level_pct = 60.0;
  ASSERT_TRUE(b.range_at_full_km().has_value());
  EXPECT_DOUBLE_EQ(*b.range_at_full_km(), 500.0);
  b.level_pct = 0.5;  // too low to extrapolate from
  EXPECT_FALSE(b.range_at_full_km().has_value());
}

TEST(ChargingSession, EnergyFallsBackToKwhUsageOfChargingFees) {
  ChargingSession s;
  s.fees.push_back({"CHARGING", Money{"USD", 1840}, {}, 0.46, 40.0, "kwh", true, "PAYMENT"});
  s.fees.push_back({"PARKING", Money{"USD", 0}, {}, 0.0, 12.0, "min", true, "NO_CHARGE"});
  EXPECT_DOUBLE_EQ(*s.energy_or_fee_usage_kwh(), 40.0);
  s.energy_kwh = 38.5;
  EXPECT_DOUBLE_EQ(*s.energy_or_fee_usage_kwh(), 38.5);
}

TEST(Alert, CustomerFacingWhenAudienceListsCustomer) {
  Alert a;
  a.audiences = {"service-fix", "Customer"};
  EXPECT_TRUE(a.customer_facing());
  a.audiences = {"service"};
  EXPECT_FALSE(a.customer_facing());
}

TEST(VehicleSnapshot, ResultByIdReachesEveryModule) {
  VehicleSnapshot s;
  for (int i = 0; i < kModuleCount; ++i) {
    s.result(static_cast<ModuleId>(i)).calls = i + 1;
  }
  EXPECT_EQ(s.battery.result.calls, static_cast<int>(ModuleId::battery) + 1);
  EXPECT_EQ(s.invoices.calls, static_cast<int>(ModuleId::invoices) + 1);
  EXPECT_EQ(s.fleet_status.result.calls, kModuleCount);
  EXPECT_EQ(to_string(ModuleId::battery_health), "battery_health");
}

TEST(Samples, EuSampleIsAnExpertOrderWithCheckedVinAndSessionsInThreeCurrencies) {
  const VehicleSnapshot s = sample_eu_model3();
  auto vin = Vin::parse(s.vin);
  ASSERT_TRUE(vin.has_value());
  EXPECT_EQ(vin_check_digit(s.vin), s.vin[8]);
  EXPECT_EQ(s.provenance.package, Package::expert);
  ASSERT_TRUE(s.charging.data.has_value());
  EXPECT_EQ(s.charging.data->sessions.size(), 24u);
  std::set<std::string> currencies;
  for (const auto& session : s.charging.data->sessions) {
    currencies.insert(session.fees.front().amount.currency);
    EXPECT_EQ(session.vin, s.vin);
  }
  EXPECT_EQ(currencies, (std::set<std::string>{"EUR", "NOK", "SEK"}));
  EXPECT_EQ(s.display.data->distance, DistanceUnit::km);
}

TEST(Samples, UsSampleUsesImperialUnitsAndLacksOneInvoice) {
  const VehicleSnapshot s = sample_us_model_y();
  EXPECT_EQ(s.display.data->distance, DistanceUnit::mi);
  EXPECT_EQ(s.specs.result.outcome, ModuleOutcome::not_in_package);
  int missing = 0;
  for (const auto& session : s.charging.data->sessions) {
    for (const auto& invoice : session.invoices) missing += invoice.bytes ? 0 : 1;
  }
  EXPECT_EQ(missing, 1);
}

TEST(Samples, AllFailedSampleHasNoDataButEveryModuleExplained) {
  const VehicleSnapshot s = sample_all_failed();
  EXPECT_FALSE(s.identity.data.has_value());
  EXPECT_FALSE(s.vin.empty());
  for (int i = 0; i < kModuleCount; ++i) {
    const auto& r = s.result(static_cast<ModuleId>(i));
    EXPECT_TRUE(r.outcome == ModuleOutcome::failed || r.outcome == ModuleOutcome::unavailable);
    EXPECT_TRUE(r.http_status.has_value());
  }
}

}  // namespace
}  // namespace cpt::snapshot
