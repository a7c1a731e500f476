// The FleetConnection's policies end to end over a scripted transport: tokens, 401 refresh, 421
// re-route, retries with a fake clock, budget, ledger.
#include <gtest/gtest.h>

#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using testing::Harness;
using testing::json_response;
using testing::kVin;
using testing::sequence;
using testing::with_header;

const std::string kOk = R"({"response":{"vin":"5YJ3E1EA7KF000001"}})";

TEST(FleetConnection, SendsDocumentedRequestWithUserToken) {
  Harness h;
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(response->http_status, 200);
  ASSERT_EQ(h.request_count(), 1u);
  const auto request = h.request(0);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://fleet-api.prd.eu.vn.cloud.tesla.com/api/1/vehicles/" + std::string(kVin));
  EXPECT_EQ(http::find_header(request.headers, "authorization").value_or(""), "Bearer access-0");
  EXPECT_EQ(http::find_header(request.headers, "content-type").value_or(""), "application/json");
  ASSERT_EQ(h.ledger->records().size(), 1u);
  EXPECT_EQ(h.ledger->records()[0].vin_suffix, "0001");
  EXPECT_EQ(h.ledger->records()[0].region, "eu");
  EXPECT_TRUE(h.ledger->records()[0].billed);
}

TEST(FleetConnection, SpecsUsesAPartnerTokenForTheRegionAudience) {
  Harness h;
  FleetClient client = h.client();
  ASSERT_TRUE(client.specs(kVin).has_value());
  const auto request = h.request(0);
  EXPECT_EQ(http::find_header(request.headers, "authorization").value_or(""), "Bearer partner-1");
  auto form = testing::parse_form(h.tokens.last_form_body);
  EXPECT_EQ(form["audience"], "https://fleet-api.prd.eu.vn.cloud.tesla.com");
  EXPECT_EQ(h.ledger->records().back().price_micros, 100'000);
}

TEST(FleetConnection, UnauthorizedRefreshesOnceAndRetriesOnce) {
  Harness h;
  h.fleet = sequence({json_response(401, ""), json_response(200, kOk)});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(h.tokens.refreshes.load(), 1);
  ASSERT_EQ(h.request_count(), 2u);
  EXPECT_EQ(http::find_header(h.request(1).headers, "authorization").value_or(""),
            "Bearer access-1");
  EXPECT_EQ(h.store->load("alice").value()->access_token, "access-1");
}

TEST(FleetConnection, SecondUnauthorizedIsReturnedAfterOneRefresh) {
  Harness h;
  h.fleet = sequence({json_response(401, "")});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(h.tokens.refreshes.load(), 1);
  EXPECT_EQ(h.request_count(), 2u);
}

TEST(FleetConnection, RevokedTokenIsLoginRequired) {
  Harness h;
  h.tokens.revoked = true;
  h.fleet = sequence({json_response(401, R"j({"error":"token expired (401)"})j")});
  FleetClient client = h.client();
  auto response = client.vehicles();
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::login_required);
  EXPECT_EQ(h.request_count(), 1u);
}

