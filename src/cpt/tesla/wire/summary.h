// One-line summaries of Tesla payloads, for `cpt demo` and for eyeballing fixtures: which parser a
// file name calls for, and the key facts plus warning count of a parsed body. Summaries carry no
// full VIN, e-mail or token. Thread-safe (state per call).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpt::tesla::wire {

// The payload families the wire parsers read.
enum class PayloadKind {
  vehicles,
  vehicle,
  vehicle_data,
  products,
  service_data,
  charging_history,
  charging_sessions,
  recent_alerts,
  release_notes,
  options,
  warranty,
  specs,
  fleet_status,
  user_me,
  user_region,
  orders,
  feature_config,
  partner_account,
  partner_public_key,
  token,
  error,
};

std::string_view to_string(PayloadKind kind);

// The kind a fixture's file name names ("vehicle_data_alt.json" -> vehicle_data,
// "error_421_out_of_region.json" -> error); nullopt when no family matches.
std::optional<PayloadKind> kind_for_file_name(std::string_view file_name);

// What one payload said. Value type.
struct PayloadSummary {
  PayloadKind kind = PayloadKind::error;
  bool parsed = false;  // false when the parser rejected the body (malformed)
  std::size_t warnings = 0;
  std::string facts;  // "VIN LRW…0000, online, battery 77 %, ..." or the failure

  // "vehicle_data: VIN LRW…0000, ... (0 warnings)"; "vehicle_data: FAILED ..." when not parsed.
  std::string line() const;
};

// Parses `body` as `kind` and summarizes it.
PayloadSummary summarize_payload(PayloadKind kind, std::string_view body);

// One JSON file of a fixture folder with its summary (nullopt when no parser matches its name).
struct FileSummary {
  std::string name;  // relative to the folder
  std::optional<PayloadSummary> summary;
};

// Reads and summarizes every *.json file under `dir` (recursively, sorted by path); empty when the
// folder is missing or holds none.
std::vector<FileSummary> summarize_json_files(const std::filesystem::path& dir);

}  // namespace cpt::tesla::wire
