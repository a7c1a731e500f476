// Who may see what, and how long it lives: ownership, deletion, expiry, logs.
#include <nlohmann/json.hpp>

#include "harness.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class PrivacyTest : public ServiceHarness {
 protected:
  void SetUp() override {
    ServiceHarness::SetUp();
    start_service();
  }
};

TEST_F(PrivacyTest, OneBrowserCanNeverReadAnotherBrowsersSession) {
  Browser alice;
  Browser bob;
  const std::string session = login(alice);
  login(bob);  // bob has a valid session and cookie of his own
  const std::string vin = first_user_vins()[0];
  order_and_wait(session, alice, {vin});
  const std::string base = "/api/v1/sessions/" + session;
  const std::vector<std::string> paths = {base + "/vehicles",
                                          base + "/progress",
                                          base + "/reports/" + vin + ".json",
                                          base + "/reports/" + vin + ".pdf",
                                          base + "/reports/" + vin + "/invoices.zip",
                                          base + "/invoices.zip"};
  Browser anonymous;
  for (const std::string& path : paths) {
    for (const Browser* intruder : {&bob, &anonymous}) {
      auto res = get(path, *intruder);
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 404) << path;
      EXPECT_EQ(json::parse(res->body)["error"], "session_not_found") << path;
      EXPECT_EQ(res->body.find(vin), std::string::npos) << path;
    }
  }
  auto order = post(base + "/order", bob, json{{"vins", {vin}}}.dump());
  EXPECT_EQ(order->status, 404);
  EXPECT_EQ(del(base, bob)->status, 404);
  // Alice still has everything.
  EXPECT_EQ(get(base + "/reports/" + vin + ".json", alice)->status, 200);
}

TEST_F(PrivacyTest, DeleteErasesTheWholeSessionAtOnce) {
  Browser browser;
  const std::string session = login(browser);
  order_and_wait(session, browser, {first_user_vins()[0]});
  ASSERT_GT(count_rows("raw_responses"), 0);
  ASSERT_GT(count_rows("artifacts"), 0);
  auto res = del("/api/v1/sessions/" + session, browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  for (const char* table : {"sessions", "tokens", "orders", "raw_responses", "artifacts"}) {
    EXPECT_EQ(count_rows(table), 0) << table;
  }
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/vehicles", browser)->status, 404);
}

TEST_F(PrivacyTest, TheSweeperExpiresSessionsAfterTheirTtl) {
  Browser browser;
  const std::string session = login(browser);
  order_and_wait(session, browser, {first_user_vins()[0]});
  clock_->advance(2h - 1s);
  EXPECT_EQ(*service_->sweep_now(), 0);
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/vehicles", browser)->status, 200);
  clock_->advance(2s);
  // Expired sessions are invisible at once, and the sweep deletes their data.
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/vehicles", browser)->status, 404);
  EXPECT_EQ(*service_->sweep_now(), 1);
  for (const char* table : {"sessions", "tokens", "orders", "raw_responses", "artifacts"}) {
    EXPECT_EQ(count_rows(table), 0) << table;
  }
}

TEST_F(PrivacyTest, LogsAreJsonWithRequestIdsAndNoVinsOrTokens) {
  Browser browser;
  const std::string session = login(browser);
  const std::string vin = first_user_vins()[0];
  order_and_wait(session, browser, {vin});
  get("/api/v1/sessions/" + session + "/reports/" + vin + ".json", browser);
  std::lock_guard lock(log_mutex_);
  ASSERT_GT(log_lines_.size(), 5u);
  int requests = 0;
  for (const std::string& line : log_lines_) {
    const json entry = json::parse(line);
    EXPECT_TRUE(entry.contains("request_id")) << line;
    EXPECT_TRUE(entry.contains("ts")) << line;
    if (entry["event"] == "http_request") {
      ++requests;
      EXPECT_FALSE(entry["request_id"].get<std::string>().empty());
    }
    EXPECT_EQ(line.find(vin), std::string::npos) << line;
    EXPECT_EQ(line.find(session), std::string::npos) << line;
    EXPECT_EQ(line.find("eyJ"), std::string::npos) << line;
    EXPECT_EQ(line.find("@"), std::string::npos) << line;
  }
  EXPECT_EQ(requests, 4);  // initiate, callback, order, report
}

TEST_F(PrivacyTest, EveryResponseCarriesARequestIdAndHsts) {
  Browser browser;
  for (const char* path :
       {"/health", "/", "/api/v1/sessions/aaaaaaaaaaaaaaaaaaaa/vehicles", "/no/such/route"}) {
    auto res = get(path, browser);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("X-Request-Id").size(), 16u) << path;
    EXPECT_FALSE(res->get_header_value("Strict-Transport-Security").empty()) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
}

}  // namespace
}  // namespace cpt::service::testing
