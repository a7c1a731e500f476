// Fault injection for the simulator: latency, rate limits, server errors, dropped connections,
// slow and truncated bodies, by probability (seeded) or by exact per-path rules.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/sim/rng.h"

namespace cpt::sim {

// What a fault does to one request.
enum class FaultKind {
  none,
  status,     // answer with a status (429 carries Retry-After and ratelimit-* headers)
  reset,      // close the connection without answering
  malformed,  // answer normally but cut the body in half (invalid JSON)
  slow,       // answer normally but dribble the body over slow_body_ms
};

std::string_view to_string(FaultKind kind);
std::optional<FaultKind> parse_fault_kind(std::string_view text);

// Probabilistic faults (per request to a Fleet host) and latency (every host). Plain values.
struct FaultOptions {
  int latency_ms = 0;  // added to every non-admin request
  int jitter_ms = 0;   // plus uniform 0..jitter_ms
  double rate_429 = 0;
  int retry_after_s = 30;            // Retry-After of probabilistic 429s
  int retry_after_max_s = 0;         // above retry_after_s: drawn from [retry_after_s, this]
  int vehicle_limit_per_minute = 0;  // requests per VIN per minute before 429 (0 = unlimited)
  double rate_5xx = 0;               // 500, 503 and 504 in equal shares
  double rate_reset = 0;
  double rate_malformed = 0;
  double rate_slow = 0;
  int slow_body_ms = 1500;
  std::uint64_t seed = 0;  // 0 = the simulator's seed
};

// "The next `count` requests whose path starts with `path_prefix` get `kind`/`status`."
struct FaultRule {
  std::string path_prefix;
  std::string method;  // empty = any method
  FaultKind kind = FaultKind::status;
  int status = 500;
  int count = 1;  // -1 = until cleared
  int retry_after_s = 30;
};

// The fault chosen for one request.
struct FaultDecision {
  FaultKind kind = FaultKind::none;
  int status = 0;
  int retry_after_s = 0;
  int limit = 0;  // ratelimit-limit for 429
  std::chrono::milliseconds latency{0};
};

// The live fault settings shared by all hosts and the admin API. Thread-safe.
class FaultControl {
 public:
  FaultControl(FaultOptions options, std::uint64_t default_seed, const Clock& clock);

  FaultOptions options() const;
  void set_options(FaultOptions options);  // also reseeds the generator
  void add_rule(FaultRule rule);
  void clear_rules();
  std::vector<FaultRule> rules() const;
  // Clears rules, per-vehicle counters and every rate (latency included).
  void reset();

  // Decides the fault for one request. Rules apply on every host; rates, the per-vehicle limit
  // and latency only where `fleet` (latency also on the auth host when `fleet` is false).
  FaultDecision decide(std::string_view method, std::string_view path, std::string_view vin,
                       bool fleet);

  // JSON of the options and rules (GET /sim/faults).
  std::string to_json() const;
  // Applies a JSON object: option keys merge into the current options; "rules" appends rules;
  // "clear_rules": true clears first. Errors are invalid_argument.
  Result<void> apply_json(std::string_view body);

 private:
  std::optional<FaultDecision> match_rule(std::string_view method, std::string_view path);
  std::optional<FaultDecision> vehicle_limit(std::string_view vin);

  mutable std::mutex mutex_;
  FaultOptions options_;
  std::uint64_t default_seed_;
  const Clock& clock_;
  Rng rng_;
  std::vector<FaultRule> rules_;
  std::map<std::string, std::deque<std::chrono::system_clock::time_point>, std::less<>> per_vin_;
};

}  // namespace cpt::sim
