// China's realm in the client's configuration (FLEET-API §10.7): a CN account signs in and
// refreshes at auth.tesla.cn with the app registered there; NA and EU keep the global hosts.
#include <gtest/gtest.h>

#include "cpt/tesla/config.h"

namespace cpt::tesla {
namespace {

TEST(RealmConfig, ChinaSignsInAtAuthTeslaCnAndTheOthersKeepTheGlobalHosts) {
  AuthConfig auth;
  auth.client_id = "global-app";
  auth.client_secret = "global-secret";
  for (Region region : {Region::na, Region::eu}) {
    const AuthConfig realm = auth.for_region(region);
    EXPECT_EQ(realm.authorize_url, "https://auth.tesla.com/oauth2/v3/authorize");
    EXPECT_EQ(realm.token_url, "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token");
    EXPECT_EQ(realm.client_id, "global-app");
  }
  const AuthConfig cn = auth.for_region(Region::cn);
  EXPECT_EQ(cn.authorize_url, "https://auth.tesla.cn/oauth2/v3/authorize");
  EXPECT_EQ(cn.token_url, "https://auth.tesla.cn/oauth2/v3/token");
  // Without an app of its own on developer.tesla.cn, the configured app's credentials are sent.
  EXPECT_EQ(cn.client_id, "global-app");
  EXPECT_EQ(cn.client_secret, "global-secret");
}

TEST(RealmConfig, ChinasOwnAppAndHostsReplaceTheGlobalOnesForCnOnly) {
  AuthConfig auth;
  auth.client_id = "global-app";
  auth.client_secret = "global-secret";
  auth.cn_client_id = "cn-app";
  auth.cn_client_secret = "cn-secret";
  auth.cn_token_url = "http://127.0.0.1:4100/oauth2/v3/token";
  const AuthConfig cn = auth.for_region(Region::cn);
  EXPECT_EQ(cn.client_id, "cn-app");
  EXPECT_EQ(cn.client_secret, "cn-secret");
  EXPECT_EQ(cn.token_url, "http://127.0.0.1:4100/oauth2/v3/token");
  EXPECT_EQ(cn.for_region(Region::cn).token_url, cn.token_url);  // asking twice changes nothing
  EXPECT_EQ(auth.for_region(Region::eu).client_id, "global-app");
  EXPECT_EQ(auth.for_region(Region::eu).token_url, auth.token_url);
}

TEST(RealmConfig, ChinasAuthUrlsMustBeHttpsLikeEveryOtherTeslaUrl) {
  AuthConfig auth;
  EXPECT_TRUE(require_https(auth, RegionUrls{}).has_value());
  auth.cn_token_url = "http://auth.tesla.cn/oauth2/v3/token";
  auto plain = require_https(auth, RegionUrls{});
  ASSERT_FALSE(plain.has_value());
  EXPECT_NE(plain.error().user_message.find("CN token URL"), std::string::npos);
}

}  // namespace
}  // namespace cpt::tesla
