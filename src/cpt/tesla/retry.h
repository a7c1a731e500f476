// Retry, backoff and idempotency as three small policies (STYLE.md): which failures are worth
// another try, how long to wait (exponential, jittered, Retry-After up to a cap), and when to stop.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

#include "cpt/core/error.h"
#include "cpt/tesla/config.h"

namespace cpt::tesla {

// Whether a failure is temporary: 5xx, timeout, transport, 429. Never 408 (the car sleeps: a
// retry is billed and does not wake it), 401 (handled by a refresh), 421 (handled by a re-route).
bool is_retryable(const Error& error);

// Exponential backoff with jitter from a seeded RNG. One per call; not thread-safe.
class Backoff {
 public:
  Backoff(const RetryOptions& options, std::uint64_t seed);
  // Delay before retry number `retry` (1 for the first retry): min(max, initial * m^(retry-1)),
  // drawn uniformly from [d * (1 - jitter), d].
  std::chrono::milliseconds delay(int retry);

 private:
  RetryOptions options_;
  std::mt19937_64 rng_;
};

// The answer of the retry policy for one failure.
struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};
};

// Decides, per call, whether to retry a failed attempt. One per call; not thread-safe.
class RetryPolicy {
 public:
  RetryPolicy(const RetryOptions& options, std::uint64_t seed);
  // `attempt` counts tries made so far (1 after the first); `elapsed` is time since the first try.
  // A 429 waits max(Retry-After, backoff); a Retry-After above the cap is not waited for.
  RetryDecision on_failure(const Error& error, bool idempotent, int attempt,
                           std::chrono::milliseconds elapsed);

 private:
  RetryOptions options_;
  Backoff backoff_;
};

}  // namespace cpt::tesla
