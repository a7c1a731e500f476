// Every kind of response the API gives, checked against docs/openapi.json as served.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"
#include "openapi_check.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;

class ApiContractTest : public ServiceHarness {
 protected:
  void SetUp() override {
    ServiceHarness::SetUp();
    start_service({.real_reports = true, .oauth_rate = {.per_minute = 60, .burst = 8}});
    auto doc = get("/openapi.json", Browser{});
    ASSERT_TRUE(doc);
    ASSERT_EQ(doc->status, 200);
    const json parsed = json::parse(doc->body);
    ASSERT_EQ(parsed["openapi"], "3.1.0");
    check_ = std::make_unique<OpenApiCheck>(parsed);
  }
  void expect_conforms(const std::string& method, const std::string& path,
                       const httplib::Result& res) {
    ASSERT_TRUE(res) << method << " " << path;
    ++checked_;
    for (const std::string& problem : check_->check(
             method, path, res->status, res->get_header_value("Content-Type"), res->body)) {
      ADD_FAILURE() << problem;
    }
  }
  std::unique_ptr<OpenApiCheck> check_;
  int checked_ = 0;
};

TEST_F(ApiContractTest, ResponsesConformToTheOpenApiDocument) {
  Browser browser;
  Browser stranger;
  expect_conforms("GET", "/health", get("/health", browser));
  expect_conforms("GET", "/metrics", get("/metrics", browser));
  expect_conforms("GET", "/.well-known/appspecific/com.tesla.3p.public-key.pem",
                  get("/.well-known/appspecific/com.tesla.3p.public-key.pem", browser));
  expect_conforms("GET", "/.well-known/cpt/report-signing-key.pem",
                  get("/.well-known/cpt/report-signing-key.pem", browser));
  expect_conforms("POST", "/api/v1/tesla/oauth/initiate",
                  post("/api/v1/tesla/oauth/initiate", browser, ""));
  const auto [auth_url, state] = initiate(browser);
  const std::string callback = authorize_at_sim(auth_url);
  auto redirected = get(callback, browser);
  expect_conforms("GET", "/api/v1/tesla/oauth/callback", redirected);
  const std::string location = redirected->get_header_value("Location");
  const std::string session = location.substr(location.find("session=") + 8);
  const std::string base = "/api/v1/sessions/" + session;
  const auto vins = first_user_vins();

  expect_conforms("GET", base + "/vehicles", get(base + "/vehicles", browser));
  expect_conforms("GET", base + "/vehicles", get(base + "/vehicles", stranger));
  expect_conforms("GET", base + "/progress", get(base + "/progress", browser));
  expect_conforms("POST", base + "/order", post(base + "/order", browser, "[]"));
  expect_conforms("POST", base + "/order",
                  post(base + "/order", browser, json{{"vins", {vins[0]}}}.dump()));
  expect_conforms("GET", base + "/reports/" + vins[0] + ".pdf",
                  get(base + "/reports/" + vins[0] + ".pdf", browser));  // 409 or 200
  ASSERT_TRUE(service_->wait_for_orders(std::chrono::seconds(60)));
  expect_conforms("POST", base + "/order",
                  post(base + "/order", browser, json{{"vins", {vins[0]}}}.dump()));
  expect_conforms("GET", base + "/progress", get(base + "/progress", browser));
  for (const char* suffix : {".json", ".html", ".pdf", ".csv", "/invoices.zip"}) {
    const std::string path = base + "/reports/" + vins[0] + suffix;
    expect_conforms("GET", path, get(path, browser));
  }
  expect_conforms("GET", base + "/reports/" + vins[1] + ".json",
                  get(base + "/reports/" + vins[1] + ".json", browser));
  expect_conforms("GET", base + "/invoices.zip", get(base + "/invoices.zip", browser));
  expect_conforms("DELETE", base, del(base, browser));
  expect_conforms("DELETE", base, del(base, browser));
  for (int i = 0; i < 10; ++i) post("/api/v1/tesla/oauth/initiate", browser, "");
  expect_conforms("POST", "/api/v1/tesla/oauth/initiate",
                  post("/api/v1/tesla/oauth/initiate", browser, ""));
  EXPECT_EQ(checked_, 24);
}

TEST_F(ApiContractTest, UnknownRoutesAnswerWithTheErrorEnvelope) {
  auto res = get("/api/v1/nothing-here", Browser{});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  const json body = json::parse(res->body);
  EXPECT_EQ(body["error"], "not_found");
  EXPECT_TRUE(body["error_description"].is_string());
}

TEST_F(ApiContractTest, TheUiIsServedWithAStrictContentSecurityPolicy) {
  auto page = get("/", Browser{});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find(R"(data-i18n="connect.button")"), std::string::npos);
  // The page's words come from its catalog, in the language asked for.
  auto words = get("/api/v1/ui-text?lang=fi", Browser{});
  ASSERT_TRUE(words);
  EXPECT_EQ(words->get_header_value("Content-Language"), "fi");
  EXPECT_EQ(json::parse(words->body)["texts"]["connect.button"], "Yhdistä Tesla");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(get("/app.js", Browser{})->get_header_value("Content-Type"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/../etc/passwd", Browser{})->status, 404);
  EXPECT_EQ(get("/secret.txt", Browser{})->status, 404);
}

TEST_F(ApiContractTest, MetricsCountRequestsAndTeslaCalls) {
  Browser browser;
  login(browser);
  get("/health", browser);
  auto res = get("/metrics", browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4");
  EXPECT_NE(
      res->body.find("cpt_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1"),
      std::string::npos);
  EXPECT_NE(res->body.find(
                "cpt_tesla_calls_total{endpoint=\"vehicles\",status=\"200\",billed=\"true\"} 1"),
            std::string::npos);
  EXPECT_NE(
      res->body.find(
          "cpt_tesla_calls_total{endpoint=\"oauth_token\",status=\"200\",billed=\"false\"} 1"),
      std::string::npos);
  EXPECT_NE(res->body.find("cpt_sessions_created_total 1"), std::string::npos);
}

}  // namespace
}  // namespace cpt::service::testing
