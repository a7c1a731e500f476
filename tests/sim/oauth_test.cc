// The auth host: consent page, redirects, code exchange, PKCE, refresh rotation and grace,
// partner tokens, JWT claims.
#include "cpt/sim/crypto.h"
#include "sim_fixture.h"

namespace cpt::sim::testing {
namespace {

using namespace std::chrono;

class OAuthTest : public SimFixture {
 protected:
  void SetUp() override { start(); }
  std::string authorize_path(const std::string& extra) {
    const auto& o = sim().options();
    return "/oauth2/v3/authorize?response_type=code&client_id=" + o.client_id +
           "&redirect_uri=" + httplib::detail::encode_query_param(o.redirect_uris.front()) +
           "&scope=openid%20offline_access%20vehicle_device_data&state=abc" + extra;
  }
  // `form` with `key` replaced by `value` (removed when value is empty).
  static httplib::Params with(httplib::Params form, const std::string& key,
                              const std::string& value) {
    form.erase(key);
    if (!value.empty()) form.emplace(key, value);
    return form;
  }
  static void expect_error(const httplib::Result& result, int status, const std::string& error) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status) << result->body;
    auto body = json::parse(result->body, nullptr, false);
    EXPECT_EQ(body["error"], error) << result->body;
  }
  // An HTML error page (status 400), never a redirect to a possibly hostile URI.
  void expect_error_page(const std::string& path, const std::string& title) {
    auto page = get(sim().urls().auth_base, path);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 400);
    EXPECT_FALSE(page->has_header("Location"));
    EXPECT_NE(page->body.find(title), std::string::npos);
  }
  httplib::Params exchange(const std::string& code) {
    const auto& o = sim().options();
    return {{"grant_type", "authorization_code"},      {"client_id", o.client_id},
            {"client_secret", o.client_secret},        {"code", code},
            {"redirect_uri", o.redirect_uris.front()}, {"audience", sim().urls().fleet_na}};
  }
};

TEST_F(OAuthTest, ConsentPageIsARealFormWithUsersScopesAndButtons) {
  auto page = get(sim().urls().auth_base, authorize_path(""));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  const auto& html = page->body;
  EXPECT_NE(html.find("<form method=\"post\" action=\"/oauth2/v3/authorize\">"), std::string::npos);
  EXPECT_NE(html.find("value=\"approve\""), std::string::npos);
  EXPECT_NE(html.find("value=\"deny\""), std::string::npos);
  EXPECT_NE(html.find("value=\"vehicle_device_data\""), std::string::npos);
  for (const auto& u : sim().world().users) {
    EXPECT_NE(html.find("value=\"" + u.id + "\""), std::string::npos) << u.email;
  }
}

TEST_F(OAuthTest, UnknownClientIsAnErrorPageNotARedirect) {
  expect_error_page(
      "/oauth2/v3/authorize?response_type=code&client_id=evil&redirect_uri=x&scope=openid&state=s",
      "Unknown client");
}

TEST_F(OAuthTest, UnregisteredRedirectUriIsNeverRedirectedTo) {
  expect_error_page(
      "/oauth2/v3/authorize?response_type=code&client_id=" + sim().options().client_id +
          "&redirect_uri=http%3A%2F%2Fattacker.invalid%2Fcb&scope=openid&state=s",
      "Invalid redirect URI");
}

TEST_F(OAuthTest, BadResponseTypeRedirectsWithErrorAndState) {
  auto bad = get(
      sim().urls().auth_base,
      "/oauth2/v3/authorize?response_type=token&client_id=" + sim().options().client_id +
          "&redirect_uri=" + httplib::detail::encode_query_param(sim().options().redirect_uris[0]) +
          "&scope=openid&state=zz");
  ASSERT_TRUE(bad);
  ASSERT_EQ(bad->status, 302);
  auto q = query_of(bad->get_header_value("Location"));
  EXPECT_EQ(q["error"], "unsupported_response_type");
  EXPECT_EQ(q["state"], "zz");
}

TEST_F(OAuthTest, ApproveRedirectsToTheRegisteredUriWithCodeAndState) {
  const auto location = authorize(user(1).id, kAppScopes);
  EXPECT_TRUE(location.starts_with(sim().options().redirect_uris.front() + "?"));
  auto q = query_of(location);
  EXPECT_EQ(q["state"], "st-123");
  EXPECT_TRUE(q["code"].starts_with("EU_")) << q["code"];
}

TEST_F(OAuthTest, DenyRedirectsWithAccessDenied) {
  auto c = client(sim().urls().auth_base);
  auto page = c.Get(authorize_path(""));
  ASSERT_TRUE(page);
  auto id_at = page->body.find("name=\"consent\" value=\"");
  ASSERT_NE(id_at, std::string::npos);
  auto start_at = id_at + std::string("name=\"consent\" value=\"").size();
  auto id = page->body.substr(start_at, page->body.find('"', start_at) - start_at);
  auto answer = c.Post("/oauth2/v3/authorize", "consent=" + id + "&decision=deny",
                       "application/x-www-form-urlencoded");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 302);
  auto q = query_of(answer->get_header_value("Location"));
  EXPECT_EQ(q["error"], "access_denied");
  EXPECT_EQ(q["state"], "abc");
  EXPECT_EQ(q.count("code"), 0u);
}

