// What only the Redis backend has: URLs, native expiry of every key of a session, and a clean
// error when the server is unreachable. The shared contract is in session_store_contract_test.cc.
#include "cpt/store/redis/redis_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "store/redis_server.h"
#include "store/store_fixture.h"

namespace cpt::store::testing {
namespace {

TEST(RedisUrl, ParsesHostPortPasswordAndDatabase) {
  auto url = redis::parse_redis_url("redis://:s3cret@cache.internal:6380/2");
  ASSERT_TRUE(url.has_value()) << url.error().describe();
  EXPECT_EQ(url->host, "cache.internal");
  EXPECT_EQ(url->port, 6380);
  EXPECT_EQ(url->password, "s3cret");
  EXPECT_EQ(url->db, 2);
  EXPECT_TRUE(url->socket_path.empty());
}

TEST(RedisUrl, ParsesAUnixSocketAndDefaults) {
  EXPECT_EQ(redis::parse_redis_url("unix:///run/redis/redis.sock")->socket_path,
            "/run/redis/redis.sock");
  auto plain = redis::parse_redis_url("redis://127.0.0.1");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->port, 6379);
  EXPECT_EQ(plain->db, 0);
}

TEST(RedisUrl, RefusesBadUrlsWithoutEchoingThePassword) {
  for (const char* bad : {"http://x:1", "redis://:pw@host:99999", "redis://:pw@host:1/x",
                          "redis://", "unix://relative.sock"}) {
    auto url = redis::parse_redis_url(bad);
    ASSERT_FALSE(url.has_value()) << bad;
    EXPECT_EQ(url.error().kind, ErrorKind::invalid_argument);
    EXPECT_EQ(url.error().describe().find("pw"), std::string::npos) << bad;
  }
}

TEST(RedisStoreOpen, AnUnreachableServerIsAnIoErrorAtOpen) {
  auto opened = RedisStore::open({.url = "unix:///nonexistent-cpt-dir/redis.sock"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, ErrorKind::io);
}

class RedisStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = RedisServer::start(why);
    ASSERT_NE(server_, nullptr) << why;
    auto opened = RedisStore::open({.url = server_->url(), .key_prefix = "cpt:"});
    ASSERT_TRUE(opened.has_value()) << opened.error().describe();
    store_ = std::move(*opened);
  }
  // Every key in the server (SCAN, as an operator would look).
  std::set<std::string> all_keys() {
    std::set<std::string> keys;
    std::string cursor = "0";
    for (int round = 0; round < 1000; ++round) {
      auto r = store_->client().command({"SCAN", cursor, "COUNT", "1000"});
      EXPECT_TRUE(r.has_value());
      if (!r || r->elements.size() != 2) break;
      for (const auto& key : r->elements[1].elements) keys.insert(key.text);
      cursor = r->elements[0].text;
      if (cursor == "0") break;
    }
    return keys;
  }
  // The keys that name a session or its order.
  std::set<std::string> keys_of(const std::string& sid) {
    std::set<std::string> out;
    for (const auto& key : all_keys()) {
      if (key.find(sid) != std::string::npos) out.insert(key);
    }
    return out;
  }
  void fill(const std::string& sid, TimePoint expires) {
    ASSERT_TRUE(store_->create_session(StoreTest::session(sid, expires), "tokens"));
    ASSERT_TRUE(store_->create_order(StoreTest::order("order-" + sid, sid)));
    ASSERT_TRUE(store_->put_raw("order-" + sid, StoreTest::raw("vehicles", "[]")));
    ASSERT_TRUE(store_->put_artifacts(sid, {{"V", "pdf", "application/pdf", "%PDF"}}));
    ASSERT_TRUE(store_->save_tokens(sid, "rotated"));
  }

  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RedisStore> store_;
};

TEST_F(RedisStoreTest, EveryKeyOfASessionCarriesTheSessionsExpiry) {
  const auto now = std::chrono::system_clock::now();
  fill("sess-ttl", now + std::chrono::hours(2));
  const auto keys = keys_of("sess-ttl");
  ASSERT_EQ(keys.size(), 6u);  // session, tokens, order, raw, artifacts, order -> session
  for (const auto& key : keys) {
    auto ttl = store_->client().command({"PTTL", key});
    ASSERT_TRUE(ttl.has_value());
    EXPECT_GT(ttl->integer, 7'000'000) << key;  // close to two hours, never "no expiry" (-1)
    EXPECT_LE(ttl->integer, 7'200'000) << key;
  }
}

TEST_F(RedisStoreTest, AnExpiredSessionLeavesNoKeyBehind) {
  const auto now = std::chrono::system_clock::now();
  fill("sess-short", now + std::chrono::milliseconds(400));
  fill("sess-long", now + std::chrono::hours(1));
  ASSERT_EQ(keys_of("sess-short").size(), 6u);
  // Redis expires keys lazily on access and actively about ten times a second; wait for it,
  // bounded, without touching the keys (access would expire them early and prove less).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!keys_of("sess-short").empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(keys_of("sess-short").empty());
  EXPECT_EQ(keys_of("sess-long").size(), 6u);
}

TEST_F(RedisStoreTest, ADeletedSessionLeavesNoKeyBehind) {
  const auto now = std::chrono::system_clock::now();
  fill("sess-del", now + std::chrono::hours(1));
  ASSERT_TRUE(*store_->delete_session("sess-del"));
  EXPECT_TRUE(keys_of("sess-del").empty());
  // The indexes no longer name it either.
  auto running = store_->client().command({"SISMEMBER", "cpt:idx:running", "sess-del"});
  EXPECT_EQ(running->integer, 0);
  auto indexed = store_->client().command({"ZSCORE", "cpt:idx:sessions", "sess-del"});
  EXPECT_TRUE(indexed->is_nil());
}

TEST_F(RedisStoreTest, EveryKeyStartsWithThePrefix) {
  const auto now = std::chrono::system_clock::now();
  fill("sess-prefix", now + std::chrono::hours(1));
  ASSERT_TRUE(store_->put_oauth_state({"st", "o", "v", "u", now + std::chrono::minutes(5)}));
  for (const auto& key : all_keys()) EXPECT_TRUE(key.starts_with("cpt:")) << key;
}

}  // namespace
}  // namespace cpt::store::testing
