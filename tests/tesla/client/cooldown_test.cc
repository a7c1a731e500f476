// An account-wide stop met by one connection (one order) holds for the account's other
// connections too, and only for that account and only until it ends.
#include <gtest/gtest.h>

#include "cpt/tesla/account_cooldown.h"
#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using testing::Harness;
using testing::json_response;
using testing::kVin;

TEST(Cooldown, AStopMetByOneOrderHoldsForTheAccountsNextOrder) {
  Harness h;
  h.cooldown = std::make_shared<InProcessCooldown>();
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(412, R"({"error":"Account must be registered in the current region"})");
  };
  FleetClient first = h.client();
  ASSERT_FALSE(first.vehicles().has_value());  // 412: the account stops
  FleetClient second = h.client();             // another order of the same account
  auto again = second.vehicle(kVin);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, ErrorKind::region_not_registered);
  EXPECT_EQ(again.error().get("not_sent").value_or(""), "account_halted");
  EXPECT_EQ(h.request_count(), 1u) << "the second order sent nothing";
}

TEST(Cooldown, WithoutASharedCooldownEachConnectionMeetsTheAnswerItself) {
  Harness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(423, "");
  };
  (void)h.client().vehicles();
  (void)h.client().vehicles();
  EXPECT_EQ(h.request_count(), 2u);
}

TEST(Cooldown, AStopHoldsForItsAccountUntilItEnds) {
  InProcessCooldown cooldown;
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  Error limited = make_error(ErrorKind::rate_limited, "429");
  cooldown.record("alice", limited, now + std::chrono::seconds(3600), now);
  EXPECT_TRUE(cooldown.current("alice", now + std::chrono::seconds(3599)).has_value());
  EXPECT_FALSE(cooldown.current("bob", now).has_value());
  EXPECT_FALSE(cooldown.current("alice", now + std::chrono::seconds(3600)).has_value());
  // A stop without an end of its own lasts an order's life.
  cooldown.record("carol", make_error(ErrorKind::locked, "423"),
                  std::chrono::system_clock::time_point::max(), now);
  auto open = cooldown.current("carol", now);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->until, now + AccountCooldown::kOpenEnded);
}

}  // namespace
}  // namespace cpt::tesla