TEST_F(OAuthTest, CodeExchangeReturnsTeslaShapedTokens) {
  auto result = token_request(exchange(code_for(user(0).id)));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  auto t = tokens_from(result);
  EXPECT_EQ(t.body["token_type"], "Bearer");
  EXPECT_EQ(t.body["expires_in"], 28800);
  EXPECT_FALSE(t.refresh.empty());
  EXPECT_FALSE(t.id.empty());
  json claims = jwt_payload(t.access);
  EXPECT_EQ(claims["iss"], sim().urls().auth_base + "/oauth2/v3/nts");
  EXPECT_EQ(claims["sub"], user(0).id);
  EXPECT_EQ(claims["azp"], sim().options().client_id);
  EXPECT_EQ(claims["ou_code"], "NA");
  EXPECT_EQ(claims["exp"].get<std::int64_t>() - claims["iat"].get<std::int64_t>(), 28800);
  EXPECT_EQ(claims["scp"], json::array({"openid", "offline_access", "vehicle_device_data",
                                        "vehicle_charging_cmds", "vehicle_specs"}));
  ASSERT_TRUE(claims["aud"].is_array());
  EXPECT_EQ(claims["aud"][0], sim().urls().fleet_na);
  EXPECT_EQ(claims["aud"][1], sim().urls().fleet_eu);
  // header.payload.signature, all base64url
  EXPECT_EQ(std::count(t.access.begin(), t.access.end(), '.'), 2);
}

TEST_F(OAuthTest, JsonBodiesAreAcceptedLikeForms) {
  json body;
  for (const auto& [k, v] : exchange(code_for(user(0).id))) body[k] = v;
  auto result = post_json(sim().urls().auth_base, "/oauth2/v3/token", body);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_FALSE(tokens_from(result).access.empty());
}

TEST_F(OAuthTest, CodeIsSingleUse) {
  const auto form = exchange(code_for(user(0).id));
  ASSERT_EQ(token_request(form)->status, 200);
  auto again = token_request(form);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);
  auto body = json::parse(again->body);
  EXPECT_EQ(body["error"], "invalid_auth_code");
  EXPECT_TRUE(body.contains("error_description"));
  EXPECT_TRUE(body["error_uri"].get<std::string>().starts_with("https://developer.tesla.com/"));
}

TEST_F(OAuthTest, CodeExpiresAfterTenMinutes) {
  const auto form = exchange(code_for(user(0).id));
  clock().advance(minutes(10) + seconds(1));
  expect_error(token_request(form), 400, "invalid_auth_code");
}

TEST_F(OAuthTest, RedirectUriMustMatchTheAuthorizeRequest) {
  auto form = with(exchange(code_for(user(0).id)), "redirect_uri", "http://localhost:8080/other");
  expect_error(token_request(form), 400, "invalid_redirect_url");
}

TEST_F(OAuthTest, AudienceIsRequiredAndMustBeAFleetUrl) {
  const auto form = exchange(code_for(user(0).id));
  expect_error(token_request(with(form, "audience", "")), 400, "invalid_request");
  expect_error(token_request(with(form, "audience", "https://fleet-api.prd.na.vn.cloud.tesla.com")),
               400, "invalid_request");
  // Neither refusal used the code up.
  EXPECT_EQ(token_request(form)->status, 200);
}

TEST_F(OAuthTest, WrongSecretIsUnauthorizedClient) {
  auto form = with(exchange(code_for(user(0).id)), "client_secret", "nope");
  expect_error(token_request(form), 400, "unauthorized_client");
}

