#include <gtest/gtest.h>

#include <algorithm>

#include "cpt/acquire/modules.h"
#include "cpt/acquire/runner.h"

namespace cpt::acquire {
namespace {

using snapshot::ModuleId;
using snapshot::Package;

Order order_of(Package package, int vehicles) {
  Order order;
  order.id = "ord-test";
  order.package = package;
  for (int i = 0; i < vehicles; ++i) order.vins.push_back("5YJ3E1EA2KF31700" + std::to_string(i));
  return order;
}

TEST(Plan, BasicOrderPricesAccountAndVehicleCallsWithOneFleetStatus) {
  // vehicles + per car (vehicle, vehicle_data, options, release_notes, recent_alerts) + one
  // fleet_status for the whole order
  Plan plan = plan_order(order_of(Package::basic, 2), {});
  EXPECT_EQ(plan.calls.size(), 1u + 2u * 5u + 1u);
  EXPECT_EQ(plan.total_micros, 12 * 2'000);
  EXPECT_EQ(plan.calls.back().endpoint, "fleet_status");
  EXPECT_EQ(plan.calls.back().vin_suffix, "");
}

TEST(Plan, ExpertAddsRegionHistoryWarrantyServiceAndBilledSpecs) {
  std::vector<std::string> scopes = {"vehicle_device_data"};
  Plan plan = plan_order(order_of(Package::expert, 1), scopes);
  // users/region (any Fleet scope), vehicles, two history pages (the first and the empty one)
  // + vehicle + 7 module calls (specs at $0.10) + fleet_status
  EXPECT_EQ(plan.calls.size(), 4u + 9u);
  EXPECT_EQ(plan.total_micros, 12 * 2'000 + 100'000);
  EXPECT_EQ(plan.calls.front().endpoint, "users_region");
  EXPECT_TRUE(std::ranges::any_of(plan.calls, [](const PlannedCall& c) {
    return c.endpoint == "specs" && c.vin_suffix == "7000";
  }));
}

TEST(Plan, AllowedWakeIsPricedAtTheWakeLoopsWorstCase) {
  Order order = order_of(Package::basic, 2);
  const Plan without = plan_order(order, {});
  order.allow_wake = true;
  tesla::WakeOptions wake;  // every 10 s for 90 s: posts at 0, 10, ..., 90
  EXPECT_EQ(worst_case_wakes(wake), 10);
  const Plan with = plan_order(order, {}, wake);
  EXPECT_EQ(with.calls.size(), without.calls.size() + 2u * 10u);
  EXPECT_EQ(with.total_micros, without.total_micros + 2 * 10 * 20'000);
}

TEST(Modules, PackagesFollowTheReportSections) {
  EXPECT_EQ(module_package(ModuleId::battery), Package::basic);
  EXPECT_EQ(module_package(ModuleId::charging), Package::pro);
  EXPECT_EQ(module_package(ModuleId::tyres), Package::pro);
  EXPECT_EQ(module_package(ModuleId::battery_health), Package::expert);
  EXPECT_EQ(module_source(ModuleId::tyres), tesla::Endpoint::vehicle_data);
  EXPECT_EQ(module_source(ModuleId::battery_health), tesla::Endpoint::specs);
}

TEST(Modules, VehicleDataNeverAsksForLocation) {
  for (const auto& block : vehicle_data_blocks()) {
    EXPECT_NE(block, "location_data");
    EXPECT_NE(block, "drive_state");
  }
}

}  // namespace
}  // namespace cpt::acquire
