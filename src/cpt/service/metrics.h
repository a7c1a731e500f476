// Metrics: the service's Prometheus counters and histograms (HTTP requests, Tesla calls, cost).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "cpt/tesla/ledger.h"

namespace cpt::service {

// Upper bounds (seconds) of the request latency histogram buckets.
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

// Counts what the service did; render() writes the Prometheus text exposition format (0.0.4).
// Labels are route templates ("/api/v1/sessions/{id}/progress"), never raw paths, so their number
// stays bounded. Thread-safe.
class Metrics {
 public:
  void observe_request(std::string_view method, std::string_view route, int status,
                       std::chrono::nanoseconds elapsed);
  // Adds an order's (or a login's) ledger records: calls by endpoint, status and billed, and cost.
  void record_tesla_calls(std::span<const tesla::CallRecord> records);
  void order_finished(bool ok);
  void sessions_created(int count = 1);
  void sessions_expired(int count);

  std::string render() const;

  // Requests seen for a route and status (tests).
  std::uint64_t request_count(std::string_view route, int status) const;
  std::int64_t tesla_cost_micros() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, std::less<>> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;  // by route
  std::map<std::tuple<std::string, int, bool>, std::uint64_t> tesla_calls_;
  std::int64_t tesla_cost_micros_ = 0;
  std::uint64_t orders_ok_ = 0;
  std::uint64_t orders_failed_ = 0;
  std::uint64_t sessions_created_ = 0;
  std::uint64_t sessions_expired_ = 0;
};

}  // namespace cpt::service
