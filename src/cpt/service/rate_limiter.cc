#include "cpt/service/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace cpt::service {

RateLimiter::RateLimiter(RateLimitOptions options, const Clock& clock, std::size_t max_keys)
    : options_(options), clock_(clock), max_keys_(max_keys) {}

RateDecision RateLimiter::acquire(std::string_view key) {
  const auto now = clock_.now();
  const double per_second = options_.per_minute / 60.0;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) prune(now);
    it = buckets_.emplace(std::string(key), Bucket{options_.burst, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(options_.burst, b.tokens + std::max(0.0, elapsed) * per_second);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - b.tokens) / per_second;
  return {false, std::chrono::seconds(static_cast<long>(std::ceil(wait)))};
}

void RateLimiter::prune(std::chrono::system_clock::time_point now) {
  const double per_second = options_.per_minute / 60.0;
  std::erase_if(buckets_, [&](const auto& entry) {
    const double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * per_second >= options_.burst;
  });
  // Under a flood of distinct keys nothing is full: start over rather than grow without bound.
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

}  // namespace cpt::service
