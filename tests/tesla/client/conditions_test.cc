// Errors by meaning (FLEET-API §10.2, §10.8): 401/403 variants that are about the car or the
// account never spend a refresh token; answers that every further call of the account would meet
// alike (412, 402, 403 account disabled, 423, a long 429, a refused refresh) stop the account's
// remaining calls.
#include <gtest/gtest.h>

#include <atomic>

#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using testing::Harness;
using testing::json_response;
using testing::kVin;

Harness::Handler always(int status, std::string body) {
  return [=](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(status, body);
  };
}

TEST(Conditions, MobileAccessDisabledIsAVehicleConditionWithoutARefresh) {
  Harness h;
  h.fleet = always(401, R"({"response":null,"error":"mobile_access_disabled"})");
  auto answer = h.client().vehicle_data(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::vehicle_unavailable);
  EXPECT_EQ(answer.error().get("reason").value_or(""), "mobile_access_disabled");
  EXPECT_NE(answer.error().user_message.find("Mobile access"), std::string::npos);
  EXPECT_EQ(h.tokens.refreshes, 0);
  EXPECT_EQ(h.request_count(), 1u);
}

TEST(Conditions, AWakeEndsAtOnceWhenMobileAccessIsOff) {
  Harness h;
  h.fleet = always(401, R"({"response":null,"error":"mobile_access_disabled"})");
  auto answer = h.client().wake_up(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().get("reason").value_or(""), "mobile_access_disabled");
  EXPECT_EQ(h.request_count(), 1u);  // not re-posted until the wake deadline
  EXPECT_EQ(answer.error().get("billed_micros").value_or(""), "20000");
}

TEST(Conditions, UnknownUserIsAnAccountConditionWithoutARefresh) {
  Harness h;
  h.fleet = always(401, R"({"response":null,"error":"unknown user","error_description":""})");
  auto answer = h.client().vehicles();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(answer.error().get("reason").value_or(""), "unknown_user");
  EXPECT_EQ(h.tokens.refreshes, 0);
}

TEST(Conditions, AnExpiredTokenIsRefreshedOnceThenRetried) {
  Harness h;
  std::atomic<int> calls{0};
  h.fleet = [&](const http::HttpRequest&) -> Result<http::HttpResponse> {
    if (calls++ == 0) return json_response(401, R"x({"error":"token expired (401)"})x");
    return json_response(200, R"({"response":[]})");
};
ASSERT_TRUE(h.client().vehicles().has_value());
EXPECT_EQ(h.tokens.refreshes, 1);
}

// Two calls of one account; the first meets `status`/`body`. Returns how many reached Tesla.
std::size_t second_call_after(int status, std::string body, Error& second) {
  Harness h;
  h.fleet = always(status, std::move(body));
  FleetClient client = h.client();
  (void)client.vehicles();
  auto again = client.vehicle(kVin);
  EXPECT_FALSE(again.has_value());
  if (!again) second = again.error();
  return h.request_count();
}

TEST(Conditions, AccountWideRefusalsStopTheRemainingCalls) {
  for (auto [status, body] : std::vector<std::pair<int, std::string>>{
           {412, R"({"error":"Account must be registered in the current region"})"},
           {402, R"({"error":"payment required"})"},
           {403, R"({"error":"account disabled: EXCEEDED_LIMIT"})"},
           {423, R"({"error":"locked"})"}}) {
    Error second;
    EXPECT_EQ(second_call_after(status, body, second), 1u) << status;
    EXPECT_EQ(second.get("not_sent").value_or(""), "account_halted") << status;
    EXPECT_EQ(second.get("billed_micros").value_or(""), "0");
    EXPECT_NE(second.user_message.find("Not asked"), std::string::npos);
  }
}

// A sign-in Tesla no longer refreshes (revoked, cycled out): the call that found out is the
// last one sent; every further call would be a billed 401 and another refused refresh.
TEST(Conditions, ARefusedRefreshStopsTheRemainingCalls) {
  Harness h;
  h.fleet = always(401, R"x({"error":"token expired (401)"})x");
  h.tokens.revoked = true;
  FleetClient client = h.client();
  auto first = client.vehicles();
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().kind, ErrorKind::login_required);
  const int refreshes = h.tokens.refreshes;
  for (int i = 0; i < 3; ++i) {
    auto again = client.vehicle(kVin);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().get("not_sent").value_or(""), "account_halted");
    EXPECT_EQ(again.error().kind, ErrorKind::login_required);
  }
  EXPECT_EQ(h.request_count(), 1u);
  EXPECT_EQ(h.tokens.refreshes, refreshes);  // no refresh tried again
}

TEST(Conditions, AShortRateLimitDoesNotStopTheAccount) {
  Harness h;
  std::atomic<int> calls{0};
  h.fleet = [&](const http::HttpRequest&) -> Result<http::HttpResponse> {
    if (calls++ == 0) {
      auto response = json_response(429, "Retry in 1 seconds");
      response.headers.emplace_back("retry-after", "1");
      return response;
    }
    return json_response(200, R"({"response":[]})");
  };
  FleetClient client = h.client();
  ASSERT_TRUE(client.vehicles().has_value());  // retried after a second
  EXPECT_TRUE(client.vehicle(kVin).has_value());
  EXPECT_EQ(h.request_count(), 3u);
}

TEST(Conditions, ALongRateLimitCoolsTheAccountDownUntilItsEnd) {
  Harness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    auto response = json_response(429, "Retry in 3600 seconds");
    response.headers.emplace_back("retry-after", "3600");
    return response;
  };
  FleetClient client = h.client();
  auto first = client.vehicles();
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().kind, ErrorKind::rate_limited);
  auto second = client.vehicle(kVin);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().get("not_sent").value_or(""), "account_halted");
  EXPECT_EQ(h.request_count(), 1u);
  h.clock->advance(std::chrono::seconds(3601));
  (void)client.vehicle(kVin);
  EXPECT_EQ(h.request_count(), 2u);  // the cool-down is over
}

}  // namespace
}  // namespace cpt::tesla
