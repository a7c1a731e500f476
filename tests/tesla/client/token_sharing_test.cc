// Several processes on one token file: a refresh holds the file's lock, and a process that waited
// for it takes the pair the other one saved instead of spending the single-use refresh token again.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/auth/token_store.h"
#include "tesla/client/fakes.h"

namespace cpt::tesla::auth {
namespace {

const auto kStart = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

class TokenSharingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cpt-token-sharing-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    AuthConfig config;
    config.token_url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
    config.client_id = "client-1";
    oauth_ = std::make_shared<OAuthClient>(config, endpoint_.client());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // What one process has: its own store object on the shared file and its own token source.
  struct Process {
    std::shared_ptr<FileTokenStore> store;
    std::unique_ptr<UserTokenSource> source;
  };
  Process process(Clock& clock) {
    Process p;
    p.store = std::make_shared<FileTokenStore>(dir_ / "tokens.json");
    p.source = std::make_unique<UserTokenSource>(p.store, oauth_, clock);
    return p;
  }

  std::filesystem::path dir_;
  testing::FakeTokenEndpoint endpoint_;
  std::shared_ptr<OAuthClient> oauth_;
};

TEST_F(TokenSharingTest, TwoProcessesOnOneFileRefreshAnExpiredTokenOnce) {
  FakeClock clock(kStart);
  auto first = process(clock);
  auto second = process(clock);
  TokenSet expired;
  expired.access_token = "access-0";
  expired.refresh_token = "refresh-0";
  expired.expires_at = kStart - std::chrono::seconds(10);
  ASSERT_TRUE(first.store->save("alice", expired));
  // Both read the expired pair before either refreshes, as two processes started together would.
  ASSERT_TRUE(first.source->scopes("alice").has_value());
  ASSERT_TRUE(second.source->scopes("alice").has_value());
  endpoint_.refresh_delay = std::chrono::milliseconds(50);

  std::vector<std::thread> threads;
  std::vector<std::string> seen(50);
  for (int i = 0; i < 50; ++i) {
    UserTokenSource& source = i % 2 == 0 ? *first.source : *second.source;
    threads.emplace_back([&, i] { seen[i] = source.access_token("alice").value_or("error"); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(endpoint_.refreshes.load(), 1);
  for (const auto& token : seen) EXPECT_EQ(token, "access-1");
  EXPECT_EQ(first.store->load("alice").value()->refresh_token, "refresh-1");
}

TEST_F(TokenSharingTest, ARefreshLockHeldElsewhereIsAwaitedThenTimesOut) {
  FileTokenStore holder(dir_ / "tokens.json");
  FileTokenStore waiter(dir_ / "tokens.json", std::chrono::milliseconds(200));
  auto held = holder.lock_for_refresh("alice");
  ASSERT_TRUE(held.has_value() && *held != nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto waited = waiter.lock_for_refresh("alice");
  ASSERT_FALSE(waited.has_value());
  EXPECT_EQ(waited.error().kind, ErrorKind::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  held->reset();  // released: the next one gets it at once
  auto next = waiter.lock_for_refresh("alice");
  ASSERT_TRUE(next.has_value());
  EXPECT_NE(*next, nullptr);
}

TEST_F(TokenSharingTest, AStoreOfOneProcessNeedsNoLock) {
  InMemoryTokenStore store;
  auto lock = store.lock_for_refresh("alice");
  ASSERT_TRUE(lock.has_value());
  EXPECT_EQ(*lock, nullptr);
}

}  // namespace
}  // namespace cpt::tesla::auth
