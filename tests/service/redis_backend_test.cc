// The service on the Redis backend (storage.backend = "redis"): the journey works the same, a
// second instance on the same Redis serves the same browser's session, a restart mid-order
// resumes without billing a call twice, and a deleted session leaves no key.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <thread>

#include "cpt/store/redis/redis_client.h"
#include "harness.h"
#include "store/redis_server.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class RedisBackendTest : public ServiceHarness {
 protected:
  void SetUp() override {
    ServiceHarness::SetUp();
    std::string why;
    redis_ = store::testing::RedisServer::start(why);
    ASSERT_NE(redis_, nullptr) << why;
    config_.storage_backend = "redis";
    config_.redis_url = redis_->url();
    config_.job_lease = 600ms;  // a stopped instance's order is taken over after this
    start_service();
    auto client = store::redis::RedisClient::connect({.url = redis_->url()});
    ASSERT_TRUE(client.has_value()) << client.error().describe();
    redis_client_ = std::move(*client);
  }
  void TearDown() override {
    ServiceHarness::TearDown();
    redis_client_.reset();
    redis_.reset();
  }
  std::string order_path(const std::string& session) {
    return "/api/v1/sessions/" + session + "/order";
  }
  // Keys in Redis that name `text` (SCAN, as an operator would look).
  std::set<std::string> keys_naming(const std::string& text) {
    std::set<std::string> out;
    std::string cursor = "0";
    for (int round = 0; round < 1000; ++round) {
      auto r = redis_client_->command({"SCAN", cursor, "COUNT", "1000"});
      if (!r || r->elements.size() != 2) break;
      for (const auto& key : r->elements[1].elements) {
        if (key.text.find(text) != std::string::npos) out.insert(key.text);
      }
      cursor = r->elements[0].text;
      if (cursor == "0") break;
    }
    return out;
  }
  // Signs in, orders two vehicles on an instance that stops after the first, and waits until that
  // first answer is stored: an order caught in the middle.
  std::string order_held_after_first(Browser& browser, std::vector<std::string>& vins) {
    stop_service();
    start_service({.hold_after_first = true});
    const std::string session = login(browser);
    vins = first_user_vins();
    auto placed = post(order_path(session), browser, json{{"vins", {vins[0], vins[1]}}}.dump());
    EXPECT_EQ(placed->status, 202);
    for (int i = 0; i < 2000 && raw_answers(session) == 0; ++i) std::this_thread::sleep_for(5ms);
    EXPECT_EQ(raw_answers(session), 1);
    return session;
  }
  // Another instance on the same Redis (its own port, the test's clock and stand-ins).
  std::unique_ptr<Service> other_instance() {
    ServiceDeps deps;
    deps.clock = clock_;
    deps.runner = fake_runner();
    deps.renderer = fake_renderer();
    auto other = Service::create(config_, deps);
    EXPECT_TRUE(other.has_value()) << other.error().describe();
    if (!other) return nullptr;
    EXPECT_TRUE((*other)->start().has_value());
    return std::move(*other);
  }
  std::int64_t raw_answers(const std::string& session) {
    auto r = redis_client_->command({"HLEN", "cpt:s:" + session + ":raw"});
    return r ? r->integer : -1;
  }

  std::unique_ptr<store::testing::RedisServer> redis_;
  std::unique_ptr<store::redis::RedisClient> redis_client_;
};

TEST_F(RedisBackendTest, TheWholeJourneyRunsOnRedisAndWritesNoDatabaseFile) {
  Browser browser;
  const std::string session = login(browser);
  ASSERT_FALSE(session.empty());
  const auto vins = first_user_vins();
  order_and_wait(session, browser, {vins[0]}, "pro");
  auto progress = get("/api/v1/sessions/" + session + "/progress", browser);
  ASSERT_EQ(progress->status, 200);
  EXPECT_EQ(json::parse(progress->body)["status"], "done");
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/reports/" + vins[0] + ".json", browser)->status,
            200);
  EXPECT_FALSE(keys_naming(session).empty());
  EXPECT_FALSE(std::filesystem::exists(config_.database)) << "the SQLite file stays unused";
}

