// The runner reads every page of GET /api/1/vehicles, as sign-in does: a VIN beyond the first 100
// is on the account, not "not on the account".
#include <gtest/gtest.h>

#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "sim_account.h"

namespace cpt::acquire {
namespace {

TEST(Inventory, AVinOnTheSecondPageOfTheVehicleListIsOnTheAccount) {
  sim::SimOptions options;
  options.users = 1;
  options.vehicles_per_user = 103;  // the list answers 100 per page
  auto account = testing::start_sim_account(options);
  ASSERT_TRUE(account.client);
  ASSERT_EQ(account.vins.size(), 103u);
  const std::string last = account.vins.back();
  account.sim->reset_ledger();
  Order order;
  order.id = "ord-inventory";
  order.package = snapshot::Package::basic;
  order.vins = {last};
  InMemoryRawStore store;
  auto result = run_order(order, *account.client, store, SystemClock::instance());
  ASSERT_TRUE(result.has_value());
  const auto& identity = result->snapshots.front().result(snapshot::ModuleId::identity);
  EXPECT_NE(identity.reason, "This vehicle is not on the connected Tesla account.");
  EXPECT_GT(account.sim->ledger().count("/api/1/vehicles/" + last), 0);  // its calls were made
  EXPECT_EQ(account.sim->ledger().count("/api/1/vehicles", "GET") -
                account.sim->ledger().count("/api/1/vehicles/", "GET"),
            2);  // both pages of the list, once each
}

}  // namespace
}  // namespace cpt::acquire
