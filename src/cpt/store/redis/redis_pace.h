// RedisPace: each account's pace (tesla::AccountPace) kept in Redis, so that every `cpt serve`
// instance starts an account at the limit another settled on and holds its requests while a
// Retry-After another met is in force. One hash per account; nothing is kept forever.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cpt/store/redis/redis_client.h"
#include "cpt/tesla/account_pace.h"

namespace cpt::store::redis {

// Under "<prefix>pace:<account>", a hash: "limit" -> "<limit> <threshold> <recorded ms>",
// "pause" -> the account's pause end (ms), "pause:<VIN>" -> a vehicle's. The key expires
// AccountPace::kKept after its limit was last recorded, or when its last pause ends if that is
// later; ended pauses are dropped on every write. A Redis failure reads as "nothing known" and a
// write that fails is lost (the limiter then works as in one process). Thread-safe.
class RedisPace final : public tesla::AccountPace {
 public:
  // The key an account's pace belongs to (in the service: the account is a session, and this
  // is the session's key).
  using OwnerKey = std::function<std::string(std::string_view account)>;

  // With `owner_of`, an account's pace lives under "<owner key>:pace" instead, never outlives
  // the owner key (its expiry caps the pace's) and is dropped, not written, once the owner is
  // gone: nothing of a session is kept past it.
  RedisPace(RedisClient& client, std::string key_prefix, OwnerKey owner_of = {});
  void record_limit(std::string_view account, int limit, int threshold,
                    std::chrono::system_clock::time_point now) override;
  void record_pause(std::string_view account, std::string_view vehicle,
                    std::chrono::system_clock::time_point until,
                    std::chrono::system_clock::time_point now) override;
  tesla::PaceState read(std::string_view account,
                        std::chrono::system_clock::time_point now) override;

 private:
  std::string key(std::string_view account) const;
  void record(std::string_view account, const std::vector<std::string>& args);

  RedisClient& client_;
  std::string prefix_;
  OwnerKey owner_of_;
};

}  // namespace cpt::store::redis
