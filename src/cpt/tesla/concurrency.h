// Adaptive concurrency per account (decision 0007): how many Fleet API requests of one account
// may be in flight, found by additive increase / multiplicative decrease as TCP finds its window.
// Tesla publishes no per-minute limits (FLEET-API §2), so a fixed bound is either too slow or, for
// a large account, too fast; the controller starts low, grows while answers come back fast and
// clean, halves on a 429 or a latency jump, and holds requests back for a 429's Retry-After: the
// vehicle's requests when the 429 answered a request about one vehicle (Tesla's limits were per
// vehicle, FLEET-API §2, §6: "keep a per-VIN cooldown"), every request of the account otherwise.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/clock.h"
#include "cpt/tesla/account_pace.h"
#include "cpt/tesla/endpoints.h"
#include "cpt/tesla/fleet_connection.h"

namespace cpt::tesla {

// The controller's rule, as plain values (the ceiling is configuration: tesla.max_in_flight).
struct ConcurrencyOptions {
  int initial = 4;   // requests in flight before anything is known about the account
  int ceiling = 32;  // never more (tesla.max_in_flight)
  int floor = 1;     // never fewer
  // A latency jump: an answer slower than `latency_jump` x the endpoint's usual latency and at
  // least `latency_slack` above it.
  double latency_jump = 2.5;
  std::chrono::milliseconds latency_slack{100};
  // The longest Retry-After held as a pause; a longer one is the AccountCooldown's (a stop).
  std::chrono::milliseconds max_pause{60'000};
};

// What one answer told the controller. Value type.
struct Answer {
  Endpoint endpoint = Endpoint::vehicles;
  int status = 0;  // 0: no answer (transport failure, timeout)
  std::chrono::milliseconds latency{0};
  std::optional<std::chrono::seconds> retry_after;  // a 429's Retry-After
  std::string vehicle = {};  // the VIN the request was about; empty: an account-level request
};

// Counters for figures and tests. Value type.
struct ConcurrencyStats {
  int limit = 0;
  int in_flight = 0;
  std::int64_t sent = 0;
  std::int64_t rate_limited = 0;  // 429 answers
  std::int64_t cooldowns = 0;     // pauses started by a Retry-After (a new window each, per
                                  // vehicle or for the account)
  std::int64_t decreases = 0;     // halvings (one per window at most)
};

// Where a limiter shares its account's pace (other processes, other instances), and under which
// account key. No store: the limiter keeps its pace to itself. Value type.
struct SharedPace {
  std::shared_ptr<AccountPace> store;
  std::string account;
};

// One account's AIMD controller. Thread-safe; waits only through the injected Clock (a pause)
// and a condition variable (a free slot). With a SharedPace it starts at the limit recorded there
// (a known limit: no slow start above it), records its own when it changes (at most once per
// window, and at once when it halves) and every pause a 429 starts, and honours the pauses
// recorded by others (read again at most every 200 ms, not per request).
class ConcurrencyLimiter {
 public:
  ConcurrencyLimiter(ConcurrencyOptions options, Clock& clock, SharedPace shared = {});

  // Waits for a free slot outside any pause that holds a request about `vehicle` (the
  // account's, and the vehicle's own) and takes it; returns the request's ticket, or nullopt
  // once `give_up_at` (an order's deadline) came first.
  std::optional<std::uint64_t> acquire(std::string_view vehicle = {},
                                       std::chrono::system_clock::time_point give_up_at =
                                           std::chrono::system_clock::time_point::max());
  // Takes a slot when one is free and no pause holds; nullopt otherwise. Never waits.
  std::optional<std::uint64_t> try_acquire(std::string_view vehicle = {});
  // Gives the slot of `ticket` back and adapts the limit to `answer`.
  void release(std::uint64_t ticket, const Answer& answer);

  int limit() const;
  // The end of the Retry-After pause in force for a request about `vehicle` (empty: an
  // account-level request), if any.
  std::optional<std::chrono::system_clock::time_point> paused_until(
      std::string_view vehicle = {}) const;
  ConcurrencyStats stats() const;
  std::chrono::system_clock::time_point last_used() const;

