// AccountCooldown: an account-wide stop (412, 402, 423, a 429 asking for a long wait) shared
// beyond the connection that met it: by every order of the account in this process and, on the
// Redis backend, by every instance, so that no one sends (and pays for) a call that would be
// refused alike.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt::tesla {

// One account's stop: why, and until when. Value type.
struct Cooldown {
  Error reason;
  std::chrono::system_clock::time_point until;
};

// Where account-wide stops are kept. Implementations are thread-safe.
class AccountCooldown {
 public:
  // How long a stop without an end of its own (412, 402, 423) is kept: the life of an order.
  static constexpr std::chrono::minutes kOpenEnded{30};

  virtual ~AccountCooldown() = default;
  // Records a stop for `account` lasting until `until` (time_point::max(): kOpenEnded).
  virtual void record(std::string_view account, const Error& reason,
                      std::chrono::system_clock::time_point until,
                      std::chrono::system_clock::time_point now) = 0;
  // The account's stop still in force at `now`, if any.
  virtual std::optional<Cooldown> current(std::string_view account,
                                          std::chrono::system_clock::time_point now) = 0;
};

// Stops kept in this process (every order of the account here). Thread-safe.
class InProcessCooldown final : public AccountCooldown {
 public:
  void record(std::string_view account, const Error& reason,
              std::chrono::system_clock::time_point until,
              std::chrono::system_clock::time_point now) override;
  std::optional<Cooldown> current(std::string_view account,
                                  std::chrono::system_clock::time_point now) override;

 private:
  std::mutex mutex_;
  std::map<std::string, Cooldown, std::less<>> stops_;
};

// The end a stop is kept until: `until`, or now + kOpenEnded when it has none.
std::chrono::system_clock::time_point cooldown_end(std::chrono::system_clock::time_point until,
                                                   std::chrono::system_clock::time_point now);

}  // namespace cpt::tesla
