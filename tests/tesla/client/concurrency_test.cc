// The adaptive concurrency controller (decision 0007), with an injected clock: slow start, one
// halving per window on a 429 or a latency jump, Retry-After held as a pause, the ceiling.
#include "cpt/tesla/concurrency.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace cpt::tesla {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Answer clean(milliseconds latency = milliseconds(100)) {
  return Answer{Endpoint::vehicle_data, 200, latency, std::nullopt};
}

Answer too_many(std::optional<seconds> retry_after = std::nullopt) {
  return Answer{Endpoint::vehicle_data, 429, milliseconds(100), retry_after};
}

// Takes every free slot, answers each with `answer`, and returns how many were taken.
int one_round(ConcurrencyLimiter& limiter, const Answer& answer) {
  std::vector<std::uint64_t> tickets;
  while (auto ticket = limiter.try_acquire()) tickets.push_back(*ticket);
  for (auto ticket : tickets) limiter.release(ticket, answer);
  return static_cast<int>(tickets.size());
}

TEST(ConcurrencyLimiter, StartsAtTheInitialLimitAndGivesNoMoreSlots) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4}, clock);
  EXPECT_EQ(limiter.limit(), 4);
  std::vector<std::uint64_t> tickets;
  while (auto ticket = limiter.try_acquire()) tickets.push_back(*ticket);
  EXPECT_EQ(tickets.size(), 4u);
  limiter.release(tickets.back(), clean());
  EXPECT_TRUE(limiter.try_acquire().has_value());
}

TEST(ConcurrencyLimiter, DoublesEachFullRoundUntilTheCeiling) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4, .ceiling = 32}, clock);
  EXPECT_EQ(one_round(limiter, clean()), 4);
  EXPECT_EQ(limiter.limit(), 8);
  EXPECT_EQ(one_round(limiter, clean()), 8);
  EXPECT_EQ(limiter.limit(), 16);
  one_round(limiter, clean());
  one_round(limiter, clean());
  EXPECT_EQ(limiter.limit(), 32);  // bounded by tesla.max_in_flight
}

TEST(ConcurrencyLimiter, SequentialCallsDoNotRaiseTheLimit) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4}, clock);
  for (int i = 0; i < 20; ++i) limiter.release(*limiter.try_acquire(), clean());
  EXPECT_EQ(limiter.limit(), 4);
}

TEST(ConcurrencyLimiter, A429HalvesOncePerWindow) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 16}, clock);
  std::vector<std::uint64_t> tickets;
  while (auto ticket = limiter.try_acquire()) tickets.push_back(*ticket);
  // Three 429s for requests that were in flight together: one halving, not three.
  for (int i = 0; i < 3; ++i) limiter.release(tickets[static_cast<std::size_t>(i)], too_many());
  EXPECT_EQ(limiter.limit(), 8);
  EXPECT_EQ(limiter.stats().decreases, 1);
  EXPECT_EQ(limiter.stats().rate_limited, 3);
  // A request sent after the halving that meets a 429 halves again.
  for (std::size_t i = 3; i < tickets.size(); ++i) limiter.release(tickets[i], clean());
  limiter.release(*limiter.try_acquire(), too_many());
  EXPECT_EQ(limiter.limit(), 4);
}

TEST(ConcurrencyLimiter, AfterAHalvingItGrowsByOnePerWindow) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 8}, clock);
  limiter.release(*limiter.try_acquire(), too_many());
  ASSERT_EQ(limiter.limit(), 4);
  EXPECT_EQ(one_round(limiter, clean()), 4);
  EXPECT_EQ(limiter.limit(), 5);  // +1 for a whole window of clean answers, not +4
  EXPECT_EQ(one_round(limiter, clean()), 5);
  EXPECT_EQ(limiter.limit(), 6);
}

TEST(ConcurrencyLimiter, RetryAfterHoldsEveryRequestBackUntilItPasses) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4}, clock);
  limiter.release(*limiter.try_acquire(), too_many(seconds(5)));
  EXPECT_FALSE(limiter.try_acquire().has_value());
  ASSERT_TRUE(limiter.paused_until().has_value());
  clock.advance(milliseconds(4900));
  EXPECT_FALSE(limiter.try_acquire().has_value());
  clock.advance(milliseconds(100));
  EXPECT_TRUE(limiter.try_acquire().has_value());
  EXPECT_EQ(limiter.stats().cooldowns, 1);
}

TEST(ConcurrencyLimiter, AcquireWaitsOutThePauseThroughTheClock) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4}, clock);
  const auto start = clock.now();
  limiter.release(*limiter.try_acquire(), too_many(seconds(3)));
  limiter.acquire();  // sleeps on the fake clock: no real wait
  EXPECT_GE(clock.now() - start, seconds(3));
  EXPECT_LT(clock.now() - start, seconds(3) + milliseconds(200));
}

