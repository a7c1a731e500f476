// The AccountPace contract, run against every backend (in-process, SQLite, Redis): one suite, so
// the backends cannot drift apart. Each backend gives two handles on the same pace (two
// processes, two instances), and what one records the other reads.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "cpt/core/clock.h"
#include "cpt/store/redis/redis_pace.h"
#include "cpt/store/redis/redis_store.h"
#include "cpt/store/sqlite_pace.h"
#include "cpt/tesla/account_pace.h"
#include "cpt/tesla/concurrency.h"
#include "store/redis_server.h"

namespace cpt::store::testing {
namespace {

using namespace std::chrono_literals;
using tesla::AccountPace;
using Handles = std::pair<std::shared_ptr<AccountPace>, std::shared_ptr<AccountPace>>;

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'760'000'000));
constexpr std::string_view kCar = "5YJ3E1EA7KF000001";
constexpr std::string_view kOtherCar = "5YJ3E1EA7KF000002";

struct Backend {
  std::string name;
  std::function<Handles(const std::filesystem::path& dir)> open;
};

std::shared_ptr<AccountPace> sqlite_at(const std::filesystem::path& file) {
  auto opened = SqlitePace::open(file.string());
  EXPECT_TRUE(opened.has_value()) << opened.error().describe();
  return std::shared_ptr<AccountPace>(std::move(*opened));
}

// A RedisPace with a connection of its own; the pace keeps its client alive.
std::shared_ptr<AccountPace> redis_pace(const std::string& prefix) {
  auto client = redis::RedisClient::connect({.url = RedisServer::shared().url()});
  EXPECT_TRUE(client.has_value()) << client.error().describe();
  std::shared_ptr<redis::RedisClient> owned(std::move(*client));
  auto pace = std::make_shared<redis::RedisPace>(*owned, prefix);
  return std::shared_ptr<AccountPace>(pace.get(), [pace, owned](auto*) {});
}

const Backend kInProcess{"in_process", [](const std::filesystem::path&) {
                           auto pace = std::make_shared<tesla::InProcessPace>();
                           return Handles{pace, pace};
                         }};
const Backend kSqlite{"sqlite", [](const std::filesystem::path& dir) {
                        return Handles{sqlite_at(dir / "pace.db"), sqlite_at(dir / "pace.db")};
                      }};
const Backend kRedis{"redis", [](const std::filesystem::path& dir) {
                       // One key prefix per test folder keeps tests apart on one server.
                       const std::string prefix = dir.filename().string() + ":";
                       return Handles{redis_pace(prefix), redis_pace(prefix)};
                     }};

class AccountPaceContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string name = "cpt-pace-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    dir_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::tie(one_, other_) = GetParam().open(dir_);
  }
  void TearDown() override {
    one_.reset();
    other_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::shared_ptr<AccountPace> one_;
  std::shared_ptr<AccountPace> other_;
};

TEST_P(AccountPaceContract, NothingIsKnownOfANewAccount) {
  const auto state = other_->read("acct", kNow);
  EXPECT_FALSE(state.limit.has_value());
  EXPECT_EQ(state.account_paused_until, std::chrono::system_clock::time_point{});
  EXPECT_TRUE(state.vehicle_paused_until.empty());
}

TEST_P(AccountPaceContract, ALimitRecordedByOneIsReadByTheOtherAndTheLastOneStands) {
  one_->record_limit("acct", 12, 32, kNow);
  one_->record_limit("acct", 6, 6, kNow + 1s);
  const auto state = other_->read("acct", kNow + 2s);
  ASSERT_TRUE(state.limit.has_value());
  EXPECT_EQ(*state.limit, 6);
  EXPECT_EQ(state.threshold, 6);
  EXPECT_FALSE(other_->read("acct-b", kNow + 2s).limit.has_value()) << "only that account";
}

TEST_P(AccountPaceContract, ALimitIsForgottenOnceUnrecordedForItsTime) {
  one_->record_limit("acct", 12, 12, kNow);
  EXPECT_EQ(other_->read("acct", kNow + AccountPace::kKept - 1s).limit.value_or(0), 12);
  EXPECT_FALSE(other_->read("acct", kNow + AccountPace::kKept).limit.has_value());
  // Recording it again while in use keeps it.
  one_->record_limit("acct", 12, 12, kNow + 20min);
  EXPECT_EQ(other_->read("acct", kNow + AccountPace::kKept + 1min).limit.value_or(0), 12);
}

TEST_P(AccountPaceContract, PausesOfTheAccountAndOfEachVehicleHoldUntilTheyEnd) {
  one_->record_pause("acct", "", kNow + 10s, kNow);
  one_->record_pause("acct", kCar, kNow + 30s, kNow);
  one_->record_pause("acct", kOtherCar, kNow + 5s, kNow);
  auto state = other_->read("acct", kNow + 1s);
  EXPECT_EQ(state.account_paused_until, kNow + 10s);
  ASSERT_EQ(state.vehicle_paused_until.size(), 2u);
  EXPECT_EQ(state.vehicle_paused_until.at(std::string(kCar)), kNow + 30s);
  EXPECT_EQ(state.pause_end(kOtherCar), kNow + 10s) << "the account's pause holds it longer";
  EXPECT_TRUE(other_->read("acct-b", kNow + 1s).vehicle_paused_until.empty());

  state = other_->read("acct", kNow + 12s);
  EXPECT_EQ(state.account_paused_until, std::chrono::system_clock::time_point{}) << "ended";
  EXPECT_EQ(state.vehicle_paused_until.size(), 1u);
  EXPECT_EQ(state.pause_end(kCar), kNow + 30s);
}

TEST_P(AccountPaceContract, AShorterPauseDoesNotCutALongerOneShort) {
  one_->record_pause("acct", kCar, kNow + 30s, kNow);
  other_->record_pause("acct", kCar, kNow + 5s, kNow + 1s);
  EXPECT_EQ(one_->read("acct", kNow + 10s).pause_end(kCar), kNow + 30s);
  other_->record_pause("acct", kCar, kNow + 40s, kNow + 2s);
  EXPECT_EQ(one_->read("acct", kNow + 10s).pause_end(kCar), kNow + 40s);
}

TEST_P(AccountPaceContract, PausesAndLimitLiveSideBySide) {
  one_->record_limit("acct", 9, 9, kNow);
  one_->record_pause("acct", "", kNow + 10s, kNow);
  const auto state = other_->read("acct", kNow + 1s);
  EXPECT_EQ(state.limit.value_or(0), 9);
  EXPECT_EQ(state.account_paused_until, kNow + 10s);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountPaceContract,
                         ::testing::Values(kInProcess, kSqlite, kRedis),
                         [](const auto& param) { return param.param.name; });

// What only Redis does: the key expires on its own, when its last pause ends or 30 min after its
// limit was recorded, whichever is later.
TEST(RedisPace, AKeyLivesUntilItsLastPauseEndsOrItsLimitIsForgotten) {
  auto client = redis::RedisClient::connect({.url = RedisServer::shared().url()});
  ASSERT_TRUE(client.has_value());
  redis::RedisPace pace(**client, "ttl:");
  pace.record_pause("acct", kCar, kNow + 20s, kNow);
  const auto ttl = (*client)->command({"PTTL", "ttl:pace:acct"});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->integer, 15'000);
  EXPECT_LE(ttl->integer, 20'000);
  pace.record_limit("acct", 8, 8, kNow);
  const auto longer = (*client)->command({"PTTL", "ttl:pace:acct"});
  EXPECT_GT(longer->integer, std::chrono::milliseconds(29min).count()) << "the limit's 30 min";
}

// What only SQLite does: a file opened again holds nothing that ended or was forgotten since (the
// VIN of a pause that ended is not kept until the next write).
TEST(SqlitePace, OpeningTheFileAgainDropsWhatEndedMeanwhile) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-pace-reopen-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto then = std::chrono::system_clock::now() - 2min;
  sqlite_at(dir / "pace.db")->record_pause("acct", kCar, then + 1min, then);
  sqlite_at(dir / "pace.db")->record_limit("acct", 8, 8, then - AccountPace::kKept);
  // Read as of a moment when both were still in force: gone all the same.
  const auto state = sqlite_at(dir / "pace.db")->read("acct", then - 1s);
  EXPECT_TRUE(state.vehicle_paused_until.empty());
  EXPECT_FALSE(state.limit.has_value());
  std::filesystem::remove_all(dir);
}

// In the service the account is a session: its pace lives beside the session's keys, never
// outlives the session key and goes when the session is deleted.
TEST(RedisPace, ASessionsPaceGoesWithTheSession) {
  FakeClock clock(kNow);
  auto opened = RedisStore::open(
      {.url = RedisServer::shared().url(), .key_prefix = "owned:", .clock = &clock});
  ASSERT_TRUE(opened.has_value()) << opened.error().describe();
  auto& store = **opened;
  SessionRecord session{.id = "sess-1",
                        .owner = "owner-hash",
                        .region = "eu",
                        .inventory_json = "[]",
                        .created_at = kNow,
                        .expires_at = kNow + 5s};
  ASSERT_TRUE(store.create_session(session, "sealed").has_value());
  redis::RedisPace pace(
      store.client(), "owned:", [&store](std::string_view sid) { return store.session_key(sid); });
  pace.record_limit("sess-1", 8, 8, kNow);
  EXPECT_EQ(pace.read("sess-1", kNow).limit.value_or(0), 8);
  const auto ttl = store.client().command({"PTTL", "owned:s:sess-1:pace"});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 5'000) << "not the limit's 30 min: the session ends first";

  ASSERT_TRUE(store.delete_session("sess-1").has_value());
  EXPECT_EQ(store.client().command({"EXISTS", "owned:s:sess-1:pace"})->integer, 0);
  pace.record_pause("sess-1", kCar, kNow + 30s, kNow);
  EXPECT_EQ(store.client().command({"EXISTS", "owned:s:sess-1:pace"})->integer, 0)
      << "nothing is recorded for a session that is gone";
}

// Two instances' controllers over one Redis: the second starts an account at the limit the
// first settled on and holds its requests while the first's Retry-After is in force.
TEST(RedisPace, TwoInstancesShareTheAccountsLimitAndItsPauses) {
  FakeClock clock(kNow);
  tesla::AccountLimits first({.initial = 16}, clock, redis_pace("instances:"));
  auto a = first.for_account("sess-1");
  a->release(*a->try_acquire(), {tesla::Endpoint::vehicles, 429, 100ms, std::chrono::seconds(5)});
  ASSERT_EQ(a->limit(), 8);

  tesla::AccountLimits second({.initial = 4}, clock, redis_pace("instances:"));
  auto b = second.for_account("sess-1");
  EXPECT_EQ(b->limit(), 8);
  EXPECT_FALSE(b->try_acquire().has_value()) << "the first instance's pause holds";
  clock.advance(5s);
  EXPECT_TRUE(b->try_acquire().has_value());
  EXPECT_EQ(second.limit_of("sess-2"), 4) << "another session starts cold";
}

}  // namespace
}  // namespace cpt::store::testing
