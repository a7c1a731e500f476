#include "cpt/acquire/runner.h"

#include <gtest/gtest.h>

#include <set>

#include "cpt/core/clock.h"
#include "cpt/sim/world.h"
#include "sim_account.h"

namespace cpt::acquire {
namespace {

using snapshot::ModuleId;
using snapshot::ModuleOutcome;
using snapshot::Package;

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim::SimOptions options;
    options.seed = 11;
    options.users = 2;
    options.vehicles_per_user = 3;
    options.wake_delay = std::chrono::milliseconds(100);
    account_ = testing::start_sim_account(options);
    ASSERT_TRUE(account_.client);
    for (const auto& vin : account_.vins) account_.sim->set_vehicle_state(vin, "online");
  }

  Order order(Package package, std::vector<std::string> vins) {
    Order o;
    o.id = "ord-" + std::to_string(++orders_);
    o.package = package;
    o.vins = std::move(vins);
    return o;
  }

  Result<OrderResult> run(const Order& o, RawStore& store) {
    return run_order(o, *account_.client, store, SystemClock::instance());
  }

  testing::SimAccount account_;
  int orders_ = 0;
};

TEST_F(RunnerTest, ExpertOrderFillsEveryModuleOfAnOnlineCar) {
  InMemoryRawStore store;
  auto result = run(order(Package::expert, {account_.vins.front()}), store);
  ASSERT_TRUE(result.has_value()) << result.error().describe();
  ASSERT_EQ(result->snapshots.size(), 1u);
  const auto& s = result->snapshots.front();
  EXPECT_EQ(s.vin, account_.vins.front());
  for (ModuleId id : {ModuleId::identity, ModuleId::battery, ModuleId::odometer, ModuleId::tyres,
                      ModuleId::software, ModuleId::options, ModuleId::specs,
                      ModuleId::battery_health, ModuleId::fleet_status}) {
    EXPECT_EQ(s.result(id).outcome, ModuleOutcome::ok)
        << snapshot::to_string(id) << ": " << s.result(id).reason;
  }
  ASSERT_TRUE(s.battery.data && s.battery.data->level_pct);
  EXPECT_GT(*s.battery.data->level_pct, 0.0);
  EXPECT_EQ(s.provenance.package, Package::expert);
  EXPECT_GT(result->calls, 8);
  EXPECT_TRUE(testing::repeated_billed_requests(account_.sim->ledger()).empty());
}

TEST_F(RunnerTest, ChargingSessionsLandOnlyInTheirOwnCarsReport) {
  ASSERT_GE(account_.vins.size(), 3u);
  InMemoryRawStore store;
  auto result = run(order(Package::pro, account_.vins), store);
  ASSERT_TRUE(result.has_value());
  const auto& world = account_.sim->world();
  std::size_t expected_total = 0;
  for (const auto& session : world.sessions) expected_total += session.user == account_.user;
  std::size_t total = 0;
  std::set<std::string> ids;
  for (const auto& s : result->snapshots) {
    ASSERT_TRUE(s.charging.result.outcome == ModuleOutcome::ok ||
                s.charging.result.outcome == ModuleOutcome::empty)
        << s.charging.result.reason;
    if (!s.charging.data) continue;
    for (const auto& session : s.charging.data->sessions) {
      EXPECT_EQ(session.vin, s.vin);
      EXPECT_TRUE(ids.insert(session.id).second) << "session in two reports";
      ++total;
    }
  }
  EXPECT_EQ(total, expected_total);
  // Account-level history is walked once per order, not once per car.
  const auto ledger = account_.sim->ledger();
  EXPECT_LE(ledger.count("/api/1/dx/charging/history"),
            static_cast<std::int64_t>(expected_total / 50 + 2));
  EXPECT_EQ(ledger.count("/api/1/dx/vehicles/options"),
            static_cast<std::int64_t>(account_.vins.size()));
}

