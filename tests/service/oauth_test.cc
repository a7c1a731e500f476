// The Tesla sign-in through the service: initiate, consent at the simulator, callback.
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "cpt/core/vin.h"
#include "cpt/http/client.h"
#include "cpt/service/metrics.h"
#include "harness.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class OAuthTest : public ServiceHarness {
 protected:
  void SetUp() override {
    ServiceHarness::SetUp();
    start_service();
  }
  // The reason of an error redirect ("?oauth=error&reason=X"), or the whole Location.
  static std::string reason(const httplib::Result& res) {
    const std::string location = res->get_header_value("Location");
    const std::string marker = "/?oauth=error&reason=";
    return location.starts_with(marker) ? location.substr(marker.size()) : location;
  }
  // A sign-in up to its callback (returned), with the account's vehicle-list reads answering
  // `status` (`count` times; -1: all).
  std::string consent_then_fail_vehicles(Browser& browser, int status, int count,
                                         int retry_after_s = 30) {
    const auto [auth_url, state] = initiate(browser);
    const std::string callback = authorize_at_sim(auth_url);
    sim_->faults().add_rule({.path_prefix = "/api/1/vehicles",
                             .method = "GET",
                             .kind = sim::FaultKind::status,
                             .status = status,
                             .count = count,
                             .retry_after_s = retry_after_s});
    return callback;
  }
};

TEST_F(OAuthTest, InitiateSetsAnHttpOnlyLaxCookieAndReturnsAPkceAuthorizeUrl) {
  Browser browser;
  auto res = post("/api/v1/tesla/oauth/initiate", browser, "");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("cpt_browser=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // simulator mode: http://localhost
  const json body = json::parse(res->body);
  const std::string url = body["authUrl"];
  EXPECT_TRUE(url.starts_with(sim_->urls().authorize_url));
  EXPECT_EQ(http::query_param(url, "state"), body["state"].get<std::string>());
  EXPECT_EQ(http::query_param(url, "code_challenge_method"), "S256");
  EXPECT_EQ(http::query_param(url, "code_challenge")->size(), 43u);
  EXPECT_EQ(http::query_param(url, "redirect_uri"), config_.redirect_uris.front());
  EXPECT_EQ(body["expiresIn"], 600);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
}

TEST_F(OAuthTest, CallbackCreatesASessionWithTheAccountsVehicles) {
  Browser browser;
  const std::string session = login(browser);
  ASSERT_GE(session.size(), 32u);  // 24 random bytes, base64url
  auto res = get("/api/v1/sessions/" + session + "/vehicles", browser);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json body = json::parse(res->body);
  const auto vins = first_user_vins();
  ASSERT_EQ(body["vehicles"].size(), vins.size());
  EXPECT_EQ(body["vehicles"][0]["vin"], vins[0]);
  EXPECT_EQ(body["vehicles"][0]["maskedVin"], Vin::parse(vins[0])->masked());
  EXPECT_FALSE(body["vehicles"][0]["model"].get<std::string>().empty());
  EXPECT_EQ(body["sessionId"], session);
  // Reading the inventory never wakes a car: no wake_up reached the simulator.
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/", "POST"), 0);
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles", "GET"), 1);
}

TEST_F(OAuthTest, StateIsSingleUse) {
  Browser browser;
  const auto [auth_url, state] = initiate(browser);
  const std::string callback = authorize_at_sim(auth_url);
  auto first = get(callback, browser);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->get_header_value("Location").starts_with("/?oauth=success#session="));
  auto replay = get(callback, browser);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 302);
  EXPECT_EQ(reason(replay), "invalid_state");
}

TEST_F(OAuthTest, StateIsBoundToTheBrowserThatStartedTheLogin) {
  Browser alice;
  Browser mallory;
  initiate(mallory);  // mallory has a cookie of her own
  const auto [auth_url, state] = initiate(alice);
  const std::string callback = authorize_at_sim(auth_url);
  auto res = get(callback, mallory);
  ASSERT_TRUE(res);
  EXPECT_EQ(reason(res), "state_mismatch");
  // Mallory's callback must not burn alice's sign-in: the state survives it, alice completes
  // hers, and the state is spent then (a replay finds nothing).
  auto own = get(callback, alice);
  ASSERT_TRUE(own);
  EXPECT_NE(own->get_header_value("Location").find("oauth=success"), std::string::npos);
  EXPECT_EQ(count_rows("sessions"), 1);
  EXPECT_EQ(reason(get(callback, alice)), "invalid_state");
}

