#include "cpt/snapshot/module_result.h"

#include <array>
#include <utility>

namespace cpt::snapshot {
namespace {

constexpr std::array<std::pair<ModuleOutcome, std::string_view>, 5> kOutcomeNames = {{
    {ModuleOutcome::ok, "ok"},
    {ModuleOutcome::empty, "empty"},
    {ModuleOutcome::unavailable, "unavailable"},
    {ModuleOutcome::not_in_package, "not_in_package"},
    {ModuleOutcome::failed, "failed"},
}};

}  // namespace

std::string_view to_string(ModuleOutcome outcome) {
  for (const auto& [value, name] : kOutcomeNames) {
    if (value == outcome) return name;
  }
  return "failed";
}

std::optional<ModuleOutcome> parse_module_outcome(std::string_view text) {
  for (const auto& [value, name] : kOutcomeNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

ModuleOutcome outcome_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::vehicle_unavailable:
    case ErrorKind::missing_scope:
    case ErrorKind::unauthorized:
    case ErrorKind::login_required:
    case ErrorKind::budget_exceeded:
      return ModuleOutcome::unavailable;
    default:
      return ModuleOutcome::failed;
  }
}

ModuleResult ModuleResult::ok(std::string source, Timestamp fetched_at, int calls,
                              std::int64_t cost_micros) {
  ModuleResult result;
  result.outcome = ModuleOutcome::ok;
  result.source = std::move(source);
  result.fetched_at = fetched_at;
  result.calls = calls;
  result.cost_micros = cost_micros;
  return result;
}

ModuleResult ModuleResult::empty(std::string source, Timestamp fetched_at, int calls,
                                 std::int64_t cost_micros) {
  ModuleResult result = ok(std::move(source), fetched_at, calls, cost_micros);
  result.outcome = ModuleOutcome::empty;
  return result;
}

ModuleResult ModuleResult::not_in_package(std::string source) {
  ModuleResult result;
  result.outcome = ModuleOutcome::not_in_package;
  result.source = std::move(source);
  return result;
}

ModuleResult ModuleResult::from_error(const Error& error, std::string source,
                                      std::optional<Timestamp> fetched_at, int calls,
                                      std::int64_t cost_micros) {
  ModuleResult result;
  result.outcome = outcome_for(error.kind);
  result.error_kind = error.kind;
  result.http_status = error.http_status();
  result.reason = error.user_message.empty() ? std::string(default_user_message(error.kind))
                                             : error.user_message;
  result.condition = std::string(error.get("reason").value_or(""));
  result.source = std::move(source);
  result.fetched_at = fetched_at;
  result.calls = calls;
  result.cost_micros = cost_micros;
  return result;
}

}  // namespace cpt::snapshot
