// The order's cost is the ledger's: every billed attempt (429s, 4xx, each wake_up of the loop)
// is in it, so it equals what the simulator billed, also under its fault mix.
#include <gtest/gtest.h>

#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "sim_account.h"

namespace cpt::acquire {
namespace {

Order expert_order(const std::vector<std::string>& vins, bool allow_wake) {
  Order order;
  order.id = "ord-cost";
  order.package = snapshot::Package::expert;
  order.vins = vins;
  order.allow_wake = allow_wake;
  return order;
}

TEST(OrderCost, EqualsTheSimulatorsLedgerUnderTheFaultMix) {
  sim::SimOptions options;
  options.seed = 23;
  options.users = 1;
  options.vehicles_per_user = 3;
  options.wake_delay = std::chrono::milliseconds(120);
  auto account = testing::start_sim_account(options, "vehicle_cmds");
  ASSERT_TRUE(account.client);
  account.sim->set_vehicle_state(account.vins[0], "asleep");
  account.sim->set_vehicle_state(account.vins[1], "online");
  account.sim->set_vehicle_state(account.vins[2], "online");
  sim::FaultOptions chaos;
  chaos.seed = 5;
  chaos.rate_5xx = 0.12;
  chaos.rate_429 = 0.12;
  chaos.retry_after_s = 0;
  chaos.rate_reset = 0.05;
  account.sim->faults().set_options(chaos);
  account.sim->reset_ledger();

  InMemoryRawStore store;
  auto result =
      run_order(expert_order(account.vins, true), *account.client, store, SystemClock::instance());
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  const auto ledger = account.sim->ledger();
  EXPECT_GT(ledger.total_requests(), ledger.total_billed());  // the faults did happen
  EXPECT_GE(ledger.count("/api/1/vehicles/" + account.vins[0] + "/wake_up"), 1);
  EXPECT_EQ(result->cost_micros, ledger.total_cost_micros());
  std::int64_t modules = 0;
  for (const auto& s : result->snapshots) {
    EXPECT_EQ(s.provenance.cost_micros, result->cost_micros);
    modules += s.provenance.cost_micros > 0;
  }
  EXPECT_GT(modules, 0);
}

TEST(OrderCost, EveryWakeOfTheLoopIsInTheOrdersCost) {
  sim::SimOptions options;
  options.wake_delay = std::chrono::milliseconds(200);
  auto account = testing::start_sim_account(options);
  ASSERT_TRUE(account.client);
  account.sim->set_vehicle_state(account.vins[0], "asleep");
  account.sim->reset_ledger();
  InMemoryRawStore store;
  auto result = run_order(expert_order({account.vins[0]}, true), *account.client, store,
                          SystemClock::instance());
  ASSERT_TRUE(result.has_value());
  const auto ledger = account.sim->ledger();
  const auto wakes = ledger.count("/api/1/vehicles/" + account.vins[0] + "/wake_up");
  EXPECT_GT(wakes, 1);  // 200 ms to wake, a post every 50 ms
  EXPECT_EQ(ledger.billed(sim::Category::wake), wakes);
  EXPECT_EQ(result->cost_micros, ledger.total_cost_micros());
}

TEST(OrderCost, OfflineCarIsNeverWokenAndCostsNoWake) {
  auto account = testing::start_sim_account({});
  ASSERT_TRUE(account.client);
  account.sim->set_vehicle_state(account.vins[0], "offline");
  account.sim->reset_ledger();
  InMemoryRawStore store;
  auto result = run_order(expert_order({account.vins[0]}, true), *account.client, store,
                          SystemClock::instance());
  ASSERT_TRUE(result.has_value());
  const auto ledger = account.sim->ledger();
  EXPECT_EQ(ledger.count("/api/1/vehicles/" + account.vins[0] + "/wake_up"), 0);
  EXPECT_EQ(ledger.count("/api/1/vehicles/" + account.vins[0] + "/vehicle_data"), 0);
  const auto& battery = result->snapshots.front().result(snapshot::ModuleId::battery);
  EXPECT_EQ(battery.outcome, snapshot::ModuleOutcome::unavailable);
  EXPECT_NE(battery.reason.find("offline"), std::string::npos) << battery.reason;
  EXPECT_EQ(result->cost_micros, ledger.total_cost_micros());
}

TEST(OrderCost, FleetStatusIsOneCallForTheWholeOrder) {
  auto account = testing::start_sim_account({});
  ASSERT_TRUE(account.client);
  ASSERT_GE(account.vins.size(), 2u);
  for (const auto& vin : account.vins) account.sim->set_vehicle_state(vin, "online");
  account.sim->reset_ledger();
  InMemoryRawStore store;
  auto result =
      run_order(expert_order(account.vins, false), *account.client, store, SystemClock::instance());
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(account.sim->ledger().count("/api/1/vehicles/fleet_status", "POST"), 1);
  for (const auto& s : result->snapshots) {
    EXPECT_EQ(s.result(snapshot::ModuleId::fleet_status).outcome, snapshot::ModuleOutcome::ok)
        << s.result(snapshot::ModuleId::fleet_status).reason;
  }
}

}  // namespace
}  // namespace cpt::acquire
