#include "cpt/tesla/retry.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cpt::tesla {
namespace {

std::optional<std::chrono::milliseconds> retry_after_of(const Error& error) {
  auto text = error.get("retry_after_s");
  if (!text) return std::nullopt;
  std::int64_t seconds = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return std::chrono::milliseconds(seconds * 1000);
}

}  // namespace

bool is_retryable(const Error& error) {
  switch (error.kind) {
    case ErrorKind::server:
    case ErrorKind::timeout:
    case ErrorKind::transport:
    case ErrorKind::rate_limited:
      return true;
    default:
      return false;
  }
}

Backoff::Backoff(const RetryOptions& options, std::uint64_t seed) : options_(options), rng_(seed) {}

std::chrono::milliseconds Backoff::delay(int retry) {
  const double base = static_cast<double>(options_.initial_backoff.count()) *
                      std::pow(options_.multiplier, std::max(0, retry - 1));
  const double ceiling = std::min(base, static_cast<double>(options_.max_backoff.count()));
  const double jitter = std::clamp(options_.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> draw(ceiling * (1.0 - jitter), ceiling);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(draw(rng_))));
}

RetryPolicy::RetryPolicy(const RetryOptions& options, std::uint64_t seed)
    : options_(options), backoff_(options, seed) {}

RetryDecision RetryPolicy::on_failure(const Error& error, bool idempotent, int attempt,
                                      std::chrono::milliseconds elapsed) {
  if (!idempotent || !is_retryable(error) || attempt >= options_.max_attempts) return {};
  std::chrono::milliseconds wait = backoff_.delay(attempt);
  if (error.kind == ErrorKind::rate_limited) {
    if (auto asked = retry_after_of(error)) {
      // Retrying sooner than asked only earns another (billed) 429.
      if (*asked > options_.max_retry_after) return {};
      wait = std::max(wait, *asked);
    }
  }
  if (elapsed + wait > options_.max_total) return {};
  return {true, wait};
}

}  // namespace cpt::tesla