TEST_F(OAuthTest, StateExpiresAfterTenMinutes) {
  Browser browser;
  const auto [auth_url, state] = initiate(browser);
  const std::string callback = authorize_at_sim(auth_url);
  clock_->advance(10min + 1s);
  EXPECT_EQ(reason(get(callback, browser)), "invalid_state");
}

TEST_F(OAuthTest, DeniedConsentComesBackAsAccessDenied) {
  Browser browser;
  const auto [auth_url, state] = initiate(browser);
  auto res = get("/api/v1/tesla/oauth/callback?error=access_denied&state=" + state, browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(reason(res), "access_denied");
}

TEST_F(OAuthTest, ReasonsNeverCarryMarkupIntoTheUiUrl) {
  Browser browser;
  auto res = get("/api/v1/tesla/oauth/callback?error=%3Cscript%3Ealert(1)%3C/script%3E", browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(reason(res), "scriptalertscript");
}

TEST_F(OAuthTest, ARejectedCodeStoresNothing) {
  Browser browser;
  const auto [auth_url, state] = initiate(browser);
  auto res = get("/api/v1/tesla/oauth/callback?code=NA_forged&state=" + state, browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(reason(res), "token_exchange_failed");
  EXPECT_EQ(count_rows("sessions"), 0);
  EXPECT_EQ(count_rows("tokens"), 0);
}

TEST_F(OAuthTest, AFailingInventoryReadStoresNothing) {
  Browser browser;
  // Every vehicles read fails (retries included): the tokens must not be kept.
  auto res = get(consent_then_fail_vehicles(browser, 500, -1), browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(reason(res), "tesla_unavailable");
  EXPECT_EQ(count_rows("sessions"), 0);
  EXPECT_EQ(count_rows("tokens"), 0);
}

// Tesla asks the sign-in's vehicle-list read to wait (45 s) longer than a person waits on a
// page: the callback ends at the sign-in deadline (20 s) and says Tesla is unavailable, keeping
// nothing. Before, the browser waited the whole Retry-After, gave up, and its retry found the
// sign-in state already used (found by the chaos run).
TEST_F(OAuthTest, ASignInTeslaHoldsPastTheSignInDeadlineEndsThere) {
  Browser browser;
  const std::string callback = consent_then_fail_vehicles(browser, 429, 1, 45);
  const auto before = clock_->now();
  auto res = get(callback, browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(reason(res), "tesla_unavailable");
  EXPECT_GE(clock_->now() - before, config_.sign_in_deadline - 1s);
  EXPECT_LE(clock_->now() - before, config_.sign_in_deadline + 1s);
  EXPECT_EQ(count_rows("sessions"), 0);
  EXPECT_EQ(count_rows("tokens"), 0);
}

TEST_F(OAuthTest, TokensAreEncryptedAtRest) {
  Browser browser;
  const std::string session = login(browser);
  ASSERT_FALSE(session.empty());
  SQLite::Database db(config_.database, SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT sealed FROM tokens");
  ASSERT_TRUE(st.executeStep());
  const auto column = st.getColumn(0);
  const std::string blob(static_cast<const char*>(column.getBlob()),
                         static_cast<std::size_t>(column.getBytes()));
  EXPECT_EQ(blob.substr(0, 2), "v1");
  EXPECT_EQ(blob.find("eyJ"), std::string::npos);  // no JWT text
  EXPECT_EQ(blob.find("refresh"), std::string::npos);
}

TEST_F(OAuthTest, OAuthRoutesAreRateLimitedPerIp) {
  stop_service();
  start_service({.oauth_rate = {.per_minute = 6, .burst = 3}});
  Browser browser;
  for (int i = 0; i < 3; ++i) {
    auto ok = post("/api/v1/tesla/oauth/initiate", browser, "");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
  }
  auto limited = post("/api/v1/tesla/oauth/initiate", browser, "");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "10");
  EXPECT_EQ(json::parse(limited->body)["error"], "rate_limited");
  // Other routes are not limited.
  auto health = get("/health", browser);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace cpt::service::testing
