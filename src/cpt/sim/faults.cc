#include "cpt/sim/faults.h"

#include <nlohmann/json.hpp>

namespace cpt::sim {

using nlohmann::json;

std::string_view to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::none:
      return "none";
    case FaultKind::status:
      return "status";
    case FaultKind::reset:
      return "reset";
    case FaultKind::malformed:
      return "malformed";
    case FaultKind::slow:
      return "slow";
  }
  return "none";
}

std::optional<FaultKind> parse_fault_kind(std::string_view text) {
  for (auto k : {FaultKind::none, FaultKind::status, FaultKind::reset, FaultKind::malformed,
                 FaultKind::slow}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

namespace {

std::uint64_t effective_seed(const FaultOptions& o, std::uint64_t fallback) {
  return (o.seed != 0 ? o.seed : fallback) ^ 0xFA017ULL;
}

}  // namespace

FaultControl::FaultControl(FaultOptions options, std::uint64_t default_seed, const Clock& clock)
    : options_(options),
      default_seed_(default_seed),
      clock_(clock),
      rng_(effective_seed(options, default_seed)) {}

FaultOptions FaultControl::options() const {
  std::lock_guard lock(mutex_);
  return options_;
}

void FaultControl::set_options(FaultOptions options) {
  std::lock_guard lock(mutex_);
  options_ = options;
  rng_ = Rng(effective_seed(options, default_seed_));
}

void FaultControl::add_rule(FaultRule rule) {
  std::lock_guard lock(mutex_);
  rules_.push_back(std::move(rule));
}

void FaultControl::clear_rules() {
  std::lock_guard lock(mutex_);
  rules_.clear();
}

std::vector<FaultRule> FaultControl::rules() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

void FaultControl::reset() {
  std::lock_guard lock(mutex_);
  rules_.clear();
  per_vin_.clear();
  options_ = FaultOptions{};
  rng_ = Rng(effective_seed(options_, default_seed_));
}

std::optional<FaultDecision> FaultControl::match_rule(std::string_view method,
                                                      std::string_view path) {
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!path.starts_with(it->path_prefix)) continue;
    if (!it->method.empty() && it->method != method) continue;
    FaultDecision d{it->kind, it->status, it->retry_after_s, 0, {}};
    if (it->count > 0 && --it->count == 0) rules_.erase(it);
    return d;
  }
  return std::nullopt;
}

std::optional<FaultDecision> FaultControl::vehicle_limit(std::string_view vin) {
  if (options_.vehicle_limit_per_minute <= 0 || vin.empty()) return std::nullopt;
  const auto now = clock_.now();
  auto it = per_vin_.find(vin);
  if (it == per_vin_.end())
    it = per_vin_.emplace(std::string(vin), std::deque<std::chrono::system_clock::time_point>{})
             .first;
  auto& window = it->second;
  while (!window.empty() && now - window.front() >= std::chrono::minutes(1)) window.pop_front();
  const auto limit = static_cast<std::size_t>(options_.vehicle_limit_per_minute);
  if (window.size() < limit) {
    window.push_back(now);
    return std::nullopt;
  }
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(window.front() +
                                                               std::chrono::minutes(1) - now);
  FaultDecision d{FaultKind::status,
                  429,
                  static_cast<int>(std::max<std::int64_t>(1, wait.count())),
                  options_.vehicle_limit_per_minute,
                  {}};
  return d;
}

FaultDecision FaultControl::decide(std::string_view method, std::string_view path,
                                   std::string_view vin, bool fleet) {
  std::lock_guard lock(mutex_);
  FaultDecision decision;
  const auto& o = options_;
  if (o.latency_ms > 0 || o.jitter_ms > 0) {
    decision.latency = std::chrono::milliseconds(
        o.latency_ms + (o.jitter_ms > 0 ? rng_.between(0, o.jitter_ms) : 0));
  }
  if (auto rule = match_rule(method, path)) {
    rule->latency = decision.latency;
    return *rule;
  }
  if (!fleet) return decision;
  if (auto limited = vehicle_limit(vin)) {
    limited->latency = decision.latency;
    return *limited;
  }
  const double u = rng_.unit();
  double edge = o.rate_429;
  if (u < edge) {
    decision.kind = FaultKind::status;
    decision.status = 429;
    decision.retry_after_s =
        o.retry_after_max_s > o.retry_after_s
            ? static_cast<int>(rng_.between(o.retry_after_s, o.retry_after_max_s))
            : o.retry_after_s;
    return decision;
  }
  if (u < (edge += o.rate_5xx)) {
    static constexpr int kStatuses[] = {500, 503, 504};
    decision.kind = FaultKind::status;
    decision.status = kStatuses[rng_.index(3)];
    return decision;
  }
  if (u < (edge += o.rate_reset)) {
    decision.kind = FaultKind::reset;
  } else if (u < (edge += o.rate_malformed)) {
    decision.kind = FaultKind::malformed;
  } else if (u < (edge += o.rate_slow)) {
    decision.kind = FaultKind::slow;
  }
  return decision;
}