TEST(ConcurrencyLimiter, ALongRetryAfterIsCappedAtTheMaximumPause) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4, .max_pause = milliseconds(60'000)}, clock);
  const auto start = clock.now();
  limiter.release(*limiter.try_acquire(), too_many(seconds(37'829)));
  EXPECT_EQ(*limiter.paused_until(), start + seconds(60));
}

// Tesla's limits were per vehicle (FLEET-API §2, §6): a 429 about one car holds that car's
// requests for its Retry-After, not the other cars' nor the account's own.
TEST(ConcurrencyLimiter, AVehicles429PausesOnlyThatVehicle) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 8}, clock);
  const auto start = clock.now();
  Answer limited = too_many(seconds(30));
  limited.vehicle = "5YJ3E1EA7KF000001";
  limiter.release(*limiter.try_acquire(limited.vehicle), limited);
  EXPECT_FALSE(limiter.try_acquire("5YJ3E1EA7KF000001").has_value());
  EXPECT_EQ(*limiter.paused_until("5YJ3E1EA7KF000001"), start + seconds(30));
  EXPECT_TRUE(limiter.try_acquire("5YJ3E1EA7KF000002").has_value());
  EXPECT_TRUE(limiter.try_acquire().has_value());
  EXPECT_FALSE(limiter.paused_until().has_value());
  EXPECT_EQ(limiter.stats().cooldowns, 1);
  // The car's limit says nothing about the account's pace: no halving.
  EXPECT_EQ(limiter.limit(), 8);
  clock.advance(seconds(30));
  EXPECT_TRUE(limiter.try_acquire("5YJ3E1EA7KF000001").has_value());
}

// When a car's pause ends, one request probes its limit; the others that waited for it follow
// only after a clean answer, so a limit still in force costs one 429, not one per request.
TEST(ConcurrencyLimiter, AfterItsPauseAVehicleSendsOneProbeUntilAnAnswerIsClean) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 8}, clock);
  const std::string car = "5YJ3E1EA7KF000001";
  Answer limited = too_many(seconds(10));
  limited.vehicle = car;
  limiter.release(*limiter.try_acquire(car), limited);
  clock.advance(seconds(10));
  const auto probe = limiter.try_acquire(car);
  ASSERT_TRUE(probe.has_value());
  EXPECT_FALSE(limiter.try_acquire(car).has_value());  // one at a time
  EXPECT_TRUE(limiter.try_acquire("5YJ3E1EA7KF000002").has_value());
  // Still limited: paused again, and probing again after it.
  limiter.release(*probe, limited);
  EXPECT_FALSE(limiter.try_acquire(car).has_value());
  EXPECT_EQ(limiter.stats().cooldowns, 2);
  clock.advance(seconds(10));
  const auto second_probe = limiter.try_acquire(car);
  ASSERT_TRUE(second_probe.has_value());
  EXPECT_FALSE(limiter.try_acquire(car).has_value());
  Answer fine = clean();
  fine.vehicle = car;
  limiter.release(*second_probe, fine);
  EXPECT_TRUE(limiter.try_acquire(car).has_value());
  EXPECT_TRUE(limiter.try_acquire(car).has_value());  // open again
}

TEST(ConcurrencyLimiter, AnAccountLevel429PausesEveryVehicleAndHalves) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 8}, clock);
  limiter.release(*limiter.try_acquire(), too_many(seconds(5)));
  EXPECT_FALSE(limiter.try_acquire("5YJ3E1EA7KF000001").has_value());
  EXPECT_FALSE(limiter.try_acquire().has_value());
  EXPECT_EQ(limiter.limit(), 4);
}

TEST(ConcurrencyLimiter, ALatencyJumpHalvesTheLimit) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 8}, clock);
  limiter.release(*limiter.try_acquire(), clean(milliseconds(100)));
  limiter.release(*limiter.try_acquire(), clean(milliseconds(150)));  // noise: no jump
  EXPECT_EQ(limiter.limit(), 8);
  limiter.release(*limiter.try_acquire(), clean(milliseconds(600)));
  EXPECT_EQ(limiter.limit(), 4);
}

TEST(ConcurrencyLimiter, EndpointsKeepTheirOwnUsualLatency) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 8}, clock);
  limiter.release(*limiter.try_acquire(), clean(milliseconds(100)));
  // An invoice PDF that always takes a second is not a jump of vehicle_data's 100 ms.
  limiter.release(*limiter.try_acquire(),
                  Answer{Endpoint::charging_invoice, 200, milliseconds(1000), std::nullopt});
  limiter.release(*limiter.try_acquire(),
                  Answer{Endpoint::charging_invoice, 200, milliseconds(1100), std::nullopt});
  EXPECT_EQ(limiter.limit(), 8);
}

