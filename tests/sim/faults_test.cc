// Faults (rules, rates, per-vehicle limits, resets, truncated and slow bodies), the ledger, and
// the /sim admin API.
#include "sim_fixture.h"

namespace cpt::sim::testing {
namespace {

using namespace std::chrono;

class FaultsTest : public SimFixture {
 protected:
  void SetUp() override { start_with({}); }
  void start_with(FaultOptions faults) {
    if (sim_) sim_->stop();
    SimOptions o;
    o.regions_registered = true;
    o.faults = faults;
    start(o);
    token_ = login(user(0).id).access;
    sim().reset_ledger();
  }
  httplib::Result vehicles() { return get(sim().urls().fleet_na, "/api/1/vehicles", token_); }
  std::string token_;
};

TEST_F(FaultsTest, RuleAnswers500OnceThenSuccess) {
  sim().faults().add_rule({"/api/1/vehicles", "GET", FaultKind::status, 500, 1, 0});
  auto first = vehicles();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 500);
  EXPECT_EQ(json::parse(first->body)["error"], "internal server error");
  EXPECT_EQ(vehicles()->status, 200);
  EXPECT_TRUE(sim().faults().rules().empty());
}

TEST_F(FaultsTest, RulesMatchByPathPrefixAndMethod) {
  sim().faults().add_rule({"/api/1/dx/", "", FaultKind::status, 503, 2, 0});
  EXPECT_EQ(vehicles()->status, 200);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/dx/charging/history", token_)->status, 503);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/dx/charging/history", token_)->status, 503);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/dx/charging/history", token_)->status, 200);
}

TEST_F(FaultsTest, TooManyRequestsCarriesRetryAfterAndRateLimitHeaders) {
  sim().faults().add_rule({"/api/1/vehicles", "", FaultKind::status, 429, 1, 37});
  auto r = vehicles();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "37");
  EXPECT_EQ(r->get_header_value("ratelimit-reset"), "37");
  EXPECT_EQ(r->get_header_value("ratelimit-remaining"), "0");
  EXPECT_TRUE(r->has_header("ratelimit-limit"));
  EXPECT_EQ(r->body, "Retry in 37 seconds");
  EXPECT_NE(r->get_header_value("Content-Type").find("text/plain"), std::string::npos);
}

TEST_F(FaultsTest, PerVehicleLimitPerMinute) {
  FaultOptions f;
  f.vehicle_limit_per_minute = 2;
  start_with(f);
  const auto& v = vehicle_of(user(0));
  const std::string path = "/api/1/vehicles/" + v.vin + "/vehicle_data";
  EXPECT_EQ(get(sim().urls().fleet_na, path, token_)->status, 200);
  clock().advance(seconds(30));
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/vehicles/" + std::to_string(v.id), token_)->status,
            200);
  auto limited = get(sim().urls().fleet_na, path, token_);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "30");
  EXPECT_EQ(limited->get_header_value("ratelimit-limit"), "2");
  // Another car has its own budget; the first recovers once its window slides.
  EXPECT_EQ(
      get(sim().urls().fleet_na, "/api/1/vehicles/" + vehicle_of(user(0), 2).vin, token_)->status,
      200);
  clock().advance(seconds(31));
  EXPECT_EQ(get(sim().urls().fleet_na, path, token_)->status, 200);
}

TEST_F(FaultsTest, RateFaultsAreReproducibleForASeed) {
  FaultOptions f;
  f.rate_429 = 0.2;
  f.rate_5xx = 0.3;
  auto pattern = [&] {
    start_with(f);
    std::string statuses;
    for (int i = 0; i < 40; ++i) statuses += std::to_string(vehicles()->status) + " ";
    return statuses;
  };
  const auto first = pattern();
  const auto second = pattern();
  EXPECT_EQ(first, second);
  EXPECT_NE(first.find("429"), std::string::npos);
  EXPECT_NE(first.find("200"), std::string::npos);
  EXPECT_TRUE(first.find("500") != std::string::npos || first.find("503") != std::string::npos ||
              first.find("504") != std::string::npos);
}

TEST_F(FaultsTest, ResetClosesTheConnectionWithoutAnAnswer) {
  sim().faults().add_rule({"/api/1/vehicles", "", FaultKind::reset, 0, 1, 0});
  auto dropped = vehicles();
  EXPECT_FALSE(dropped);
  EXPECT_EQ(vehicles()->status, 200);
  sim().stop();  // joins the dropped request's handler, which records after the client saw EOF
  auto ledger = sim().ledger();
  ASSERT_EQ(ledger.entries.size(), 2u);
  EXPECT_EQ(ledger.total_billed(), 1);
  const auto dropped_entry = std::find_if(ledger.entries.begin(), ledger.entries.end(),
                                          [](const LedgerEntry& e) { return e.status == 0; });
  ASSERT_NE(dropped_entry, ledger.entries.end());
  EXPECT_FALSE(dropped_entry->billed);
}

