#include "cpt/service/metrics.h"

#include <fmt/format.h>
#include <malloc.h>

#include <iterator>

#include "cpt/tesla/endpoints.h"

namespace cpt::service {
namespace {

// The allocator's own account: memory the program holds (in use) against memory the allocator
// keeps from the system (held). RSS alone cannot tell live data that grows from freed pages the
// allocator has not given back.
void render_heap(std::back_insert_iterator<std::string> it) {
  const struct mallinfo2 info = ::mallinfo2();
  fmt::format_to(it, "# HELP cpt_heap_in_use_bytes Heap bytes allocated and not yet freed.\n");
  fmt::format_to(it, "# TYPE cpt_heap_in_use_bytes gauge\n");
  fmt::format_to(it, "cpt_heap_in_use_bytes {}\n", info.uordblks + info.hblkhd);
  fmt::format_to(it,
                 "# HELP cpt_heap_held_bytes Heap bytes the allocator holds from the system, in "
                 "use or free.\n");
  fmt::format_to(it, "# TYPE cpt_heap_held_bytes gauge\n");
  fmt::format_to(it, "cpt_heap_held_bytes {}\n", info.arena + info.hblkhd);
}

}  // namespace

void Metrics::observe_request(std::string_view method, std::string_view route, int status,
                              std::chrono::nanoseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(mutex_);
  auto key = std::make_tuple(std::string(method), std::string(route), status);
  ++requests_[std::move(key)];
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
  Histogram& h = it->second;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::record_tesla_calls(std::span<const tesla::CallRecord> records) {
  std::lock_guard lock(mutex_);
  for (const tesla::CallRecord& r : records) {
    ++tesla_calls_[{std::string(tesla::info(r.endpoint).name), r.http_status, r.billed}];
    tesla_cost_micros_ += r.price_micros;
  }
}

void Metrics::order_finished(bool ok) {
  std::lock_guard lock(mutex_);
  ++(ok ? orders_ok_ : orders_failed_);
}

void Metrics::sessions_created(int count) {
  std::lock_guard lock(mutex_);
  sessions_created_ += static_cast<std::uint64_t>(count);
}

void Metrics::sessions_expired(int count) {
  std::lock_guard lock(mutex_);
  sessions_expired_ += static_cast<std::uint64_t>(count);
}

std::uint64_t Metrics::request_count(std::string_view route, int status) const {
  std::lock_guard lock(mutex_);
  std::uint64_t total = 0;
  for (const auto& [key, count] : requests_) {
    if (std::get<1>(key) == route && std::get<2>(key) == status) total += count;
  }
  return total;
}

std::int64_t Metrics::tesla_cost_micros() const {
  std::lock_guard lock(mutex_);
  return tesla_cost_micros_;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(
      it, "# HELP cpt_http_requests_total HTTP requests by method, route template and status.\n");
  fmt::format_to(it, "# TYPE cpt_http_requests_total counter\n");
  for (const auto& [key, count] : requests_) {
    fmt::format_to(it, "cpt_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                   std::get<0>(key), std::get<1>(key), std::get<2>(key), count);
  }
  fmt::format_to(
      it, "# HELP cpt_http_request_duration_seconds Time from routing to response, by route.\n");
  fmt::format_to(it, "# TYPE cpt_http_request_duration_seconds histogram\n");
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      fmt::format_to(it, "cpt_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                     route, kLatencyBuckets[i], h.buckets[i]);
    }
    fmt::format_to(it, "cpt_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                   route, h.count);
    fmt::format_to(it, "cpt_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route,
                   h.sum);
    fmt::format_to(it, "cpt_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                   h.count);
  }
  fmt::format_to(
      it,
      "# HELP cpt_tesla_calls_total Tesla Fleet API calls by endpoint, HTTP status and billing.\n");
  fmt::format_to(it, "# TYPE cpt_tesla_calls_total counter\n");
  for (const auto& [key, count] : tesla_calls_) {
    fmt::format_to(it, "cpt_tesla_calls_total{{endpoint=\"{}\",status=\"{}\",billed=\"{}\"}} {}\n",
                   std::get<0>(key), std::get<1>(key), std::get<2>(key) ? "true" : "false", count);
  }
  fmt::format_to(
      it, "# HELP cpt_tesla_cost_usd_total Estimated Tesla API cost of billed calls, in USD.\n");
  fmt::format_to(it, "# TYPE cpt_tesla_cost_usd_total counter\n");
  fmt::format_to(it, "cpt_tesla_cost_usd_total {:.6f}\n",
                 static_cast<double>(tesla_cost_micros_) / 1e6);
  fmt::format_to(it, "# HELP cpt_orders_total Orders finished, by result.\n");
  fmt::format_to(it, "# TYPE cpt_orders_total counter\n");
  fmt::format_to(it, "cpt_orders_total{{result=\"ok\"}} {}\n", orders_ok_);
  fmt::format_to(it, "cpt_orders_total{{result=\"failed\"}} {}\n", orders_failed_);
  fmt::format_to(it,
                 "# HELP cpt_sessions_created_total Order sessions created by OAuth callbacks.\n");
  fmt::format_to(it, "# TYPE cpt_sessions_created_total counter\n");
  fmt::format_to(it, "cpt_sessions_created_total {}\n", sessions_created_);
  fmt::format_to(it, "# HELP cpt_sessions_expired_total Sessions deleted by the TTL sweeper.\n");
  fmt::format_to(it, "# TYPE cpt_sessions_expired_total counter\n");
  fmt::format_to(it, "cpt_sessions_expired_total {}\n", sessions_expired_);
  render_heap(it);
  return out;
}

}  // namespace cpt::service
