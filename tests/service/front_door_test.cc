// The service's front door (issue 11): the client address behind trusted proxies, cross-site
// refusal, who may read /metrics, server-issued browser cookies and the access log's status (the
// OAuth state surviving a foreign callback is in oauth_test.cc).
#include <nlohmann/json.hpp>

#include "harness.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;

class FrontDoorTest : public ServiceHarness {
 protected:
  httplib::Result send(const std::string& method, const std::string& path,
                       const httplib::Headers& headers) {
    httplib::Client client("127.0.0.1", service_->port());
    return method == "POST" ? client.Post(path, headers, "", "application/json")
                            : client.Get(path, headers);
  }

  std::vector<json> access_lines(const std::string& route) {
    std::lock_guard lock(log_mutex_);
    std::vector<json> out;
    for (const auto& line : log_lines_) {
      const json j = json::parse(line, nullptr, false);
      if (j.is_object() && j.value("event", "") == "http_request" &&
          j.value("route", "") == route) {
        out.push_back(j);
      }
    }
    return out;
  }
};

TEST_F(FrontDoorTest, EveryRouteLogsTheStatusTheClientReceived) {
  start_service();
  auto pem = send("GET", "/.well-known/appspecific/com.tesla.3p.public-key.pem", {});
  ASSERT_TRUE(pem);
  ASSERT_EQ(pem->status, 200);
  auto lines = access_lines("/.well-known/appspecific/com.tesla.3p.public-key.pem");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["status"], 200);
}

TEST_F(FrontDoorTest, ForwardedForIsReadOnlyFromTrustedProxies) {
  HarnessOptions options;
  options.oauth_rate = {1, 1};  // one sign-in start per address
  config_.trusted_proxies = {"127.0.0.0/8"};
  start_service(options);
  auto first = send("POST", "/api/v1/tesla/oauth/initiate", {{"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(first->status, 200);
  auto again = send("POST", "/api/v1/tesla/oauth/initiate", {{"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(again->status, 429);
  // A client-chosen entry left of the proxy's own does not buy a fresh bucket.
  auto spoofed = send("POST", "/api/v1/tesla/oauth/initiate",
                      {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}});
  EXPECT_EQ(spoofed->status, 429);
  auto other = send("POST", "/api/v1/tesla/oauth/initiate", {{"X-Forwarded-For", "203.0.113.8"}});
  EXPECT_EQ(other->status, 200);
  auto lines = access_lines("/api/v1/tesla/oauth/initiate");
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front()["ip"], "203.0.113.7");
}

TEST_F(FrontDoorTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
  HarnessOptions options;
  options.oauth_rate = {1, 1};
  start_service(options);  // no trusted proxies
  EXPECT_EQ(
      send("POST", "/api/v1/tesla/oauth/initiate", {{"X-Forwarded-For", "203.0.113.7"}})->status,
      200);
  EXPECT_EQ(
      send("POST", "/api/v1/tesla/oauth/initiate", {{"X-Forwarded-For", "203.0.113.8"}})->status,
      429);
  EXPECT_EQ(access_lines("/api/v1/tesla/oauth/initiate").front()["ip"], "127.0.0.1");
}

TEST_F(FrontDoorTest, CrossSiteStateChangesAreRefused) {
  start_service();
  const std::string path = "/api/v1/tesla/oauth/initiate";
  EXPECT_EQ(send("POST", path, {{"Origin", "https://evil.example"}})->status, 403);
  EXPECT_EQ(send("POST", path, {{"Sec-Fetch-Site", "cross-site"}})->status, 403);
  EXPECT_EQ(send("POST", path, {{"Origin", "null"}})->status, 403);
  const std::string own = "http://127.0.0.1:" + std::to_string(service_->port());
  EXPECT_EQ(send("POST", path, {{"Origin", own}, {"Sec-Fetch-Site", "same-origin"}})->status, 200);
  EXPECT_EQ(send("POST", path, {})->status, 200);  // no browser: no cookie to ride on
}

TEST_F(FrontDoorTest, MetricsAreForDirectLoopbackOrTheBearerToken) {
  start_service();
  EXPECT_EQ(send("GET", "/metrics", {})->status, 200);
  EXPECT_EQ(send("GET", "/metrics", {{"X-Forwarded-For", "203.0.113.7"}})->status, 404);
  stop_service();
  config_.metrics_token = "metrics-token-for-the-test";
  start_service();
  EXPECT_EQ(send("GET", "/metrics", {})->status, 404);
  EXPECT_EQ(send("GET", "/metrics", {{"Authorization", "Bearer wrong"}})->status, 404);
  auto ok = send("GET", "/metrics", {{"Authorization", "Bearer metrics-token-for-the-test"}});
  EXPECT_EQ(ok->status, 200);
  EXPECT_NE(ok->body.find("cpt_"), std::string::npos);
}

TEST_F(FrontDoorTest, APlantedBrowserCookieIsReplacedByOneTheServerIssues) {
  start_service();
  Browser planted{"cpt_browser=" + std::string(64, 'a')};
  auto res = post("/api/v1/tesla/oauth/initiate", planted, "");
  ASSERT_EQ(res->status, 200);
  const std::string set = res->get_header_value("Set-Cookie");
  ASSERT_TRUE(set.starts_with("cpt_browser=")) << set;
  EXPECT_EQ(set.find(std::string(64, 'a')), std::string::npos);
  // The issued cookie is kept: a second initiate sets none.
  Browser issued{set.substr(0, set.find(';'))};
  auto second = post("/api/v1/tesla/oauth/initiate", issued, "");
  EXPECT_FALSE(second->has_header("Set-Cookie"));
}

TEST_F(FrontDoorTest, SecureCookiesCarryTheHostPrefix) {
  config_.cookie_secure = true;
  start_service();
  auto res = post("/api/v1/tesla/oauth/initiate", Browser{}, "");
  const std::string set = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(set.starts_with("__Host-cpt_browser=")) << set;
  EXPECT_NE(set.find("; Secure"), std::string::npos);
  EXPECT_NE(set.find("Path=/"), std::string::npos);
  EXPECT_EQ(set.find("Domain"), std::string::npos);
}

}  // namespace
}  // namespace cpt::service::testing
