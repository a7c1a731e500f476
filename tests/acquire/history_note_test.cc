// When Tesla's totalResults disagrees with the sessions the walk read (FLEET-API §10.1: is it the
// grand total or a per-page count?), every page is still read and the report says so.
#include <gtest/gtest.h>

#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "cpt/sim/quirks.h"
#include "sim_account.h"

namespace cpt::acquire {
namespace {

OrderResult pro_order(std::string_view quirks) {
  sim::SimOptions options;
  options.seed = 11;
  options.users = 1;
  options.vehicles_per_user = 3;
  options.today_epoch_s = sim::kFixedToday;
  EXPECT_TRUE(sim::apply_quirks(quirks, options.quirks).has_value());
  auto account = testing::start_sim_account(options);
  EXPECT_TRUE(account.client);
  Order order;
  order.id = "ord-history";
  order.package = snapshot::Package::pro;
  order.vins = account.vins;
  InMemoryRawStore store;
  auto result = run_order(order, *account.client, store, SystemClock::instance());
  EXPECT_TRUE(result.has_value());
  return result ? std::move(*result) : OrderResult{};
}

TEST(HistoryNote, APerPageTotalIsReadWholeAndTheReportSaysTheTotalsDisagree) {
  const OrderResult plain = pro_order("");
  const OrderResult per_page = pro_order("history-total-per-page,page-cap-10");
  ASSERT_EQ(per_page.snapshots.size(), plain.snapshots.size());
  std::size_t sessions = 0;
  for (std::size_t v = 0; v < plain.snapshots.size(); ++v) {
    const auto& want = plain.snapshots[v].charging;
    const auto& got = per_page.snapshots[v].charging;
    EXPECT_TRUE(want.result.reason.empty()) << want.result.reason;  // totals agree by default
    EXPECT_NE(got.result.reason.find("gave its total as 10 sessions"), std::string::npos)
        << got.result.reason;
    ASSERT_EQ(got.data.has_value(), want.data.has_value());
    if (!want.data) continue;
    ASSERT_EQ(got.data->sessions.size(), want.data->sessions.size());
    sessions += got.data->sessions.size();
    for (std::size_t i = 0; i < want.data->sessions.size(); ++i) {
      EXPECT_EQ(got.data->sessions[i].id, want.data->sessions[i].id);
    }
  }
  EXPECT_GT(sessions, 10u);  // more than one capped page
}

}  // namespace
}  // namespace cpt::acquire