TEST_F(RedisBackendTest, ASecondInstanceOnTheSameRedisServesTheSameSession) {
  Browser browser;
  const std::string session = login(browser);
  const auto vins = first_user_vins();
  ASSERT_EQ(post(order_path(session), browser, json{{"vins", {vins[0]}}}.dump())->status, 202);
  ASSERT_TRUE(service_->wait_for_orders(60s));

  auto second = other_instance();
  ASSERT_NE(second, nullptr);
  httplib::Client other("127.0.0.1", second->port());
  const httplib::Headers cookie{{"Cookie", browser.cookie}};
  auto progress = other.Get("/api/v1/sessions/" + session + "/progress", cookie);
  ASSERT_TRUE(progress);
  ASSERT_EQ(progress->status, 200);
  EXPECT_EQ(json::parse(progress->body)["status"], "done");
  auto report = other.Get("/api/v1/sessions/" + session + "/reports/" + vins[0] + ".json", cookie);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->status, 200);
  // Another browser gets nothing from the other instance either.
  auto stranger = other.Get("/api/v1/sessions/" + session + "/progress");
  ASSERT_TRUE(stranger);
  EXPECT_NE(stranger->status, 200);
  second->stop();
}

TEST_F(RedisBackendTest, ARestartMidOrderResumesWithoutRepeatingBilledCalls) {
  Browser browser;
  std::vector<std::string> vins;
  const std::string session = order_held_after_first(browser, vins);
  stop_service();
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[0]), 1);

  start_service();  // same Redis: the order's job is taken over once its lease ran out
  ASSERT_TRUE(service_->wait_for_orders(60s));
  auto progress = get("/api/v1/sessions/" + session + "/progress", browser);
  ASSERT_EQ(progress->status, 200);
  EXPECT_EQ(json::parse(progress->body)["status"], "done");
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[0]), 1);  // not fetched again
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[1]), 1);
}

TEST_F(RedisBackendTest, AnOrderOfAStoppedInstanceIsFinishedByAnotherWithoutBillingTwice) {
  Browser browser;
  std::vector<std::string> vins;
  const std::string session = order_held_after_first(browser, vins);  // on instance A
  auto other = other_instance();  // instance B, on the same Redis
  ASSERT_NE(other, nullptr);
  stop_service();  // A goes away mid-order; its job stays pending

  ASSERT_TRUE(other->wait_for_orders(60s));
  httplib::Client b("127.0.0.1", other->port());
  const httplib::Headers cookie{{"Cookie", browser.cookie}};
  auto progress = b.Get("/api/v1/sessions/" + session + "/progress", cookie);
  ASSERT_TRUE(progress);
  EXPECT_EQ(json::parse(progress->body)["status"], "done") << progress->body;
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[0]), 1);  // A's answer was reused
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[1]), 1);
  other->stop();
}

TEST_F(RedisBackendTest, ADeletedSessionLeavesNoKeyInRedis) {
  Browser browser;
  const std::string session = login(browser);
  const auto vins = first_user_vins();
  order_and_wait(session, browser, {vins[0]}, "basic");
  ASSERT_FALSE(keys_naming(session).empty());
  auto deleted = del("/api/v1/sessions/" + session, browser);
  ASSERT_TRUE(deleted);
  EXPECT_LT(deleted->status, 300);
  EXPECT_TRUE(keys_naming(session).empty());
  // Nothing else of it either (its order's key, its sign-in): only the deployment's indexes and
  // its (now empty) job stream remain.
  for (const auto& key : keys_naming("")) {
    EXPECT_TRUE(key.starts_with("cpt:idx:") || key == "cpt:jobs") << key;
  }
  EXPECT_EQ(redis_client_->command({"XLEN", "cpt:jobs"})->integer, 0);
}

}  // namespace
}  // namespace cpt::service::testing
