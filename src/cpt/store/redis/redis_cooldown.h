// RedisCooldown: account-wide stops (tesla::AccountCooldown) kept in Redis, so that a 429 with a
// long Retry-After, a 412, 402 or 423 met by one `cpt serve` instance is honoured by every instance
// before it sends. One key per account, expiring with the stop.
#pragma once

#include <string>

#include "cpt/store/redis/redis_client.h"
#include "cpt/tesla/account_cooldown.h"

namespace cpt::store::redis {

// Stops under "<prefix>cooldown:<account>". A Redis failure reads as "no stop" (the call is sent
// and meets Tesla's own answer), never as a failure of the order. Thread-safe.
class RedisCooldown final : public tesla::AccountCooldown {
 public:
  RedisCooldown(RedisClient& client, std::string key_prefix);
  void record(std::string_view account, const Error& reason,
              std::chrono::system_clock::time_point until,
              std::chrono::system_clock::time_point now) override;
  std::optional<tesla::Cooldown> current(std::string_view account,
                                         std::chrono::system_clock::time_point now) override;

 private:
  RedisClient& client_;
  std::string prefix_;
};

}  // namespace cpt::store::redis