TEST_F(FaultsTest, MalformedBodyIsTruncatedJson) {
  sim().faults().add_rule({"/api/1/vehicles", "", FaultKind::malformed, 0, 1, 0});
  auto r = vehicles();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(json::parse(r->body, nullptr, false).is_discarded());
  EXPECT_TRUE(r->body.starts_with("{\"count\""));
}

TEST_F(FaultsTest, SlowBodyArrivesComplete) {
  FaultOptions f;
  f.slow_body_ms = 50;
  start_with(f);
  sim().faults().add_rule({"/api/1/vehicles", "", FaultKind::slow, 0, 1, 0});
  auto r = vehicles();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto body = json::parse(r->body, nullptr, false);
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["count"], 3);
}

TEST_F(FaultsTest, LatencyIsFixedPlusSeededJitter) {
  FaultControl control({.latency_ms = 100, .jitter_ms = 20}, 7, SystemClock::instance());
  for (int i = 0; i < 20; ++i) {
    auto d = control.decide("GET", "/api/1/vehicles", "", true);
    EXPECT_GE(d.latency.count(), 100);
    EXPECT_LE(d.latency.count(), 120);
    EXPECT_EQ(d.kind, FaultKind::none);
  }
}

TEST_F(FaultsTest, RulesApplyOnTheAuthHostToo) {
  sim().faults().add_rule({"/oauth2/v3/token", "POST", FaultKind::status, 503, 1, 0});
  auto r = token_request({{"grant_type", "client_credentials"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(token_request({{"grant_type", "client_credentials"}})->status, 400);
}

TEST_F(FaultsTest, LedgerBillsEverythingBelow500ByCategory) {
  const auto& online = vehicle_of(user(0));
  const auto& asleep = vehicle_of(user(0), 1);
  get(sim().urls().fleet_na, "/api/1/vehicles/" + online.vin + "/vehicle_data", token_);  // 200
  get(sim().urls().fleet_na, "/api/1/vehicles/" + asleep.vin + "/vehicle_data", token_);  // 408
  get(sim().urls().fleet_na, "/api/1/dx/warranty/details", token_);                       // 500
  post_json(sim().urls().fleet_na, "/api/1/vehicles/" + asleep.vin + "/wake_up", json::object(),
            token_);
  get(sim().urls().fleet_eu, "/api/1/vehicles", token_);  // 421 is billed too
  partner_token(Region::na);                              // auth: free
  const auto ledger = sim().ledger();
  EXPECT_EQ(ledger.requests(Category::data), 4);
  EXPECT_EQ(ledger.billed(Category::data), 3);
  EXPECT_EQ(ledger.requests(Category::wake), 1);
  EXPECT_EQ(ledger.billed(Category::wake), 1);
  EXPECT_EQ(ledger.requests(Category::auth), 1);
  EXPECT_EQ(ledger.billed(Category::auth), 0);
  EXPECT_EQ(ledger.total_cost_micros(), 3 * 2000 + 20000);
  EXPECT_EQ(ledger.count("/api/1/vehicles/" + asleep.vin), 2);
  EXPECT_EQ(ledger.entries[1].status, 408);
  EXPECT_TRUE(ledger.entries[1].billed);
  EXPECT_EQ(ledger.entries[2].status, 500);
  EXPECT_FALSE(ledger.entries[2].billed);
  EXPECT_EQ(ledger.entries[4].host, "eu");
}

TEST_F(FaultsTest, LedgerAdminRoutesShowAndReset) {
  vehicles();
  auto r = get(sim().urls().fleet_eu, "/sim/ledger");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto body = json::parse(r->body);
  EXPECT_EQ(body["categories"]["data"]["requests"], 1);
  EXPECT_EQ(body["categories"]["data"]["billed"], 1);
  EXPECT_EQ(body["categories"]["data"]["cost_micros"], 2000);
  EXPECT_EQ(body["categories"]["wakes"]["unit_price_micros"], 20000);
  EXPECT_EQ(body["categories"]["specs"]["unit_price_micros"], 100000);
  EXPECT_EQ(body["total_cost_micros"], 2000);
  ASSERT_EQ(body["requests"].size(), 1u);
  EXPECT_EQ(body["requests"][0]["path"], "/api/1/vehicles");
  EXPECT_EQ(body["requests"][0]["category"], "data");
  EXPECT_EQ(body["requests"][0]["billed"], true);
  EXPECT_EQ(post_json(sim().urls().auth_base, "/sim/ledger/reset", json::object())->status, 200);
  EXPECT_EQ(sim().ledger().total_requests(), 0);  // admin calls are not counted
}

TEST_F(FaultsTest, FaultsAdminApiSetsRatesAndRules) {
  auto set = post_json(
      sim().urls().fleet_na, "/sim/faults",
      {{"latency_ms", 5}, {"rules", {{{"path_prefix", "/api/1/vehicles"}, {"status", 504}}}}});
  ASSERT_TRUE(set);
  ASSERT_EQ(set->status, 200) << set->body;
  auto current = json::parse(get(sim().urls().fleet_na, "/sim/faults")->body);
  EXPECT_EQ(current["latency_ms"], 5);
  ASSERT_EQ(current["rules"].size(), 1u);
  EXPECT_EQ(current["rules"][0]["kind"], "status");
  EXPECT_EQ(vehicles()->status, 504);
  EXPECT_EQ(post_json(sim().urls().fleet_na, "/sim/faults/rules",
                      {{"path_prefix", "/api/1/vehicles"}, {"kind", "reset"}, {"count", -1}})
                ->status,
            200);
  EXPECT_FALSE(vehicles());
  auto c = client(sim().urls().fleet_na);
  EXPECT_EQ(c.Delete("/sim/faults/rules")->status, 200);
  EXPECT_EQ(vehicles()->status, 200);
  EXPECT_EQ(post_json(sim().urls().fleet_na, "/sim/faults", {{"rate_429", "lots"}})->status, 400);
  EXPECT_EQ(post_json(sim().urls().fleet_na, "/sim/faults/reset", json::object())->status, 200);
  EXPECT_EQ(sim().faults().options().latency_ms, 0);
}

TEST_F(FaultsTest, AdminRevokesTokensWipesRegionsAndSetsVehicleStates) {
  const auto& v = vehicle_of(user(0));
  auto state =
      post_json(sim().urls().fleet_na, "/sim/vehicles/" + v.vin + "/state", {{"state", "asleep"}});
  ASSERT_TRUE(state);
  EXPECT_EQ(json::parse(state->body)["state"], "asleep");
  EXPECT_EQ(
      get(sim().urls().fleet_na, "/api/1/vehicles/" + v.vin + "/vehicle_data", token_)->status,
      408);
  EXPECT_EQ(
      post_json(sim().urls().fleet_na, "/sim/vehicles/" + v.vin + "/state", {{"state", "napping"}})
          ->status,
      400);

  EXPECT_EQ(post_json(sim().urls().fleet_na, "/sim/regions/na/unregister", json::object())->status,
            200);
  EXPECT_EQ(vehicles()->status, 412);
  EXPECT_EQ(post_json(sim().urls().fleet_na, "/sim/regions/na/register", json::object())->status,
            200);
  EXPECT_EQ(vehicles()->status, 200);

  auto revoked = post_json(sim().urls().auth_base, "/sim/tokens/revoke", {{"user", user(0).email}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(json::parse(revoked->body)["revoked"], 1);
  EXPECT_EQ(vehicles()->status, 401);
}

// A revoked grant's 401 and its refused refresh are logged against its owner: the chaos run's
// honesty audit judges an account's modules by what its own requests met.
TEST_F(FaultsTest, TheLedgerNamesTheOwnerOfARevokedTokensRequests) {
  const Tokens other = login(user(0).id);
  sim().reset_ledger();
  ASSERT_EQ(sim().revoke_tokens(user(0).email), 2);  // the fixture's grant and this one
  EXPECT_EQ(vehicles()->status, 401);
  auto refused = token_request({{"grant_type", "refresh_token"},
                                {"client_id", sim().options().client_id},
                                {"refresh_token", other.refresh}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/vehicles", "no-such-token")->status, 401);
  const auto ledger = sim().ledger();
  ASSERT_EQ(ledger.entries.size(), 3u);
  EXPECT_EQ(ledger.entries[0].status, 401);
  EXPECT_EQ(ledger.entries[0].user, user(0).id);
  EXPECT_EQ(ledger.entries[1].grant, "refresh_token");
  EXPECT_EQ(ledger.entries[1].user, user(0).id);
  EXPECT_EQ(ledger.entries[2].user, "");  // a token nobody was issued
}

TEST_F(FaultsTest, AdminClockAdvanceExpiresTokensAndWorldSummaryListsCars) {
  auto world = json::parse(get(sim().urls().fleet_cn, "/sim/world")->body);
  ASSERT_EQ(world["users"].size(), 3u);
  EXPECT_EQ(world["users"][0]["vehicles"][0]["vin"], vehicle_of(user(0)).vin);
  EXPECT_EQ(world["regions"]["na"]["base_url"], sim().urls().fleet_na);
  EXPECT_EQ(post_json(sim().urls().fleet_na, "/sim/clock/advance", {{"seconds", 28800}})->status,
            200);
  EXPECT_EQ(vehicles()->status, 401);
  EXPECT_EQ(get(sim().urls().fleet_na, "/sim/nope")->status, 404);
}

}  // namespace
}  // namespace cpt::sim::testing
