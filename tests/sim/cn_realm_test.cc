// China as its own realm (the cn-auth-host quirk, FLEET-API §10.7): CN accounts sign in, refresh
// and get partner tokens at a second auth host whose tokens only the CN Fleet host takes; the
// global auth host knows no CN account and refuses the CN audience.
#include <stdexcept>

#include "sim_fixture.h"

namespace cpt::sim::testing {
namespace {

class CnRealmTest : public SimFixture {
 protected:
  void SetUp() override {
    SimOptions options;
    options.regions_registered = true;
    ASSERT_TRUE(apply_quirks("cn-auth-host", options.quirks).has_value());
    start(options);
  }
  const User& cn_user() const {
    for (const User& u : sim().world().users) {
      if (u.region == Region::cn) return u;
    }
    throw std::logic_error("the default world has a CN account");
  }
  const User& na_user() const { return user(0); }
  void at_cn_host() { auth_host_ = sim().urls().cn_auth_base; }
  void at_global_host() { auth_host_.clear(); }
  httplib::Params exchange(const std::string& code, const std::string& audience) const {
    const auto& o = sim().options();
    return {{"grant_type", "authorization_code"},      {"client_id", o.client_id},
            {"client_secret", o.client_secret},        {"code", code},
            {"redirect_uri", o.redirect_uris.front()}, {"audience", audience}};
  }
  static std::string env_of(const Simulator& s, const std::string& name) {
    for (const auto& [key, value] : s.env()) {
      if (key == name) return value;
    }
    return {};
  }
};

TEST_F(CnRealmTest, ACnAccountSignsInAtItsOwnHostForTheCnFleetHostOnly) {
  at_cn_host();
  const Tokens t = login(cn_user().id);
  ASSERT_FALSE(t.access.empty()) << t.body.dump();
  const json claims = jwt_payload(t.access);
  EXPECT_EQ(claims["iss"], sim().urls().cn_auth_base + "/oauth2/v3/nts");
  EXPECT_EQ(claims["ou_code"], "CN");
  EXPECT_EQ(claims["aud"][0], sim().urls().fleet_cn);
  EXPECT_EQ(claims["aud"].size(), 2U);  // the CN Fleet host and the realm's userinfo

  auto vehicles = get(sim().urls().fleet_cn, "/api/1/vehicles", t.access);
  ASSERT_TRUE(vehicles);
  EXPECT_EQ(vehicles->status, 200) << vehicles->body;
  // A CN token means nothing on a global host (its signing key is the other realm's).
  auto elsewhere = get(sim().urls().fleet_na, "/api/1/vehicles", t.access);
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 401);

