// AccountPace: what an account's adaptive controller learned (decision 0007), kept beyond the
// limiter that learned it: the limit it settled on and the Retry-After pauses in force (the
// account's and each vehicle's). In this process by default; in Redis every instance of the
// service shares it, and in a SQLite file a later `cpt report` of the same account starts at the
// settled limit instead of slow-starting from 4.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace cpt::tesla {

// One account's shared pace as read at one moment. Value type.
struct PaceState {
  std::optional<int> limit;  // the settled limit, recorded less than kKept ago
  int threshold = 0;         // ... and its slow-start threshold (0: not known)
  std::chrono::system_clock::time_point account_paused_until{};  // epoch: no pause
  // VIN -> end of its pause, only pauses still in force.
  std::map<std::string, std::chrono::system_clock::time_point, std::less<>> vehicle_paused_until;

  // The end of the pause that holds a request about `vehicle` (empty: an account-level one).
  std::chrono::system_clock::time_point pause_end(std::string_view vehicle) const;
  // Adds a pause as the backends keep it: `vehicle` empty for the account's; the later end stands.
  void add_pause(std::string_view vehicle, std::chrono::system_clock::time_point until);
};

// Where accounts' paces are kept. Backends read a failure of their store as "nothing known" (the
// limiter then works as in one process), never as a failure of the order. Thread-safe.
class AccountPace {
 public:
  // A limit is forgotten this long after it was last recorded: the life of an order and then
  // some; a pause is kept until it ends.
  static constexpr std::chrono::minutes kKept{30};

  virtual ~AccountPace() = default;
  // Records the limit `account`'s controller uses now and its slow-start threshold (the
  // ceiling while it never halved).
  virtual void record_limit(std::string_view account, int limit, int threshold,
                            std::chrono::system_clock::time_point now) = 0;
  // Records a pause of `vehicle`'s requests (empty: every request of the account) until
  // `until`; a pause already recorded that ends later stands.
  virtual void record_pause(std::string_view account, std::string_view vehicle,
                            std::chrono::system_clock::time_point until,
                            std::chrono::system_clock::time_point now) = 0;
  // What is known of `account` at `now`: nothing forgotten, no pause that has ended.
  virtual PaceState read(std::string_view account, std::chrono::system_clock::time_point now) = 0;
};

// Paces kept in this process, for limiters of one account that do not share an AccountLimits
// (tests, the contract's reference backend). Thread-safe.
class InProcessPace final : public AccountPace {
 public:
  void record_limit(std::string_view account, int limit, int threshold,
                    std::chrono::system_clock::time_point now) override;
  void record_pause(std::string_view account, std::string_view vehicle,
                    std::chrono::system_clock::time_point until,
                    std::chrono::system_clock::time_point now) override;
  PaceState read(std::string_view account, std::chrono::system_clock::time_point now) override;

 private:
  struct Entry {
    int limit = 0;
    int threshold = 0;
    std::chrono::system_clock::time_point limit_recorded{};
    // "" -> the account's pause; VIN -> the vehicle's.
    std::map<std::string, std::chrono::system_clock::time_point, std::less<>> pauses;
  };
  void forget_locked(std::chrono::system_clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> accounts_;
};

}  // namespace cpt::tesla
