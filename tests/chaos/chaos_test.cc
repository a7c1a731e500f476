// The short chaos run in the suite: the issue's fault mix with short waits (Retry-After 1-4 s, an
// order deadline of 12 s, a region out for 5 s), cpt serve killed twice, every goal asserted.
#include <gtest/gtest.h>

#include <tuple>

#include "chaos/chaos.h"

namespace cpt::chaos {
namespace {

// The sanitizer tree runs the same storm with fewer orders (its binaries are ~3x slower), and
// an order's reports, rendered after its deadline cut the calls, take ~3x as long too.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kOrders = 20;
constexpr double kRenderSlack = 30.0;
#else
constexpr int kOrders = 50;
constexpr double kRenderSlack = 10.0;
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
  // An order ends by its deadline and the rendering of its reports, or as soon after as a killed
  // service is back.
  EXPECT_LE(result.p99_s, options.order_deadline_s + kRenderSlack + result.longest_outage_s);
}

// A ledger of Fleet answers for the audit: {user, path, status} in order, every one billed.
std::string ledger_of(const std::vector<std::tuple<std::string, std::string, int>>& answers) {
  std::string out = R"({"requests":[)";
  for (const auto& [user, path, status] : answers) {
    if (out.back() == '}') out += ',';
    out += R"({"host":"na","method":"GET","path":")" + path + R"(","query":"","vin":"","user":")" +
           user + R"(","fault":"","status":)" + std::to_string(status) + R"(,"billed":true})";
  }
  return out + "]}";
}

// The region read of a resumed order, answered just as cpt serve was killed: the simulator logs
// an answer to a request in flight at the SIGKILL after the signal, so only the ledger's size
// when the next cpt serve starts bounds what the dead process may have been sent.
TEST(ChaosAudit, AnAnswerLoggedJustAfterTheKillAndAskedAgainIsARetry) {
  const std::string ledger = ledger_of({{"a", "/api/1/vehicles", 200},
                                        {"b", "/api/1/users/region", 200},
                                        {"c", "/api/1/vehicles", 200},
                                        {"b", "/api/1/users/region", 200}});
  ChaosResult killed;
  detail::audit_ledger(ledger, {KillMark{1, 3}}, killed);
  EXPECT_EQ(killed.billed_twice, 0);
  EXPECT_EQ(killed.extra_billed["retry: answered as cpt serve was killed, not yet stored"], 1);

  ChaosResult unkilled;  // the same repeat in one process's life is a miss
  detail::audit_ledger(ledger, {}, unkilled);
  EXPECT_EQ(unkilled.billed_twice, 1);
  ASSERT_EQ(unkilled.billed_twice_examples.size(), 1u);
  EXPECT_NE(unkilled.billed_twice_examples.front().find("#1 200"), std::string::npos)
      << unkilled.billed_twice_examples.front();

  ChaosResult later;  // a repeat sent before the next cpt serve started is not the restart's
  detail::audit_ledger(ledger, {KillMark{1, 4}}, later);
  EXPECT_EQ(later.billed_twice, 1);
}

// A charging module that failed because its account's refresh was refused (the storm's revoked
// grant) is honest though every Fleet answer was clean; the same failure for an account whose
// answers and refreshes were all clean is not, and the example says what the report said.
TEST(ChaosAudit, AFailureAfterARefusedRefreshIsHonest) {
  std::string ledger = ledger_of({{"revoked", "/api/1/dx/charging/history", 200},
                                  {"clean", "/api/1/dx/charging/history", 200}});
  ledger.insert(ledger.size() - 2,
                R"(,{"host":"auth","method":"POST","path":"/oauth2/v3/token","query":"",)"
                R"("vin":"","user":"revoked","fault":"","status":401,"billed":false,)"
                R"("grant":"refresh_token"})");
  const auto row = [](std::string user) {
    return ModuleRow{std::move(user),
                     "5YJ3E1EA0000" + std::string("01234"),
                     "charging",
                     "failed",
                     "charging_history",
                     "sign in to Tesla again",
                     false};
  };
  ChaosResult result;
  detail::audit_honesty(ledger, {row("revoked"), row("clean")}, result);
  EXPECT_EQ(result.module_rows, 2);
  EXPECT_EQ(result.dishonest, 1);
  ASSERT_EQ(result.dishonest_examples.size(), 1u);
  EXPECT_NE(result.dishonest_examples.front().find("(it said: sign in to Tesla again)"),
            std::string::npos)
      << result.dishonest_examples.front();
}

// The heap gauges are read from /metrics text as cpt serve renders it, HELP lines and all.
TEST(ChaosAudit, HeapGaugesAreReadFromTheMetricsText) {
  ProcessSample sample;
  detail::read_heap_gauges(
      "# HELP cpt_heap_in_use_bytes Heap bytes allocated and not yet freed.\n"
      "# TYPE cpt_heap_in_use_bytes gauge\ncpt_heap_in_use_bytes 3145728\n"
      "# HELP cpt_heap_held_bytes Heap bytes held.\ncpt_heap_held_bytes 5242880\n",
      sample);
  EXPECT_EQ(sample.heap_in_use_kib, 3072);
  EXPECT_EQ(sample.heap_held_kib, 5120);
}

}  // namespace
}  // namespace cpt::chaos