  // Every auth request went to China's host.
  int cn_auth = 0;
  for (const LedgerEntry& e : sim().ledger().entries) {
    EXPECT_NE(e.host, "auth") << e.path;
    if (e.host == "auth-cn") ++cn_auth;
  }
  EXPECT_GE(cn_auth, 2);  // authorize + token
}

TEST_F(CnRealmTest, EachHostRefusesTheOtherRealmsAccountsAndAudiences) {
  at_global_host();
  EXPECT_TRUE(code_for(cn_user().id).empty());  // the consent form does not sign a CN account in
  const std::string na_code = code_for(na_user().id);
  ASSERT_FALSE(na_code.empty());
  auto cn_audience = token_request(exchange(na_code, sim().urls().fleet_cn));
  ASSERT_TRUE(cn_audience);
  EXPECT_EQ(cn_audience->status, 400);
  EXPECT_EQ(json::parse(cn_audience->body)["error_description"], "Invalid resource");

  at_cn_host();
  EXPECT_TRUE(code_for(na_user().id).empty());
  const std::string cn_code = code_for(cn_user().id);
  ASSERT_FALSE(cn_code.empty());
  auto na_audience = token_request(exchange(cn_code, sim().urls().fleet_na));
  ASSERT_TRUE(na_audience);
  EXPECT_EQ(na_audience->status, 400);
  // A code is redeemable only where it was issued.
  at_global_host();
  auto foreign_code = token_request(exchange(cn_code, sim().urls().fleet_cn));
  ASSERT_TRUE(foreign_code);
  EXPECT_EQ(foreign_code->status, 400);
}

TEST_F(CnRealmTest, EachConsentPageOffersOnlyItsRealmsAccounts) {
  const auto& o = sim().options();
  const std::string path =
      "/oauth2/v3/authorize?response_type=code&client_id=" + o.client_id +
      "&redirect_uri=" + httplib::detail::encode_query_param(o.redirect_uris.front()) +
      "&scope=openid&state=s1";
  auto global = get(sim().urls().auth_base, path);
  auto china = get(sim().urls().cn_auth_base, path);
  ASSERT_TRUE(global && china);
  ASSERT_EQ(global->status, 200);
  ASSERT_EQ(china->status, 200);
  for (const User& u : sim().world().users) {
    const std::string radio = "value=\"" + u.id + "\"";
    const bool in_china = u.region == Region::cn;
    EXPECT_EQ(china->body.find(radio) != std::string::npos, in_china) << u.email;
    EXPECT_EQ(global->body.find(radio) != std::string::npos, !in_china) << u.email;
  }
}

TEST_F(CnRealmTest, ACnRefreshTokenRotatesAtChinasHostOnly) {
  at_cn_host();
  const Tokens first = login(cn_user().id);
  ASSERT_FALSE(first.refresh.empty());
  const auto& o = sim().options();
  const httplib::Params refresh{{"grant_type", "refresh_token"},
                                {"client_id", o.client_id},
                                {"refresh_token", first.refresh}};
  at_global_host();
  auto global = token_request(refresh);
  ASSERT_TRUE(global);
  EXPECT_EQ(global->status, 401);  // unknown there: login_required, nothing rotated
  at_cn_host();
  const Tokens second = tokens_from(token_request(refresh));
  ASSERT_FALSE(second.access.empty()) << second.body.dump();
  EXPECT_NE(second.refresh, first.refresh);
  auto vehicles = get(sim().urls().fleet_cn, "/api/1/vehicles", second.access);
  ASSERT_TRUE(vehicles);
  EXPECT_EQ(vehicles->status, 200);
}

TEST_F(CnRealmTest, PartnerTokensForChinaComeFromChinasHost) {
  at_global_host();
  EXPECT_TRUE(partner_token(Region::cn).access.empty());
  EXPECT_FALSE(partner_token(Region::eu).access.empty());
  at_cn_host();
  const Tokens cn = partner_token(Region::cn);
  ASSERT_FALSE(cn.access.empty()) << cn.body.dump();
  EXPECT_TRUE(partner_token(Region::na).access.empty());
}

TEST_F(CnRealmTest, TheEnvironmentNamesChinasAuthHost) {
  const auto& u = sim().urls();
  EXPECT_EQ(env_of(sim(), "TESLA_CN_AUTH_URL"), u.cn_auth_base + "/oauth2/v3/authorize");
  EXPECT_EQ(env_of(sim(), "TESLA_CN_TOKEN_URL"), u.cn_auth_base + "/oauth2/v3/token");
  EXPECT_NE(u.cn_auth_base, u.auth_base);
  EXPECT_EQ(env_of(sim(), "TESLA_TOKEN_URL"), u.auth_base + "/oauth2/v3/token");

  // Without the quirk one auth host serves both realms, and the CN variables say so.
  sim_.reset();
  start();
  EXPECT_EQ(sim().urls().cn_auth_base, sim().urls().auth_base);
  EXPECT_EQ(env_of(sim(), "TESLA_CN_TOKEN_URL"), env_of(sim(), "TESLA_TOKEN_URL"));
  at_global_host();
  EXPECT_FALSE(login(cn_user().id).access.empty());
}

}  // namespace
}  // namespace cpt::sim::testing
