// Endpoint catalog, the HTTP -> error mapping, retry/backoff and the ledger/budget.
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "cpt/tesla/endpoints.h"
#include "cpt/tesla/http_errors.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/retry.h"

namespace cpt::tesla {
namespace {

constexpr std::string_view kVin = "5YJ3E1EA7KF000001";

http::HttpResponse response(int status, std::string body, http::Headers headers = {}) {
  http::HttpResponse out;
  out.status = status;
  out.body = std::move(body);
  out.headers = std::move(headers);
  return out;
}

CallContext context(Endpoint endpoint = Endpoint::vehicle_data) {
  CallContext ctx;
  ctx.endpoint = endpoint;
  ctx.region = "eu";
  ctx.vin_suffix = "0001";
  return ctx;
}

// ---- catalog ---------------------------------------------------------------------------------

TEST(EndpointCatalog, RowsAreIndexedByTheirOwnId) {
  std::set<std::string_view> names;
  for (const auto& row : all_endpoints()) {
    EXPECT_EQ(&info(row.id), &row) << row.name;
    EXPECT_EQ(endpoint_by_name(row.name), row.id);
    names.insert(row.name);
  }
  EXPECT_EQ(names.size(), all_endpoints().size());
}

TEST(EndpointCatalog, PathsFixTheSeedsDrift) {
  EndpointParams params{.vin = std::string(kVin), .id = {}, .query = {}};
  EXPECT_EQ(build_target(Endpoint::options, params).value(),
            "/api/1/dx/vehicles/options?vin=5YJ3E1EA7KF000001");
  EXPECT_EQ(build_target(Endpoint::warranty, params).value(),
            "/api/1/dx/warranty/details?vin=5YJ3E1EA7KF000001");
  EXPECT_EQ(build_target(Endpoint::specs, params).value(),
            "/api/1/vehicles/5YJ3E1EA7KF000001/specs");
  EXPECT_EQ(info(Endpoint::specs).token, TokenKind::partner);
  EXPECT_EQ(build_target(Endpoint::recent_alerts, params).value(),
            "/api/1/vehicles/5YJ3E1EA7KF000001/recent_alerts");
  EXPECT_EQ(build_target(Endpoint::vehicles, {}).value(), "/api/1/vehicles");
}

TEST(EndpointCatalog, VehicleDataEndpointsSeparatorIsEncoded) {
  EndpointParams params{
      .vin = std::string(kVin), .id = {}, .query = {{"endpoints", "charge_state;location_data"}}};
  EXPECT_EQ(
      build_target(Endpoint::vehicle_data, params).value(),
      "/api/1/vehicles/5YJ3E1EA7KF000001/vehicle_data?endpoints=charge_state%3Blocation_data");
}

TEST(EndpointCatalog, UnsafeVinOrIdIsRejected) {
  EndpointParams bad_vin{.vin = "../../admin", .id = {}, .query = {}};
  auto target = build_target(Endpoint::vehicle, bad_vin);
  ASSERT_FALSE(target.has_value());
  EXPECT_EQ(target.error().kind, ErrorKind::invalid_argument);
  EXPECT_FALSE(build_target(Endpoint::options, {}).has_value());
  EndpointParams bad_id{.vin = {}, .id = "a/b", .query = {}};
  EXPECT_FALSE(build_target(Endpoint::charging_invoice, bad_id).has_value());
  EndpointParams good_id{.vin = {}, .id = "abc-123-efg", .query = {}};
  EXPECT_EQ(build_target(Endpoint::charging_invoice, good_id).value(),
            "/api/1/dx/charging/invoice/abc-123-efg");
}

TEST(EndpointCatalog, CategoriesMatchTeslaPricing) {
  EXPECT_EQ(info(Endpoint::vehicle_data).category, Category::data);
  EXPECT_EQ(info(Endpoint::wake_up).category, Category::wake);
  EXPECT_EQ(info(Endpoint::specs).category, Category::specs);
  EXPECT_EQ(info(Endpoint::oauth_token).category, Category::auth);
  EXPECT_FALSE(info(Endpoint::wake_up).idempotent);
  EXPECT_TRUE(info(Endpoint::fleet_status).idempotent);
}

// ---- HTTP -> error mapping -------------------------------------------------------------------

struct MappingCase {
  int status;
  std::string body;
  ErrorKind kind;
};

TEST(HttpErrorMapping, EveryDocumentedStatusMapsToItsKind) {
  const std::vector<MappingCase> cases = {
      {401, "", ErrorKind::unauthorized},
      {401, R"({"error":"login_required"})", ErrorKind::login_required},
      {401, R"j({"error":"token expired (401)"})j", ErrorKind::unauthorized},
      {402, "", ErrorKind::payment_required},
      {403, R"({"error":"Unauthorized missing scopes"})", ErrorKind::missing_scope},
      {404, R"({"error":"not_found"})", ErrorKind::not_found},
      {408,
       R"({"response":null,"error":"vehicle unavailable: vehicle is offline or asleep","error_description":""})",
       ErrorKind::vehicle_unavailable},
      {412, R"({"error":"Account abc must be registered in the current region"})",
       ErrorKind::region_not_registered},
      {421, R"({"error":"user out of region"})", ErrorKind::wrong_region},
      {423, "", ErrorKind::locked},
      {429, "Retry in 37829 seconds", ErrorKind::rate_limited},
      {400, R"({"error":"invalid_request"})", ErrorKind::invalid_argument},
      {400, R"({"error":"invalid_grant"})", ErrorKind::login_required},
      {500, "oops", ErrorKind::server},
      {503, "", ErrorKind::server},
      {540, "", ErrorKind::server},
  };
  for (const auto& c : cases) {
    const Error error = error_from_response(response(c.status, c.body), context());
    EXPECT_EQ(error.kind, c.kind) << c.status << " " << c.body;
    EXPECT_EQ(error.http_status(), c.status);
    EXPECT_EQ(error.get("endpoint").value_or(""), "vehicle_data");
  }
}

TEST(HttpErrorMapping, RegionNotRegisteredNamesRegionAndFix) {
  const Error error =
      error_from_response(response(412, R"({"error":"Account x must be registered"})"), context());
  EXPECT_EQ(error.get("region").value_or(""), "eu");
  EXPECT_EQ(error.get("register_command").value_or(""),
            "cpt partner register --region eu --domain <your domain>");
  EXPECT_NE(error.user_message.find("cpt partner register --region eu --domain <your domain>"),
            std::string::npos);
  EXPECT_NE(error.user_message.find(" eu "), std::string::npos);
}

TEST(HttpErrorMapping, RateLimitCarriesRetryAfter) {
  auto err = error_from_response(response(429, "", {{"retry-after", "37"}}), context());
  EXPECT_EQ(err.get("retry_after_s").value_or(""), "37");
  auto reset = error_from_response(response(429, "", {{"ratelimit-reset", "12"}}), context());
  EXPECT_EQ(reset.get("retry_after_s").value_or(""), "12");
  CallContext ctx = context();
  ctx.now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  auto epoch = error_from_response(response(429, "", {{"ratelimit-reset", "1700000090"}}), ctx);
  EXPECT_EQ(epoch.get("retry_after_s").value_or(""), "90");
  auto text = error_from_response(response(429, "Retry in 37829 seconds"), context());
  EXPECT_EQ(text.get("retry_after_s").value_or(""), "37829");
  auto none = error_from_response(response(429, "slow down"), context());
  EXPECT_FALSE(none.get("retry_after_s").has_value());
}

TEST(HttpErrorMapping, MisdirectedExtractsOnlyAllowedHosts) {
  const std::string tesla_body =
      R"({"response":null,"error":"user out of region, use base URL: https://fleet-api.prd.na.vn.cloud.tesla.com, see https://developer.tesla.com/docs/fleet-api#regional-requirements","error_description":""})";
  auto error = error_from_response(response(421, tesla_body), context());
  EXPECT_EQ(error.get("base_url").value_or(""), "https://fleet-api.prd.na.vn.cloud.tesla.com");

  const std::vector<std::string> none;
  EXPECT_FALSE(base_url_from_misdirected("use base URL: https://evil.example.org", none));
  EXPECT_FALSE(base_url_from_misdirected("use base URL: https://tesla.com.evil.org", none));
  EXPECT_FALSE(base_url_from_misdirected("use base URL: https://eviltesla.com", none));
  EXPECT_EQ(
      base_url_from_misdirected("use base URL: https://fleet-api.prd.cn.vn.cloud.tesla.cn", none)
          .value_or(""),
      "https://fleet-api.prd.cn.vn.cloud.tesla.cn");
  EXPECT_EQ(base_url_from_misdirected("use base URL: https://owner-api.teslamotors.com", none)
                .value_or(""),
            "https://owner-api.teslamotors.com");
  // Plain http to Tesla's own domains is never accepted; to a configured simulator host it is.
  EXPECT_FALSE(
      base_url_from_misdirected("use base URL: http://fleet-api.prd.na.vn.cloud.tesla.com", none));
  const std::vector<std::string> sim = {"127.0.0.1"};
  EXPECT_EQ(
      base_url_from_misdirected("use base URL: http://127.0.0.1:40123, see", sim).value_or(""),
      "http://127.0.0.1:40123");
  EXPECT_FALSE(base_url_from_misdirected("use base URL: http://127.0.0.2:40123", sim));
}

TEST(HttpErrorMapping, ErrorTextIsRedacted) {
  auto error = error_from_response(
      response(404, R"({"error":"vehicle 5YJ3E1EA7KF000001 of owner jane@example.com"})"),
      context());
  EXPECT_EQ(error.log_message.find("5YJ3E1EA7KF000001"), std::string::npos);
  EXPECT_EQ(error.log_message.find("jane@example.com"), std::string::npos);
  EXPECT_EQ(error.get("tesla_error")->find("jane@example.com"), std::string::npos);
}

// ---- retry and backoff -----------------------------------------------------------------------

RetryOptions retry_options() {
  RetryOptions options;
  options.max_attempts = 4;
  options.initial_backoff = std::chrono::milliseconds(1000);
  options.max_backoff = std::chrono::milliseconds(5000);
  options.multiplier = 2.0;
  options.jitter = 0.5;
  options.max_total = std::chrono::milliseconds(60'000);
  options.max_retry_after = std::chrono::milliseconds(30'000);
  return options;
}

TEST(Backoff, GrowsExponentiallyWithinJitterBoundsAndCaps) {
  Backoff backoff(retry_options(), 7);
  const std::vector<std::pair<int, int>> bounds = {
      {500, 1000}, {1000, 2000}, {2000, 4000}, {2500, 5000}, {2500, 5000}};
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const auto delay = backoff.delay(static_cast<int>(i) + 1).count();
    EXPECT_GE(delay, bounds[i].first) << "retry " << i + 1;
    EXPECT_LE(delay, bounds[i].second) << "retry " << i + 1;
  }
}

TEST(Backoff, SameSeedSameDelaysDifferentSeedDifferentDelays) {
  Backoff a(retry_options(), 42), b(retry_options(), 42), c(retry_options(), 43);
  std::vector<long> da, db, dc;
  for (int i = 1; i <= 4; ++i) {
    da.push_back(a.delay(i).count());
    db.push_back(b.delay(i).count());
    dc.push_back(c.delay(i).count());
  }
  EXPECT_EQ(da, db);
  EXPECT_NE(da, dc);
}

TEST(RetryPolicy, RetriesTemporaryFailuresOfIdempotentCallsOnly) {
  RetryPolicy policy(retry_options(), 1);
  const auto zero = std::chrono::milliseconds(0);
  EXPECT_TRUE(policy.on_failure(make_error(ErrorKind::server, "503"), true, 1, zero).retry);
  EXPECT_TRUE(policy.on_failure(make_error(ErrorKind::timeout, "t"), true, 1, zero).retry);
  EXPECT_TRUE(policy.on_failure(make_error(ErrorKind::transport, "t"), true, 1, zero).retry);
  EXPECT_FALSE(policy.on_failure(make_error(ErrorKind::server, "503"), false, 1, zero).retry);
  EXPECT_FALSE(
      policy.on_failure(make_error(ErrorKind::vehicle_unavailable, "408"), true, 1, zero).retry);
  EXPECT_FALSE(policy.on_failure(make_error(ErrorKind::unauthorized, "401"), true, 1, zero).retry);
  EXPECT_FALSE(policy.on_failure(make_error(ErrorKind::not_found, "404"), true, 1, zero).retry);
}

TEST(RetryPolicy, StopsAtMaxAttemptsAndTotalTime) {
  RetryPolicy policy(retry_options(), 1);
  const Error error = make_error(ErrorKind::server, "500");
  EXPECT_TRUE(policy.on_failure(error, true, 3, std::chrono::milliseconds(0)).retry);
  EXPECT_FALSE(policy.on_failure(error, true, 4, std::chrono::milliseconds(0)).retry);
  EXPECT_FALSE(policy.on_failure(error, true, 1, std::chrono::milliseconds(59'900)).retry);
}

TEST(RetryPolicy, RetryAfterIsHonouredUpToTheCap) {
  RetryPolicy policy(retry_options(), 1);
  const auto zero = std::chrono::milliseconds(0);
  auto limited = make_error(ErrorKind::rate_limited, "429").with("retry_after_s", "20");
  auto decision = policy.on_failure(limited, true, 1, zero);
  EXPECT_TRUE(decision.retry);
  EXPECT_EQ(decision.delay, std::chrono::milliseconds(20'000));
  auto too_long = make_error(ErrorKind::rate_limited, "429").with("retry_after_s", "37829");
  EXPECT_FALSE(policy.on_failure(too_long, true, 1, zero).retry);
  auto no_header = make_error(ErrorKind::rate_limited, "429");
  auto fallback = policy.on_failure(no_header, true, 1, zero);
  EXPECT_TRUE(fallback.retry);
  EXPECT_GE(fallback.delay.count(), 500);
  EXPECT_LE(fallback.delay.count(), 1000);
}

// ---- ledger and budget -----------------------------------------------------------------------

TEST(Ledger, PricesAndBillingRules) {
  EXPECT_EQ(price_micros(Category::data), 2'000);
  EXPECT_EQ(price_micros(Category::wake), 20'000);
  EXPECT_EQ(price_micros(Category::command), 1'000);
  EXPECT_EQ(price_micros(Category::specs), 100'000);
  EXPECT_EQ(price_micros(Category::auth), 0);
  EXPECT_TRUE(is_billed(Category::data, 200));
  EXPECT_TRUE(is_billed(Category::data, 408));
  EXPECT_TRUE(is_billed(Category::data, 429));
  EXPECT_FALSE(is_billed(Category::data, 500));
  EXPECT_FALSE(is_billed(Category::data, 0));
  EXPECT_FALSE(is_billed(Category::specs, 403));
  EXPECT_TRUE(is_billed(Category::specs, 200));
  EXPECT_FALSE(is_billed(Category::auth, 200));
}

TEST(Ledger, FormatUsd) {
  EXPECT_EQ(format_usd(2'000), "$0.002");
  EXPECT_EQ(format_usd(100'000), "$0.10");
  EXPECT_EQ(format_usd(1'210'000), "$1.21");
  EXPECT_EQ(format_usd(0), "$0.00");
  EXPECT_EQ(format_usd(12'345'678), "$12.345678");
}

TEST(Ledger, TotalsCountOnlyBilledCalls) {
  CallLedger ledger;
  ledger.record({.endpoint = Endpoint::vehicle_data,
                 .category = Category::data,
                 .http_status = 200,
                 .billed = true,
                 .price_micros = 2000,
                 .vin_suffix = "0001",
                 .region = "eu",
                 .attempt = 1,
                 .elapsed = {}});
  ledger.record({.endpoint = Endpoint::vehicle_data,
                 .category = Category::data,
                 .http_status = 503,
                 .billed = false,
                 .price_micros = 0,
                 .vin_suffix = "0001",
                 .region = "eu",
                 .attempt = 1,
                 .elapsed = {}});
  ledger.record({.endpoint = Endpoint::wake_up,
                 .category = Category::wake,
                 .http_status = 200,
                 .billed = true,
                 .price_micros = 20000,
                 .vin_suffix = "0001",
                 .region = "eu",
                 .attempt = 1,
                 .elapsed = {}});
  EXPECT_EQ(ledger.records().size(), 3u);
  EXPECT_EQ(ledger.billed_calls(), 2);
  EXPECT_EQ(ledger.billed_micros(), 22'000);
  EXPECT_EQ(ledger.billed_by_endpoint().at("vehicle_data"), 1);
}

TEST(Budget, RefusesTheCallThatWouldPassTheLimit) {
  Budget budget(5'000);
  ASSERT_TRUE(budget.reserve(2'000).has_value());
  budget.settle(2'000, true);
  ASSERT_TRUE(budget.reserve(2'000).has_value());
  budget.settle(2'000, true);
  auto third = budget.reserve(2'000);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().kind, ErrorKind::budget_exceeded);
  EXPECT_EQ(budget.spent(), 4'000);
  EXPECT_TRUE(budget.reserve(0).has_value());  // free calls always pass
}

TEST(Budget, UnbilledCallsGiveTheirReservationBack) {
  Budget budget(2'000);
  ASSERT_TRUE(budget.reserve(2'000).has_value());
  EXPECT_FALSE(budget.reserve(2'000).has_value());  // in flight counts
  budget.settle(2'000, false);                      // a 5xx: not billed
  EXPECT_EQ(budget.spent(), 0);
  EXPECT_TRUE(budget.reserve(2'000).has_value());
}

TEST(Budget, ConcurrentReservationsNeverOvershoot) {
  Budget budget(20'000);  // exactly 10 data calls
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (budget.reserve(2'000)) {
          ++granted;
          budget.settle(2'000, true);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 10);
  EXPECT_EQ(budget.spent(), 20'000);
}

TEST(Budget, PlanIsPricedBeforeRunning) {
  const FetchPlan plan = {{Endpoint::vehicles, 1},
                          {Endpoint::vehicle_data, 3},
                          {Endpoint::specs, 3},
                          {Endpoint::oauth_token, 2}};
  EXPECT_EQ(price_of(plan), 2'000 + 3 * 2'000 + 3 * 100'000);
}

}  // namespace
}  // namespace cpt::tesla
