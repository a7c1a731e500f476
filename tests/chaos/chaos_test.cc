// The short chaos run in the suite: the fault mix with short waits (Retry-After 1-4 s, an
// order deadline of 12 s, a region out for 5 s), cpt serve killed twice, every goal asserted.
#include <gtest/gtest.h>

#include "chaos/chaos.h"

namespace cpt::chaos {
namespace {

// The sanitizer tree runs the same storm with fewer orders (its binaries are ~3x slower).
#if defined(__SANITIZE_ADDRESS__)
constexpr int kOrders = 20;
#else
constexpr int kOrders = 50;
#endif

TEST(ChaosShort, FiftyOrdersThroughFaultsAndKillsMeetEveryGoal) {
  ChaosOptions options;
  options.orders = kOrders;
  options.seconds = 90;  // no order is placed after this: the case stays inside its 2 minutes
  options.concurrency = 10;
  options.retry_after_max_s = 4;
  options.order_deadline_s = 12;
  options.region_outage_s = 5;
  options.slow_body_ms = 600;
  options.kills = 2;
  options.token_lifetime_s = 90;
  ChaosResult result;
  std::string why;
  ASSERT_TRUE(run_chaos(options, result, why)) << why;
  print_table(options, result, stdout);
  EXPECT_EQ(result.placed, kOrders);
  EXPECT_EQ(result.lost, 0);
  EXPECT_EQ(result.crashes, 0);
  EXPECT_EQ(result.kills, 2);
  EXPECT_EQ(result.dishonest, 0);
  EXPECT_EQ(result.billed_twice, 0);
  EXPECT_GT(result.module_rows, kOrders) << "every report's module rows were read";
  EXPECT_TRUE(result.missed().empty());
  EXPECT_LE(result.p99_s, options.order_deadline_s + 10.0);
}

}  // namespace
}  // namespace cpt::chaos
