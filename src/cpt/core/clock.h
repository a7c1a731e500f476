// Clock: injected time and sleep, so retries and expiries are tested without waiting.
#pragma once

#include <chrono>
#include <mutex>

namespace cpt {

// Source of wall time and the only way library code waits. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override;
  void sleep_for(std::chrono::milliseconds duration) override;
  static SystemClock& instance();
};

// A clock for tests: time moves only when a test advances it or code "sleeps". Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start = {});
  std::chrono::system_clock::time_point now() const override;
  void sleep_for(std::chrono::milliseconds duration) override;
  void advance(std::chrono::milliseconds duration);
  // Total time code has slept through this clock.
  std::chrono::milliseconds slept() const;

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
  std::chrono::milliseconds slept_{0};
};

}  // namespace cpt
