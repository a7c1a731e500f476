// Unit tests of the service's small parts: rate limiter, metrics, logger, order specs, cards.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <memory>

#include "cpt/core/clock.h"
#include "cpt/core/vin.h"
#include "cpt/service/logger.h"
#include "cpt/service/metrics.h"
#include "cpt/service/oauth_callback.h"
#include "cpt/service/orders.h"
#include "cpt/service/rate_limiter.h"
#include "cpt/service/request_bodies.h"
#include "cpt/service/tesla_link.h"

namespace cpt::service {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AllowsTheBurstThenRefusesWithRetryAfter) {
  FakeClock clock(std::chrono::system_clock::time_point(1000s));
  RateLimiter limiter({.per_minute = 6, .burst = 3}, clock);
  EXPECT_TRUE(limiter.acquire("10.0.0.1").allowed);
  EXPECT_TRUE(limiter.acquire("10.0.0.1").allowed);
  EXPECT_TRUE(limiter.acquire("10.0.0.1").allowed);
  const RateDecision refused = limiter.acquire("10.0.0.1");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 10s);               // 6 per minute: one token every 10 s
  EXPECT_TRUE(limiter.acquire("10.0.0.2").allowed);  // other IPs have their own bucket
}

TEST(RateLimiter, RefillsWithTime) {
  FakeClock clock(std::chrono::system_clock::time_point(1000s));
  RateLimiter limiter({.per_minute = 6, .burst = 1}, clock);
  EXPECT_TRUE(limiter.acquire("ip").allowed);
  EXPECT_FALSE(limiter.acquire("ip").allowed);
  clock.advance(10s);
  EXPECT_TRUE(limiter.acquire("ip").allowed);
}

TEST(RateLimiter, KeepsItsMapBounded) {
  FakeClock clock(std::chrono::system_clock::time_point(1000s));
  RateLimiter limiter({.per_minute = 60, .burst = 2}, clock, 4);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.acquire("ip-" + std::to_string(i)).allowed);
}

[[maybe_unused]] double gauge(const std::string& text, std::string_view name) {
  const auto at = text.find("\n" + std::string(name) + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + name.size() + 2));
}

// The allocator's own figures tell live data from freed pages it keeps: 16 MiB held by the
// program shows in "in use" while held, and leaves it when freed.
TEST(Metrics, HeapGaugesFollowWhatTheProgramHolds) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizer's allocator replaces glibc's: mallinfo2 does not see its heap";
#else
  Metrics metrics;
  constexpr std::size_t kBlock = 16u << 20;
  const double before = gauge(metrics.render(), "cpt_heap_in_use_bytes");
  ASSERT_GT(before, 0);
  auto block = std::make_unique<char[]>(kBlock);
  std::memset(block.get(), 1, kBlock);
  const std::string held_text = metrics.render();
  const double held = gauge(held_text, "cpt_heap_in_use_bytes");
  EXPECT_GE(held - before, static_cast<double>(kBlock));
  EXPECT_GE(gauge(held_text, "cpt_heap_held_bytes"), held);
  EXPECT_EQ(block[kBlock - 1], 1);
  block.reset();
  EXPECT_LT(gauge(metrics.render(), "cpt_heap_in_use_bytes"),
            held - static_cast<double>(kBlock) / 2);
#endif
}

TEST(Metrics, RendersCountersHistogramsTeslaCallsAndCost) {
  Metrics metrics;
  metrics.observe_request("GET", "/health", 200, 2ms);
  metrics.observe_request("GET", "/health", 200, 30ms);
  tesla::CallRecord billed;
  billed.endpoint = tesla::Endpoint::vehicle_data;
  billed.http_status = 200;
  billed.billed = true;
  billed.price_micros = 2000;
  tesla::CallRecord server_error = billed;
  server_error.http_status = 503;
  server_error.billed = false;
  server_error.price_micros = 0;
  std::vector<tesla::CallRecord> calls = {billed, billed, server_error};
  metrics.record_tesla_calls(calls);
  const std::string text = metrics.render();
  EXPECT_NE(
      text.find("cpt_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 2\n"),
      std::string::npos);
  EXPECT_NE(
      text.find("cpt_http_request_duration_seconds_bucket{route=\"/health\",le=\"0.005\"} 1\n"),
      std::string::npos);
  EXPECT_NE(
      text.find("cpt_http_request_duration_seconds_bucket{route=\"/health\",le=\"+Inf\"} 2\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "cpt_tesla_calls_total{endpoint=\"vehicle_data\",status=\"200\",billed=\"true\"} 2\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "cpt_tesla_calls_total{endpoint=\"vehicle_data\",status=\"503\",billed=\"false\"} 1\n"),
      std::string::npos);
  EXPECT_NE(text.find("cpt_tesla_cost_usd_total 0.004000\n"), std::string::npos);
  EXPECT_EQ(metrics.request_count("/health", 200), 2u);
}

TEST(Logger, WritesOneJsonObjectPerLineWithTheRequestId) {
  std::vector<std::string> lines;
  Logger logger([&](std::string_view line) { lines.emplace_back(line); });
  logger.info("req-1", "order_queued", {{"vehicles", 2}, {"package", "pro"}, {"ok", true}});
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].back(), '\n');
  const auto doc = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(doc["request_id"], "req-1");
  EXPECT_EQ(doc["event"], "order_queued");
  EXPECT_EQ(doc["level"], "info");
  EXPECT_EQ(doc["vehicles"], 2);
  EXPECT_EQ(doc["package"], "pro");
  EXPECT_EQ(doc["ok"], true);
}