TEST(FleetConnection, MisdirectedReroutesOnceAndSticks) {
  Harness h;
  h.fleet = [](const http::HttpRequest& request) -> Result<http::HttpResponse> {
    if (request.url.starts_with("https://fleet-api.prd.na.vn.cloud.tesla.com")) {
      return json_response(200, kOk);
    }
    return json_response(
        421,
        R"({"response":null,"error":"user out of region, use base URL: https://fleet-api.prd.na.vn.cloud.tesla.com, see https://developer.tesla.com/docs/fleet-api#regional-requirements","error_description":""})");
  };
  FleetClient client = h.client();
  auto first = client.vehicle(kVin);
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  EXPECT_EQ(first->base_url, "https://fleet-api.prd.na.vn.cloud.tesla.com");
  auto second = client.vehicles();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(h.request_count(), 3u);  // 421, 200, then straight to NA
  EXPECT_EQ(client.connection().base_url(), "https://fleet-api.prd.na.vn.cloud.tesla.com");
}

TEST(FleetConnection, MisdirectedToAHostOutsideTheAllowListIsNotFollowed) {
  Harness h;
  h.fleet =
      sequence({json_response(421, R"({"error":"use base URL: https://fleet.evil.example"})")});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::wrong_region);
  EXPECT_FALSE(response.error().get("base_url").has_value());
  EXPECT_EQ(h.request_count(), 1u);
}

TEST(FleetConnection, RateLimitWaitsRetryAfterOnTheFakeClock) {
  Harness h;
  h.fleet = sequence({with_header(json_response(429, "Retry in 5 seconds"), "retry-after", "5"),
                      json_response(200, kOk)});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(response->attempts, 2);
  EXPECT_EQ(h.clock->slept(), std::chrono::milliseconds(5000));
}

TEST(FleetConnection, RetryAfterAboveTheCapIsNotWaitedFor) {
  Harness h;
  h.fleet = sequence({with_header(json_response(429, ""), "retry-after", "37829")});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::rate_limited);
  EXPECT_EQ(response.error().get("retry_after_s").value_or(""), "37829");
  EXPECT_EQ(h.request_count(), 1u);
  EXPECT_EQ(h.clock->slept(), std::chrono::milliseconds(0));
}

TEST(FleetConnection, ServerErrorThenSuccessIsRetriedAndOnlyTheSuccessBilled) {
  Harness h;
  h.fleet = sequence({json_response(503, ""), json_response(200, kOk)});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_TRUE(response.has_value());
  const auto records = h.ledger->records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[0].billed);
  EXPECT_TRUE(records[1].billed);
  EXPECT_EQ(h.ledger->billed_micros(), 2'000);
  EXPECT_GE(h.clock->slept().count(), 250);
  EXPECT_LE(h.clock->slept().count(), 500);
}

TEST(FleetConnection, PersistentServerErrorsStopAtMaxAttempts) {
  Harness h;
  h.fleet = sequence({json_response(500, "")});
  FleetClient client = h.client();
  auto response = client.vehicle(kVin);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::server);
  EXPECT_EQ(response.error().get("attempts").value_or(""), "4");
  EXPECT_EQ(h.request_count(), 4u);
  // Three jittered waits: [250,500] + [500,1000] + [1000,2000].
  EXPECT_GE(h.clock->slept().count(), 1750);
  EXPECT_LE(h.clock->slept().count(), 3500);
}

TEST(FleetConnection, TransportFailuresAreRetriedAndNotBilled) {
  Harness h;
  h.fleet = sequence({fail(ErrorKind::transport, "connection reset"), json_response(200, kOk)});
  FleetClient client = h.client();
  ASSERT_TRUE(client.vehicle(kVin).has_value());
  EXPECT_EQ(h.ledger->records()[0].http_status, 0);
  EXPECT_FALSE(h.ledger->records()[0].billed);
}

TEST(FleetConnection, AsleepVehicleIsUnavailableWithoutRetryOrWake) {
  Harness h;
  h.fleet = sequence({json_response(
      408,
      R"({"response":null,"error":"vehicle unavailable: vehicle is offline or asleep","error_description":""})")});
  FleetClient client = h.client();
  auto response = client.vehicle_data(kVin);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::vehicle_unavailable);
  EXPECT_EQ(response.error().get("vin_suffix").value_or(""), "0001");
  ASSERT_EQ(h.request_count(), 1u);
  EXPECT_EQ(h.request(0).url.find("wake_up"), std::string::npos);
}

TEST(FleetConnection, WakeUpIsNeverRetriedByTheConnection) {
  Harness h;
  h.fleet = sequence({json_response(503, "")});
  auto connection = h.client().connection().call(FleetRequest::for_vin(Endpoint::wake_up, kVin));
  ASSERT_FALSE(connection.has_value());
  EXPECT_EQ(h.request_count(), 1u);
}

TEST(FleetConnection, BudgetStopsBilledCallsBeforeSending) {
  Harness h;
  h.budget = std::make_shared<Budget>(4'000);  // two data calls
  FleetClient client = h.client();
  ASSERT_TRUE(client.vehicle(kVin).has_value());
  ASSERT_TRUE(client.recent_alerts(kVin).has_value());
  auto third = client.service_data(kVin);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().kind, ErrorKind::budget_exceeded);
  EXPECT_EQ(h.request_count(), 2u);
  EXPECT_EQ(h.budget->spent(), 4'000);
}

TEST(FleetConnection, UnbilledFailuresDoNotConsumeTheBudget) {
  Harness h;
  h.budget = std::make_shared<Budget>(2'000);
  h.fleet = sequence({json_response(500, ""), json_response(200, kOk)});
  FleetClient client = h.client();
  ASSERT_TRUE(client.vehicle(kVin).has_value());
  EXPECT_EQ(h.budget->spent(), 2'000);
}

TEST(FleetConnection, MissingScopeNamesTheScope) {
  Harness h;
  h.fleet = sequence({json_response(403, R"({"error":"Unauthorized missing scopes"})")});
  FleetClient client = h.client();
  auto response = client.charging_history_page({}, 1, 50);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::missing_scope);
  EXPECT_NE(response.error().user_message.find("vehicle_charging_cmds"), std::string::npos);
}

}  // namespace
}  // namespace cpt::tesla