TEST_F(RunnerTest, SleepingCarIsNeverWokenWithoutPermission) {
  const std::string vin = account_.vins.front();
  account_.sim->set_vehicle_state(vin, "asleep");
  InMemoryRawStore store;
  auto result = run(order(Package::basic, {vin}), store);
  ASSERT_TRUE(result.has_value());
  const auto& s = result->snapshots.front();
  EXPECT_EQ(s.battery.result.outcome, ModuleOutcome::unavailable);
  EXPECT_EQ(s.battery.result.error_kind, ErrorKind::vehicle_unavailable);
  EXPECT_FALSE(s.battery.data.has_value());
  EXPECT_EQ(s.options.result.outcome, ModuleOutcome::ok);  // cloud data needs no awake car
  const auto ledger = account_.sim->ledger();
  EXPECT_EQ(ledger.count("/api/1/vehicles/" + vin + "/vehicle_data"), 0);
  EXPECT_EQ(ledger.count("/api/1/vehicles/" + vin + "/wake_up"), 0);
  EXPECT_EQ(account_.sim->vehicle_state(vin), "asleep");
}

TEST_F(RunnerTest, AllowWakeWakesTheCarThenReadsIt) {
  const std::string vin = account_.vins.front();
  account_.sim->set_vehicle_state(vin, "asleep");
  InMemoryRawStore store;
  Order o = order(Package::basic, {vin});
  o.allow_wake = true;
  auto result = run(o, store);
  ASSERT_TRUE(result.has_value());
  const auto& s = result->snapshots.front();
  EXPECT_EQ(s.battery.result.outcome, ModuleOutcome::ok) << s.battery.result.reason;
  EXPECT_GE(account_.sim->ledger().count("/api/1/vehicles/" + vin + "/wake_up"), 1);
}

TEST_F(RunnerTest, RerunOfTheSameOrderReusesEveryAnswer) {
  InMemoryRawStore store;
  Order o = order(Package::pro, account_.vins);
  auto first = run(o, store);
  ASSERT_TRUE(first.has_value());
  const auto billed_after_first = account_.sim->ledger().total_billed();
  auto second = run(o, store);  // as after a service restart: same order id, same store
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->calls, 0);
  EXPECT_GT(second->reused, 0);
  EXPECT_EQ(account_.sim->ledger().total_billed(), billed_after_first);
  ASSERT_EQ(second->snapshots.size(), first->snapshots.size());
  for (std::size_t i = 0; i < first->snapshots.size(); ++i) {
    EXPECT_EQ(second->snapshots[i].battery.data.has_value(),
              first->snapshots[i].battery.data.has_value());
  }
}

TEST_F(RunnerTest, BasicOrderMakesNoProOrExpertCalls) {
  InMemoryRawStore store;
  auto result = run(order(Package::basic, {account_.vins.front()}), store);
  ASSERT_TRUE(result.has_value());
  const auto& s = result->snapshots.front();
  EXPECT_EQ(s.charging.result.outcome, ModuleOutcome::not_in_package);
  EXPECT_EQ(s.tyres.result.outcome, ModuleOutcome::not_in_package);
  EXPECT_FALSE(s.tyres.data.has_value());
  EXPECT_EQ(s.specs.result.outcome, ModuleOutcome::not_in_package);
  const auto ledger = account_.sim->ledger();
  EXPECT_EQ(ledger.count("/api/1/dx/charging/history"), 0);
  EXPECT_EQ(ledger.count("/api/1/dx/warranty/details"), 0);
  EXPECT_EQ(ledger.count("/api/1/vehicles/" + account_.vins.front() + "/specs"), 0);
}

TEST_F(RunnerTest, VinNotOnTheAccountCostsNothingAndSaysWhy) {
  // A well-formed VIN of the other simulated user.
  const auto& world = account_.sim->world();
  const std::string other = world.vehicles[world.users[1].vehicles.front()].vin;
  InMemoryRawStore store;
  auto result = run(order(Package::basic, {other}), store);
  ASSERT_TRUE(result.has_value());
  const auto& s = result->snapshots.front();
  EXPECT_EQ(s.identity.result.outcome, ModuleOutcome::failed);
  EXPECT_EQ(s.identity.result.error_kind, ErrorKind::not_found);
  EXPECT_EQ(account_.sim->ledger().count("/api/1/vehicles/" + other), 0);
}

TEST_F(RunnerTest, InvalidOrdersAreRefusedBeforeAnyCall) {
  InMemoryRawStore store;
  EXPECT_EQ(run(order(Package::basic, {}), store).error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(run(order(Package::basic, {"../../etc/passwd"}), store).error().kind,
            ErrorKind::invalid_argument);
  EXPECT_EQ(account_.sim->ledger().total_requests(), 0);
}

}  // namespace
}  // namespace cpt::acquire
