// ModuleResult: how one data module of a vehicle snapshot was obtained, or why it was not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/core/time.h"

namespace cpt::snapshot {

// The outcome of fetching one module. Every module of every snapshot has exactly one.
enum class ModuleOutcome {
  ok,              // data arrived and was read
  empty,           // a successful, empty answer (e.g. no service visit, no charging sessions)
  unavailable,     // could not be fetched right now: car asleep, scope missing, no partner token
  not_in_package,  // the order's package does not include this module; nothing was fetched
  failed,          // the fetch failed (see error_kind and http_status)
};

// Stable snake_case name ("not_in_package"), as used in JSON and tests.
std::string_view to_string(ModuleOutcome outcome);
std::optional<ModuleOutcome> parse_module_outcome(std::string_view text);

// Which outcome an error means for a module: asleep, missing scope, missing sign-in and an
// exhausted budget make a module `unavailable`; everything else is `failed`.
ModuleOutcome outcome_for(ErrorKind kind);

// Something a report must say about a module (a partial answer, a failure's detail), as a code and
// its parameters: the layer that finds it names it, a report words it from its catalog
// ("note.<code>", placeholders "{name}"), so no language is fixed before rendering. Value type.
struct Note {
  std::string code;                                         // "values_left_out"; empty: no note
  std::vector<std::pair<std::string, std::string>> params;  // {"count", "2"}

  bool empty() const { return code.empty(); }
  friend bool operator==(const Note&, const Note&) = default;
};

// The fetch record of one module: outcome, why (user-safe), when, from where, and what it cost.
// Value type; thread-safe to read.
struct ModuleResult {
  ModuleOutcome outcome = ModuleOutcome::unavailable;
  std::optional<ErrorKind> error_kind;
  std::optional<int> http_status;
  std::string reason;  // for logs and the CLI (English); safe to show, never a token or full VIN
  Note note;           // what a report says about the module beyond its outcome
  // What the car or account is in when that, not the error kind, says why the module is missing:
  // the error's `reason` ("mobile_access_disabled": the car is awake or asleep, but its owner
  // turned Mobile Access off). A report words it as `condition.<code>` in place of the kind's
  // sentence ("asleep or offline" would be false). Empty: the error kind says it all.
  std::string condition;
  std::optional<Timestamp> fetched_at;
  std::string source;            // endpoint name, e.g. "vehicle_data", "charging_history"
  int calls = 0;                 // API calls made for this module (retries included)
  std::int64_t cost_micros = 0;  // estimated price in micro-dollars (1 USD = 1'000'000)

  static ModuleResult ok(std::string source, Timestamp fetched_at, int calls = 1,
                         std::int64_t cost_micros = 0);
  static ModuleResult empty(std::string source, Timestamp fetched_at, int calls = 1,
                            std::int64_t cost_micros = 0);
  static ModuleResult not_in_package(std::string source);
  // From a failed fetch: the outcome follows outcome_for(error.kind), the reason is the error's
  // user message, and the HTTP status and condition come from the error's metadata.
  static ModuleResult from_error(const Error& error, std::string source,
                                 std::optional<Timestamp> fetched_at = {}, int calls = 1,
                                 std::int64_t cost_micros = 0);

  bool is_ok() const { return outcome == ModuleOutcome::ok; }
};

}  // namespace cpt::snapshot
