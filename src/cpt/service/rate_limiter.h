// RateLimiter: a token bucket per client key (IP address) for abuse-prone routes.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "cpt/core/clock.h"
#include "cpt/service/config.h"

namespace cpt::service {

// The outcome of one request against the limiter.
struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when refused: until one token is back
};

// Each key holds up to `burst` tokens refilled at `per_minute`/60 per second; a request takes
// one. Idle full buckets are dropped so the map stays small. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(RateLimitOptions options, const Clock& clock, std::size_t max_keys = 10'000);
  RateDecision acquire(std::string_view key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::system_clock::time_point updated;
  };
  void prune(std::chrono::system_clock::time_point now);

  RateLimitOptions options_;
  const Clock& clock_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace cpt::service
