#include <gtest/gtest.h>

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

TEST(Plan, BasicOrderPricesAccountAndVehicleCalls) {
  // vehicles + per car (vehicle, vehicle_data, options, release_notes, recent_alerts, fleet_status)
  Plan plan = plan_order(order_of(Package::basic, 2), {});
  EXPECT_EQ(plan.calls.size(), 1u + 2u * 6u);
  EXPECT_EQ(plan.total_micros, 13 * 2'000);
}

TEST(Plan, ExpertAddsHistoryWarrantyServiceAndBilledSpecs) {
  std::vector<std::string> scopes = {"user_data"};
  Plan plan = plan_order(order_of(Package::expert, 1), scopes);
  // users/region, vehicles, history + vehicle + 8 module calls (specs at $0.10)
  EXPECT_EQ(plan.calls.size(), 3u + 9u);
  EXPECT_EQ(plan.total_micros, 11 * 2'000 + 100'000);
  EXPECT_EQ(plan.calls.back().endpoint, "specs");
  EXPECT_EQ(plan.calls.back().vin_suffix, "7000");
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
