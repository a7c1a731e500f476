// The acquisition against the default simulator and every quirk profile (FLEET-API §9): the
// reports must hold the same content whichever way Tesla answers the open questions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "cpt/report/renderers.h"
#include "cpt/sim/quirks.h"
#include "sim_account.h"
#include "support/report_content.h"

namespace cpt::acquire {
namespace {

using snapshot::ModuleId;
using snapshot::ModuleOutcome;

// What a vehicle's report says, without fetch times and costs.
nlohmann::json report_content(const snapshot::VehicleSnapshot& snapshot) {
  report::ReportOptions options;
  options.generated_at = from_epoch_seconds(1'800'000'000);
  auto text = report::render_json(report::build_report(snapshot, options));
  EXPECT_TRUE(text.has_value());
  auto json = nlohmann::json::parse(text.value_or("{}"));
  cpt::testing::strip_volatile(json);
  return json;
}

// One instant for every simulator and order of the test, so dates depend on content only.
std::shared_ptr<FakeClock> shared_clock() {
  static const auto start =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return std::make_shared<FakeClock>(start);
}

struct OrderRun {
  testing::SimAccount account;
  OrderResult result;
};

OrderRun run_with(std::string_view quirks) {
  sim::SimOptions options;
  options.seed = 11;
  options.users = 2;
  options.vehicles_per_user = 3;
  options.wake_delay = std::chrono::milliseconds(50);
  auto clock = shared_clock();
  options.clock = clock;
  EXPECT_TRUE(sim::apply_quirks(quirks, options.quirks).has_value());
  OrderRun run;
  run.account = testing::start_sim_account(options, "vehicle_cmds");
  EXPECT_TRUE(run.account.client);
  if (!run.account.client) return run;
  for (const auto& vin : run.account.vins) run.account.sim->set_vehicle_state(vin, "online");
  run.account.sim->reset_ledger();
  Order order;
  order.id = "ord-quirks";
  order.package = snapshot::Package::expert;
  order.vins = run.account.vins;
  order.allow_wake = true;
  InMemoryRawStore store;
  auto result = run_order(order, *run.account.client, store, *clock);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
  if (result) run.result = std::move(*result);
  return run;
}

class QuirkProfile : public ::testing::TestWithParam<std::string> {};

TEST_P(QuirkProfile, ReportsHoldTheSameContentAsAgainstTheDefaultSimulator) {
  static const OrderRun baseline = run_with("");
  const OrderRun quirky = run_with(GetParam());
  ASSERT_EQ(quirky.result.snapshots.size(), baseline.result.snapshots.size());
  const bool mobile_off = GetParam() == "mobile-access-disabled";
  for (std::size_t v = 0; v < baseline.result.snapshots.size(); ++v) {
    const auto& got = quirky.result.snapshots[v];
    if (mobile_off && v + 1 == baseline.result.snapshots.size()) {
      // The car with Mobile access off: its live data is missing, and the report says why.
      const auto& data = got.result(ModuleId::battery);
      EXPECT_EQ(data.outcome, ModuleOutcome::unavailable) << data.reason;
      EXPECT_NE(data.reason.find("Mobile access"), std::string::npos) << data.reason;
      continue;
    }
    std::vector<std::string> diff;
    cpt::testing::json_differences(report_content(baseline.result.snapshots[v]),
                                   report_content(got), "", diff);
    EXPECT_TRUE(diff.empty()) << "vehicle " << v << " under " << GetParam() << ":\n"
                              << ::testing::PrintToString(diff);
  }
  // No profile costs a refresh (the partner token for specs is the only token call).
  EXPECT_EQ(quirky.account.sim->ledger().count("/oauth2/v3/token"),
            baseline.account.sim->ledger().count("/oauth2/v3/token"))
      << GetParam();
}

std::vector<std::string> profiles() {
  std::vector<std::string> names;
  for (auto name : sim::quirk_names()) names.emplace_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryProfile, QuirkProfile, ::testing::ValuesIn(profiles()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (auto& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace cpt::acquire