TEST(Logger, MasksSecretsVinsAndEmailsThatSlipIntoFields) {
  std::vector<std::string> lines;
  Logger logger([&](std::string_view line) { lines.emplace_back(line); });
  logger.warn("r", "oops",
              {{"detail",
                "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl for "
                "5YJ3E1EA2KF317000 owner jane.doe@example.com"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find("eyJhbGciOiJIUzI1NiJ9"), std::string::npos);
  EXPECT_EQ(lines[0].find("5YJ3E1EA2KF317000"), std::string::npos);
  EXPECT_EQ(lines[0].find("jane.doe@example.com"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(lines[0]));
}

TEST(Logger, EscapesControlCharactersAndInvalidUtf8) {
  std::string out;
  append_json_string(out, std::string("a\"b\\c\n\x01\xff", 8));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\"");
}

TEST(OrderSpec, ParsesValidatesAndDeduplicatesVins) {
  auto spec = spec_from_json(
      R"({"vins":["5yj3e1ea2kf317000","5YJ3E1EA2KF317000"],"package":"pro","language":"fi"})");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_EQ(spec->vins, std::vector<std::string>{"5YJ3E1EA2KF317000"});
  EXPECT_EQ(spec->package, snapshot::Package::pro);
  EXPECT_EQ(spec->language, report::Language::fi);
  EXPECT_EQ(spec_to_json(*spec),
            R"({"language":"fi","package":"pro","vins":["5YJ3E1EA2KF317000"]})");
}

TEST(OrderSpec, RejectsBadVinsPackagesAndLanguages) {
  EXPECT_FALSE(spec_from_json(R"({"vins":[]})").has_value());
  EXPECT_FALSE(spec_from_json(R"({"vins":["NOTAVIN"]})").has_value());
  EXPECT_FALSE(spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"],"package":"gold"})").has_value());
  EXPECT_FALSE(spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"],"language":"xx"})").has_value());
  EXPECT_FALSE(spec_from_json("not json").has_value());
}

TEST(VehicleCards, MaskVinsAndDeriveModelAndYear) {
  auto cards = vehicle_cards(
      R"({"response":[{"vin":"5YJ3E1EA2KF317000","display_name":"Blue","state":"asleep"},
                      {"display_name":"no vin"}],"count":2})",
      2025);
  ASSERT_TRUE(cards.has_value()) << cards.error().describe();
  ASSERT_EQ(cards->size(), 1u);
  EXPECT_EQ((*cards)[0].vin, "5YJ3E1EA2KF317000");
  EXPECT_EQ((*cards)[0].masked_vin, Vin::parse("5YJ3E1EA2KF317000")->masked());
  EXPECT_EQ((*cards)[0].display_name, "Blue");
  EXPECT_EQ((*cards)[0].model, "Model 3");
  EXPECT_EQ((*cards)[0].model_year, 2019);
  EXPECT_EQ((*cards)[0].state, "asleep");
}

TEST(CallbackQuery, ReadsTheFirstOfEachParameterAndNothingElse) {
  const http::QueryParams params{{"state", "s1"}, {"code", "NA_c"}, {"state", "s2"}, {"x", "y"}};
  const CallbackQuery query = read_callback_query(params);
  EXPECT_FALSE(query.error.has_value());
  EXPECT_EQ(query.state, "s1");
  EXPECT_EQ(query.code, "NA_c");
  EXPECT_EQ(read_callback_query({{"error", ""}}).error, std::optional<std::string>(""));
  EXPECT_EQ(read_callback_query({}).state, "");
}

TEST(CallbackQuery, SafeReasonKeepsOnlyLowerCaseAndUnderscore) {
  EXPECT_EQ(safe_reason("access_denied"), "access_denied");
  EXPECT_EQ(safe_reason("<script>alert(1)</script>"), "scriptalertscript");
  EXPECT_EQ(safe_reason("&#%"), "oauth_failed");
  EXPECT_EQ(safe_reason(std::string(60, 'a')), std::string(48, 'a'));
}

TEST(RequestBodies, LanguageBodyNamesOneReportLanguage) {
  EXPECT_EQ(language_from_body(R"({"language":"de"})"), report::Language::de);
  EXPECT_EQ(language_from_body(R"({"language":"xx"})"), std::nullopt);
  EXPECT_EQ(language_from_body(R"({"language":7})"), std::nullopt);
  EXPECT_EQ(language_from_body(R"(["de"])"), std::nullopt);
  EXPECT_EQ(language_from_body("{"), std::nullopt);
}

}  // namespace
}  // namespace cpt::service