std::string FaultControl::to_json() const {
  std::lock_guard lock(mutex_);
  const auto& o = options_;
  json rules = json::array();
  for (const auto& r : rules_) {
    rules.push_back({{"path_prefix", r.path_prefix},
                     {"method", r.method},
                     {"kind", to_string(r.kind)},
                     {"status", r.status},
                     {"count", r.count},
                     {"retry_after_s", r.retry_after_s}});
  }
  json out = {{"latency_ms", o.latency_ms},
              {"jitter_ms", o.jitter_ms},
              {"rate_429", o.rate_429},
              {"retry_after_s", o.retry_after_s},
              {"retry_after_max_s", o.retry_after_max_s},
              {"vehicle_limit_per_minute", o.vehicle_limit_per_minute},
              {"rate_5xx", o.rate_5xx},
              {"rate_reset", o.rate_reset},
              {"rate_malformed", o.rate_malformed},
              {"rate_slow", o.rate_slow},
              {"slow_body_ms", o.slow_body_ms},
              {"seed", o.seed},
              {"rules", rules}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

Result<FaultRule> parse_rule(const json& j) {
  if (!j.is_object()) return fail(ErrorKind::invalid_argument, "a rule must be an object");
  FaultRule rule;
  rule.path_prefix = j.value("path_prefix", std::string{});
  if (rule.path_prefix.empty() || rule.path_prefix.front() != '/') {
    return fail(ErrorKind::invalid_argument, "rule.path_prefix must start with '/'");
  }
  rule.method = j.value("method", std::string{});
  auto kind = parse_fault_kind(j.value("kind", std::string{"status"}));
  if (!kind || *kind == FaultKind::none) {
    return fail(ErrorKind::invalid_argument, "rule.kind must be status, reset, malformed or slow");
  }
  rule.kind = *kind;
  rule.status = j.value("status", 500);
  if (rule.kind == FaultKind::status && (rule.status < 100 || rule.status > 599)) {
    return fail(ErrorKind::invalid_argument, "rule.status must be an HTTP status");
  }
  rule.count = j.value("count", 1);
  rule.retry_after_s = j.value("retry_after_s", 30);
  return rule;
}

template <class T>
void merge(const json& j, const char* key, T& field) {
  if (j.contains(key)) field = j.at(key).get<T>();
}

}  // namespace

Result<void> FaultControl::apply_json(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorKind::invalid_argument, "faults body must be a JSON object");
  }
  std::vector<FaultRule> new_rules;
  FaultOptions o = options();
  try {
    merge(j, "latency_ms", o.latency_ms);
    merge(j, "jitter_ms", o.jitter_ms);
    merge(j, "rate_429", o.rate_429);
    merge(j, "retry_after_s", o.retry_after_s);
    merge(j, "retry_after_max_s", o.retry_after_max_s);
    merge(j, "vehicle_limit_per_minute", o.vehicle_limit_per_minute);
    merge(j, "rate_5xx", o.rate_5xx);
    merge(j, "rate_reset", o.rate_reset);
    merge(j, "rate_malformed", o.rate_malformed);
    merge(j, "rate_slow", o.rate_slow);
    merge(j, "slow_body_ms", o.slow_body_ms);
    merge(j, "seed", o.seed);
    if (j.contains("rules")) {
      if (!j["rules"].is_array())
        return fail(ErrorKind::invalid_argument, "rules must be an array");
      for (const auto& r : j["rules"]) {
        auto rule = parse_rule(r);
        if (!rule) return std::unexpected(rule.error());
        new_rules.push_back(std::move(*rule));
      }
    }
  } catch (const json::exception& e) {
    return fail(ErrorKind::invalid_argument, std::string("bad fault option: ") + e.what());
  }
  const bool clear =
      j.contains("clear_rules") && j["clear_rules"].is_boolean() && j["clear_rules"].get<bool>();
  // Reseed only when options were sent: appending a rule must not restart the fault sequence.
  if (j.size() > (j.contains("rules") ? 1u : 0u) + (j.contains("clear_rules") ? 1u : 0u)) {
    set_options(o);
  }
  std::lock_guard lock(mutex_);
  if (clear) rules_.clear();
  for (auto& r : new_rules) rules_.push_back(std::move(r));
  return {};
}

}  // namespace cpt::sim