TEST_F(OAuthTest, UnknownGrantTypeIsUnsupported) {
  auto result =
      token_request({{"grant_type", "password"}, {"client_id", sim().options().client_id}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(json::parse(result->body)["error"], "unsupported_grant_type");
}

TEST_F(OAuthTest, PkceVerifierMustMatchTheChallenge) {
  const std::string verifier = "a-verifier-of-enough-length-0123456789abcdefghijkl";
  const std::string extra =
      "&code_challenge=" + crypto::pkce_challenge(verifier) + "&code_challenge_method=S256";
  auto bad = exchange(code_for(user(0).id, kAppScopes, extra));
  bad.emplace("code_verifier", "wrong-verifier");
  expect_error(token_request(bad), 400, "invalid_request");

  auto good = exchange(code_for(user(0).id, kAppScopes, extra));
  good.emplace("code_verifier", verifier);
  auto accepted = token_request(good);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200) << accepted->body;
}

TEST_F(OAuthTest, WithoutOfflineAccessThereIsNoRefreshToken) {
  auto t = login(user(0).id, "openid vehicle_device_data");
  EXPECT_FALSE(t.access.empty());
  EXPECT_TRUE(t.refresh.empty());
}

TEST_F(OAuthTest, RefreshRotatesThePair) {
  auto first = login(user(0).id);
  auto result = token_request({{"grant_type", "refresh_token"},
                               {"client_id", sim().options().client_id},
                               {"refresh_token", first.refresh}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  auto second = tokens_from(result);
  EXPECT_NE(second.access, first.access);
  EXPECT_NE(second.refresh, first.refresh);
  EXPECT_FALSE(second.refresh.empty());
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/users/region", second.access)->status, 412);
}

TEST_F(OAuthTest, UsedRefreshTokenWorksForTheGracePeriodThenLoginRequired) {
  auto first = login(user(0).id);
  const httplib::Params refresh{{"grant_type", "refresh_token"},
                                {"client_id", sim().options().client_id},
                                {"refresh_token", first.refresh}};
  ASSERT_EQ(token_request(refresh)->status, 200);
  clock().advance(hours(23));
  auto within = token_request(refresh);
  ASSERT_TRUE(within);
  EXPECT_EQ(within->status, 200) << within->body;
  clock().advance(hours(1) + seconds(1));
  expect_error(token_request(refresh), 401, "login_required");
}

TEST_F(OAuthTest, OnlyTheMostRecentlyUsedRefreshTokenHasAGracePeriod) {
  auto first = login(user(0).id);
  auto refresh = [&](const std::string& token) {
    return token_request({{"grant_type", "refresh_token"},
                          {"client_id", sim().options().client_id},
                          {"refresh_token", token}});
  };
  auto second = tokens_from(refresh(first.refresh));
  ASSERT_EQ(refresh(second.refresh)->status, 200);
  expect_error(refresh(first.refresh), 401, "login_required");
}

TEST_F(OAuthTest, ClientCredentialsGivesAPartnerTokenForOneAudience) {
  auto t = partner_token(Region::eu, "openid vehicle_device_data vehicle_specs");
  ASSERT_FALSE(t.access.empty()) << t.body.dump();
  EXPECT_TRUE(t.refresh.empty());
  EXPECT_EQ(t.body["expires_in"], 28800);
  json claims = jwt_payload(t.access);
  EXPECT_EQ(claims["aud"], json::array({sim().urls().fleet_eu}));
  EXPECT_EQ(claims["scp"], json::array({"openid", "vehicle_device_data", "vehicle_specs"}));
}

TEST_F(OAuthTest, ClientCredentialsNeedsTheSecretAndAnAudience) {
  auto no_secret = token_request({{"grant_type", "client_credentials"},
                                  {"client_id", sim().options().client_id},
                                  {"audience", sim().urls().fleet_na}});
  ASSERT_TRUE(no_secret);
  EXPECT_EQ(json::parse(no_secret->body)["error"], "unauthorized_client");
  auto no_audience = token_request({{"grant_type", "client_credentials"},
                                    {"client_id", sim().options().client_id},
                                    {"client_secret", sim().options().client_secret}});
  ASSERT_TRUE(no_audience);
  EXPECT_EQ(no_audience->status, 400);
}

TEST_F(OAuthTest, RevokedGrantCannotRefresh) {
  auto t = login(user(0).id);
  EXPECT_EQ(sim().revoke_tokens(user(0).email), 1);
  expect_error(token_request({{"grant_type", "refresh_token"},
                              {"client_id", sim().options().client_id},
                              {"refresh_token", t.refresh}}),
               401, "login_required");
}

class AutoApproveTest : public SimFixture {};

TEST_F(AutoApproveTest, RedirectsAtOnceForTheNamedUser) {
  SimOptions o;
  o.auto_approve = "user2@sim.test";
  start(o);
  auto c = client(sim().urls().auth_base);
  auto answer = c.Get("/oauth2/v3/authorize?response_type=code&client_id=" + o.client_id +
                      "&redirect_uri=" + httplib::detail::encode_query_param(o.redirect_uris[0]) +
                      "&scope=openid%20offline_access&state=q1");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 302);
  auto q = query_of(answer->get_header_value("Location"));
  EXPECT_EQ(q["state"], "q1");
  auto t = tokens_from(token_request({{"grant_type", "authorization_code"},
                                      {"client_id", o.client_id},
                                      {"client_secret", o.client_secret},
                                      {"code", q["code"]},
                                      {"redirect_uri", o.redirect_uris[0]},
                                      {"audience", sim().urls().fleet_eu}}));
  EXPECT_EQ(jwt_payload(t.access)["sub"], sim().world().find_user("user2@sim.test")->id);
}

TEST_F(AutoApproveTest, EmptyNameMeansTheFirstUserAndUnknownNamesFailToStart) {
  SimOptions bad;
  bad.auto_approve = "nobody@sim.test";
  auto failed = Simulator::start(bad);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind, ErrorKind::invalid_argument);

  SimOptions o;
  o.auto_approve = "";
  o.access_token_lifetime = std::chrono::seconds(3600);
  start(o);
  auto t = login("");
  EXPECT_EQ(jwt_payload(t.access)["sub"], user(0).id);
  EXPECT_EQ(t.body["expires_in"], 3600);
}

}  // namespace
}  // namespace cpt::sim::testing
