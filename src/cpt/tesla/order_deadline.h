// OrderDeadline: an order that cannot finish (a 429 asking for hours, a car that never wakes, a
// storm of retries) still ends by a set time, with every module's outcome stated, and while it
// waits it says why ("rate-limited by Tesla until 14:05 UTC", "waiting for the car to wake").
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/tesla/account_cooldown.h"
#include "cpt/tesla/fleet_connection.h"

namespace cpt::tesla {

// What an order is waiting for right now. Value type.
struct Waiting {
  std::string reason;  // user-safe: "rate-limited by Tesla until 14:05 UTC"
  std::chrono::system_clock::time_point until;
};

// "14:05 UTC" (minutes are enough for a person reading progress or a report).
std::string utc_hh_mm(std::chrono::system_clock::time_point at);

// One order's deadline and its waits. Build the order's connection with the decorators below
// (clock, stub, cooldown at make_fleet_connection; connection around the result). Thread-safe.
class OrderDeadline : public std::enable_shared_from_this<OrderDeadline> {
 public:
  OrderDeadline(std::chrono::system_clock::time_point deadline, std::shared_ptr<Clock> clock);

  std::chrono::system_clock::time_point deadline() const { return deadline_; }
  bool passed() const;
  // The longest-running wait of the order's threads, if any is waiting now.
  std::optional<Waiting> waiting() const;
  // The error every call gets once the deadline passed (timeout, not_sent = deadline).
  Error reached(std::string_view endpoint) const;

  // Sleeps end at the deadline (the retry loop then finds the stop below), each noted with why.
  std::shared_ptr<Clock> clock();
  // Remembers each thread's last answer, so that a sleep knows what it waits for.
  std::shared_ptr<FleetStub> stub(std::shared_ptr<FleetStub> inner);
  // The account's stops, plus one for this order's connection once the deadline passed.
  std::shared_ptr<AccountCooldown> cooldown(std::shared_ptr<AccountCooldown> inner);
  // Refuses calls past the deadline; words a rate-limited failure with the time it lifts.
  std::shared_ptr<FleetConnection> connection(std::shared_ptr<FleetConnection> inner);

  // Used by the clock decorator: `reason` for `duration`, ended at the deadline.
  void wait(std::chrono::milliseconds duration);

 private:
  std::chrono::system_clock::time_point deadline_;
  std::shared_ptr<Clock> clock_;
  mutable std::mutex mutex_;
  std::map<std::thread::id, Waiting> waits_;
};

// The reason a thread sleeps after an answer with `status` from `endpoint` (0: no answer):
// "rate-limited by Tesla until 14:05 UTC", "waiting for the car to wake", "Tesla did not
// answer; trying again at 14:05 UTC".
std::string wait_reason(Endpoint endpoint, int status, std::chrono::system_clock::time_point until);

// A rate-limited error's user message with the time the limit lifts ("Not fetched: rate-limited
// by Tesla until 14:05 UTC."), from its retry_after_s; other errors unchanged.
Error with_rate_limit_end(Error error, std::chrono::system_clock::time_point now);

}  // namespace cpt::tesla