 private:
  std::chrono::system_clock::time_point pause_end_locked(std::string_view vehicle) const;
  bool free_locked(std::chrono::system_clock::time_point now, std::string_view vehicle) const;
  void pause_locked(const Answer& answer, std::chrono::system_clock::time_point now);
  void adopt_locked(PaceState state, std::chrono::system_clock::time_point now);
  void refresh_shared(std::unique_lock<std::mutex>& lock,
                      std::chrono::system_clock::time_point now);
  bool publish_limit_locked(bool decreased, std::chrono::system_clock::time_point now);
  bool adapt_locked(std::uint64_t ticket, const Answer& answer);
  std::uint64_t take_locked(std::chrono::system_clock::time_point now, std::string_view vehicle);
  void settle_vehicle_locked(std::string_view vehicle, bool clean,
                             std::chrono::system_clock::time_point now);
  void decrease_locked(std::uint64_t ticket);
  void increase_locked();
  bool latency_jump_locked(const Answer& answer);

  ConcurrencyOptions options_;
  Clock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int limit_;
  int threshold_;  // slow start (+1 per clean answer) below it, +1 per window above it
  int credit_ = 0;
  int in_flight_ = 0;
  int peak_ = 0;            // most in flight during the current window
  int last_peak_ = 0;       // ... and during the one before
  int window_answers_ = 0;  // answers since the window began
  std::uint64_t next_ticket_ = 0;
  std::uint64_t window_end_ = 0;  // answers to tickets up to here cannot halve the limit again
  std::chrono::system_clock::time_point paused_until_{};  // the account's pause
  // Per vehicle with a request in flight or a 429 not yet answered by a clean answer.
  struct VehicleHold {
    std::chrono::system_clock::time_point paused_until{};
    bool probing = false;  // one request at a time until a clean answer
    int in_flight = 0;
  };
  std::map<std::string, VehicleHold, std::less<>> vehicles_;
  // The pace shared with other processes: the pauses they recorded, when to read them again, and
  // the limit last recorded there.
  SharedPace shared_;
  PaceState shared_pauses_;
  std::chrono::system_clock::time_point refreshed_at_{};
  bool refreshing_ = false;
  int published_limit_ = 0;
  int answers_unpublished_ = 0;  // answers since the limit was last recorded
  std::chrono::system_clock::time_point published_at_{};
  std::chrono::system_clock::time_point last_used_{};
  std::map<Endpoint, double> usual_ms_;  // smoothed latency of clean answers, per endpoint
  ConcurrencyStats stats_;
};

// The controllers of every account in this process, keyed like the AccountCooldown (the
// connection's account: a session id in the service, the CLI account in `cpt`), sharing their
// pace through `pace` (null: not beyond this process, where one limiter per account already
// holds it). Thread-safe.
class AccountLimits {
 public:
  explicit AccountLimits(ConcurrencyOptions options = {}, Clock& clock = SystemClock::instance(),
                         std::shared_ptr<AccountPace> pace = nullptr);

  std::shared_ptr<ConcurrencyLimiter> for_account(std::string_view account);
  // `inner` with every request gated by the account's controller; a request still waiting for
  // it at `give_up_at` (its order's deadline) is not sent (error: not_sent = deadline).
  std::shared_ptr<FleetStub> stub_for(std::string_view account, std::shared_ptr<FleetStub> inner,
                                      std::chrono::system_clock::time_point give_up_at =
                                          std::chrono::system_clock::time_point::max());
  // Drops the controller of `account` (its session was deleted), unless a connection still
  // holds it; the idle sweep takes that one later.
  void forget(std::string_view account);
  int limit_of(std::string_view account);
  ConcurrencyStats stats_of(std::string_view account);
  const ConcurrencyOptions& options() const { return options_; }

 private:
  ConcurrencyOptions options_;
  Clock& clock_;
  std::shared_ptr<AccountPace> pace_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ConcurrencyLimiter>, std::less<>> limiters_;
};

// A FleetStub that takes a slot of `limiter` for each request and reports its answer to it.
std::shared_ptr<FleetStub> make_adaptive_stub(std::shared_ptr<FleetStub> inner,
                                              std::shared_ptr<ConcurrencyLimiter> limiter,
                                              Clock& clock,
                                              std::chrono::system_clock::time_point give_up_at =
                                                  std::chrono::system_clock::time_point::max());

}  // namespace cpt::tesla
