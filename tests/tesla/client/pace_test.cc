// The account's pace shared beyond one process (decision 0007): two AccountLimits on one
// AccountPace stand for two processes (or two instances); an injected clock, no real waits.
#include <gtest/gtest.h>

#include <vector>

#include "cpt/tesla/account_pace.h"
#include "cpt/tesla/concurrency.h"

namespace cpt::tesla {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const auto kStart = std::chrono::system_clock::time_point(seconds(1'760'000'000));
constexpr std::string_view kCar = "5YJ3E1EA7KF000001";
constexpr std::string_view kOtherCar = "5YJ3E1EA7KF000002";

Answer clean() {
  return Answer{Endpoint::vehicle_data, 200, milliseconds(100), std::nullopt};
}

Answer too_many(std::optional<seconds> retry_after = std::nullopt, std::string_view vin = {}) {
  return Answer{Endpoint::vehicle_data, 429, milliseconds(100), retry_after, std::string(vin)};
}

// Takes every free slot, answers each with `answer`, and returns how many were taken.
int one_round(ConcurrencyLimiter& limiter, const Answer& answer) {
  std::vector<std::uint64_t> tickets;
  while (auto ticket = limiter.try_acquire()) tickets.push_back(*ticket);
  for (auto ticket : tickets) limiter.release(ticket, answer);
  return static_cast<int>(tickets.size());
}

// An AccountPace that counts the limits recorded through it.
class CountingPace final : public AccountPace {
 public:
  void record_limit(std::string_view account, int limit, int threshold,
                    std::chrono::system_clock::time_point now) override {
    ++limits_recorded;
    inner.record_limit(account, limit, threshold, now);
  }
  void record_pause(std::string_view account, std::string_view vehicle,
                    std::chrono::system_clock::time_point until,
                    std::chrono::system_clock::time_point now) override {
    inner.record_pause(account, vehicle, until, now);
  }
  PaceState read(std::string_view account, std::chrono::system_clock::time_point now) override {
    return inner.read(account, now);
  }
  InProcessPace inner;
  int limits_recorded = 0;
};

TEST(SharedPace, ASecondProcessStartsAtTheLimitTheFirstSettledOn) {
  FakeClock clock(kStart);
  auto pace = std::make_shared<InProcessPace>();
  AccountLimits first({.initial = 16}, clock, pace);
  auto limiter = first.for_account("acct");
  std::vector<std::uint64_t> tickets;
  while (auto ticket = limiter->try_acquire()) tickets.push_back(*ticket);
  limiter->release(tickets.back(), too_many());  // an account-level 429: halve to 8
  ASSERT_EQ(limiter->limit(), 8);

  AccountLimits second({.initial = 4}, clock, pace);  // a new process, same account
  auto warm = second.for_account("acct");
  EXPECT_EQ(warm->limit(), 8);
  // A known limit: additive increase from there (+1 per full window), not slow start.
  EXPECT_EQ(one_round(*warm, clean()), 8);
  EXPECT_EQ(warm->limit(), 9);
  EXPECT_EQ(second.limit_of("other-acct"), 4) << "another account starts cold";
}

TEST(SharedPace, ASeededLimitIsClampedToThisProcesssCeiling) {
  FakeClock clock(kStart);
  auto pace = std::make_shared<InProcessPace>();
  pace->record_limit("acct", 24, 24, kStart);
  AccountLimits limits({.initial = 4, .ceiling = 10}, clock, pace);
  EXPECT_EQ(limits.limit_of("acct"), 10);
}

TEST(SharedPace, TheLimitIsRecordedPerWindowNotPerAnswer) {
  FakeClock clock(kStart);
  auto pace = std::make_shared<CountingPace>();
  AccountLimits limits({.initial = 4}, clock, pace);
  auto limiter = limits.for_account("acct");
  int answers = 0;
  for (int round = 0; round < 3; ++round) answers += one_round(*limiter, clean());
  EXPECT_EQ(answers, 4 + 8 + 16);
  EXPECT_GE(pace->limits_recorded, 1);
  EXPECT_LE(pace->limits_recorded, 3);
  const auto seen = pace->read("acct", clock.now());
  ASSERT_TRUE(seen.limit.has_value());
  EXPECT_GE(*seen.limit, 16);
  EXPECT_EQ(seen.threshold, 32) << "never halved: still slow-starting";
}

TEST(SharedPace, AnAccountPauseRecordedByOneIsHonouredByTheOther) {
  FakeClock clock(kStart);
  auto pace = std::make_shared<InProcessPace>();
  AccountLimits first({.initial = 4}, clock, pace);
  AccountLimits second({.initial = 4}, clock, pace);
  auto other = second.for_account("acct");  // created before the 429
  auto a = first.for_account("acct");
  a->release(*a->try_acquire(), too_many(seconds(10)));
  clock.advance(milliseconds(200));  // the other reads the shared pauses again
  EXPECT_FALSE(other->try_acquire().has_value());
  ASSERT_TRUE(other->paused_until().has_value());
  EXPECT_EQ(*other->paused_until(), kStart + seconds(10));
  EXPECT_TRUE(second.for_account("acct-b")->try_acquire().has_value()) << "only that account";

  // A request that waits for it sleeps (on the injected clock) until the pause ends.
  const auto ticket = other->acquire();
  EXPECT_GE(clock.now(), kStart + seconds(10));
  ASSERT_TRUE(ticket.has_value());
  other->release(*ticket, clean());
}

TEST(SharedPace, AVehiclesPauseHoldsThatVehicleOnEveryProcess) {
  FakeClock clock(kStart);
  auto pace = std::make_shared<InProcessPace>();
  AccountLimits first({.initial = 4}, clock, pace);
  AccountLimits second({.initial = 4}, clock, pace);
  auto a = first.for_account("acct");
  a->release(*a->try_acquire(kCar), too_many(seconds(5), kCar));
  auto b = second.for_account("acct");  // a new process reads the pause as it starts
  EXPECT_FALSE(b->try_acquire(kCar).has_value());
  auto ticket = b->try_acquire(kOtherCar);
  ASSERT_TRUE(ticket.has_value()) << "the other car is not held";
  b->release(*ticket, clean());
  clock.advance(seconds(5));
  EXPECT_TRUE(b->try_acquire(kCar).has_value());
}

TEST(SharedPace, ALimitUnusedPastItsTimeIsForgotten) {
  FakeClock clock(kStart);
  auto pace = std::make_shared<InProcessPace>();
  pace->record_limit("acct", 12, 12, kStart);
  clock.advance(AccountPace::kKept - minutes(1));
  EXPECT_EQ(AccountLimits({.initial = 4}, clock, pace).limit_of("acct"), 12);
  clock.advance(minutes(2));
  EXPECT_EQ(AccountLimits({.initial = 4}, clock, pace).limit_of("acct"), 4);
}

}  // namespace
}  // namespace cpt::tesla