TEST(ConcurrencyLimiter, ServerErrorsNeitherGrowNorShrinkTheLimit) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 4}, clock);
  EXPECT_EQ(one_round(limiter, Answer{Endpoint::vehicle_data, 503, milliseconds(100), {}}), 4);
  EXPECT_EQ(limiter.limit(), 4);
}

TEST(ConcurrencyLimiter, NeverBelowTheFloor) {
  FakeClock clock;
  ConcurrencyLimiter limiter({.initial = 2, .floor = 1}, clock);
  for (int i = 0; i < 5; ++i) limiter.release(*limiter.try_acquire(), too_many());
  EXPECT_EQ(limiter.limit(), 1);
}

TEST(AccountLimits, EveryOrderOfAnAccountSharesOneController) {
  FakeClock clock;
  AccountLimits limits({.initial = 4}, clock);
  auto first = limits.for_account("session-a");
  auto second = limits.for_account("session-a");
  EXPECT_EQ(first, second);
  EXPECT_NE(first, limits.for_account("session-b"));
  first->release(*first->try_acquire(), too_many(seconds(10)));
  EXPECT_FALSE(second->try_acquire().has_value());  // the other order waits out the pause too
  EXPECT_TRUE(limits.for_account("session-b")->try_acquire().has_value());
}

// A deleted session's controller goes with it (its pause, its VINs in flight), unless an order
// still holds it.
TEST(AccountLimits, ADeletedSessionsControllerIsForgotten) {
  FakeClock clock;
  AccountLimits limits({.initial = 4}, clock);
  auto held = limits.for_account("session-a");
  held->release(*held->try_acquire(), too_many(seconds(10)));
  limits.forget("session-a");
  EXPECT_EQ(limits.for_account("session-a"), held) << "an order still holds it";
  held.reset();
  limits.forget("session-a");
  auto fresh = limits.for_account("session-a");
  EXPECT_FALSE(fresh->paused_until().has_value());
  EXPECT_TRUE(fresh->try_acquire().has_value());
}

// A stub that answers 429 with Retry-After once, then 200; it checks how many run at once.
class CountingStub final : public FleetStub {
 public:
  Result<http::HttpResponse> send(std::string_view, const FleetRequest&,
                                  std::string_view) override {
    const int now = ++running_;
    int seen = most_.load();
    while (now > seen && !most_.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(milliseconds(2));
    --running_;
    http::HttpResponse response;
    response.status = 200;
    if (first_.exchange(false)) {
      response.status = 429;
      response.headers.emplace_back("retry-after", "1");
    }
    return response;
  }
  int most() const { return most_.load(); }

 private:
  std::atomic<int> running_{0};
  std::atomic<int> most_{0};
  std::atomic<bool> first_{true};
};

TEST(AdaptiveStub, NoMoreRequestsInFlightThanTheLimitAndA429PausesThem) {
  FakeClock clock;
  AccountLimits limits({.initial = 3, .ceiling = 3}, clock);
  auto inner = std::make_shared<CountingStub>();
  auto stub = limits.stub_for("acct", inner);
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) (void)stub->send("http://x", FleetRequest{}, "token");
    });
  }
  threads.clear();
  EXPECT_LE(inner->most(), 3);
  const auto stats = limits.stats_of("acct");
  EXPECT_EQ(stats.sent, 40);
  EXPECT_EQ(stats.rate_limited, 1);
  EXPECT_EQ(stats.cooldowns, 1);
  EXPECT_GE(clock.slept(), milliseconds(900));  // the second of Retry-After, on the fake clock
}

TEST(AdaptiveStub, AVehicles429HoldsThatVehicleAndLetsTheOthersThrough) {
  FakeClock clock;
  AccountLimits limits({.initial = 4}, clock);
  auto inner = std::make_shared<CountingStub>();  // its first answer is a 429, Retry-After 1 s
  auto stub = limits.stub_for("acct", inner);
  const auto first = FleetRequest::for_vin(Endpoint::vehicle_data, "5YJ3E1EA7KF000001");
  const auto other = FleetRequest::for_vin(Endpoint::vehicle_data, "5YJ3E1EA7KF000002");
  ASSERT_EQ(stub->send("http://x", first, "token")->status, 429);
  EXPECT_EQ(stub->send("http://x", other, "token")->status, 200);
  EXPECT_EQ(clock.slept(), milliseconds(0));  // the other car did not wait
  EXPECT_EQ(stub->send("http://x", first, "token")->status, 200);
  EXPECT_GE(clock.slept(), milliseconds(900));  // the limited car waited out its Retry-After
}

}  // namespace
}  // namespace cpt::tesla
