// Several instances on one Redis: a refresh holds the account's fenced lock, so many calls across
// instances on an expired token cause one refresh, and a holder whose lease ran out cannot
// overwrite the pair of the next holder.
#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/store/redis/job_queue.h"
#include "cpt/store/redis/redis_store.h"
#include "cpt/store/token_vault.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "store/redis_server.h"
#include "store/store_fixture.h"
#include "tesla/client/fakes.h"

namespace cpt::store::testing {
namespace {

class RedisTokenSharingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = RedisServer::start(why);
    ASSERT_NE(server_, nullptr) << why;
    auto sealer = Sealer::generate();
    ASSERT_TRUE(sealer.has_value());
    sealer_ = std::make_shared<const Sealer>(*sealer);
    tesla::AuthConfig config;
    config.token_url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
    config.client_id = "client-1";
    oauth_ = std::make_shared<tesla::auth::OAuthClient>(config, endpoint_.client());
  }
  // What one `cpt serve` instance has: its own connection pool, token vault and token source.
  struct Instance {
    std::shared_ptr<RedisStore> store;
    std::shared_ptr<EncryptedTokenStore> tokens;
    std::unique_ptr<tesla::auth::UserTokenSource> source;
  };
  Instance instance() {
    Instance i;
    auto opened = RedisStore::open({.url = server_->url()});
    EXPECT_TRUE(opened.has_value());
    i.store = std::move(*opened);
    i.tokens = std::make_shared<EncryptedTokenStore>(i.store, sealer_);
    i.source = std::make_unique<tesla::auth::UserTokenSource>(i.tokens, oauth_, clock_);
    return i;
  }

  std::unique_ptr<RedisServer> server_;
  std::shared_ptr<const Sealer> sealer_;
  tesla::testing::FakeTokenEndpoint endpoint_;
  std::shared_ptr<tesla::auth::OAuthClient> oauth_;
  FakeClock clock_{std::chrono::system_clock::now()};
};

TEST_F(RedisTokenSharingTest, FiftyCallsAcrossTwoInstancesOnAnExpiredTokenRefreshOnce) {
  auto a = instance();
  auto b = instance();
  const auto now = clock_.now();
  ASSERT_TRUE(a.store->create_session(StoreTest::session("sess-1", now + std::chrono::hours(2)),
                                      "placeholder"));
  tesla::auth::TokenSet expired;
  expired.access_token = "access-0";
  expired.refresh_token = "refresh-0";
  expired.expires_at = now - std::chrono::seconds(10);
  ASSERT_TRUE(a.tokens->save("sess-1", expired));
  endpoint_.refresh_delay = std::chrono::milliseconds(50);

  std::vector<std::thread> threads;
  std::vector<std::string> seen(50);
  for (int i = 0; i < 50; ++i) {
    auto& source = i % 2 == 0 ? *a.source : *b.source;
    threads.emplace_back([&, i] { seen[i] = source.access_token("sess-1").value_or("error"); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(endpoint_.refreshes.load(), 1);
  for (const auto& token : seen) EXPECT_EQ(token, "access-1");
  EXPECT_EQ(b.tokens->load("sess-1").value()->refresh_token, "refresh-1");
  // The lock is gone once the refresh is done: no key of the session outlives its use.
  EXPECT_TRUE(a.store->client().command({"GET", "cpt:lock:refresh:sess-1"})->is_nil());
}

TEST_F(RedisTokenSharingTest, AHolderWhoseLeaseRanOutCannotSaveOverTheNextHoldersPair) {
  auto a = instance();
  ASSERT_TRUE(a.store->create_session(
      StoreTest::session("sess-2", clock_.now() + std::chrono::hours(2)), "sealed-0"));
  redis::FencedLock lock(a.store->client(), "cpt:lock:refresh:sess-2", "cpt:fence");
  auto stale = lock.try_acquire(std::chrono::milliseconds(50));
  ASSERT_TRUE(stale.has_value() && stale->has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto current = lock.try_acquire(std::chrono::seconds(10));
  ASSERT_TRUE(current.has_value() && current->has_value());
  auto late =
      a.store->save_tokens_fenced("sess-2", "sealed-stale", "cpt:lock:refresh:sess-2", **stale);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
  ASSERT_TRUE(
      a.store->save_tokens_fenced("sess-2", "sealed-1", "cpt:lock:refresh:sess-2", **current));
  EXPECT_EQ(a.store->load_tokens("sess-2").value(), "sealed-1");
  EXPECT_GT(a.store->client().command({"PTTL", "cpt:s:sess-2:tokens"})->integer, 0);
}

}  // namespace
}  // namespace cpt::store::testing
