// Writing an order's reports to disk: every requested format per vehicle, plus the order's
// invoice ZIP. Used by `cpt report` and `cpt demo`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/report/catalog.h"
#include "cpt/report/signing.h"
#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::cli {

// The formats `--format` accepts.
inline constexpr std::string_view kReportFormats[] = {"json", "html", "pdf", "csv", "zip"};

// Parses "json,html,pdf" (or "all"); invalid_argument names the unknown format.
Result<std::vector<std::string>> parse_formats(std::string_view list);

struct OutputOptions {
  std::filesystem::path out_dir;
  std::vector<std::string> formats;
  report::Language language = report::Language::en;
  const report::SigningKey* signing_key = nullptr;  // signs JSON and PDF when set
  // The service whose /verify page the PDFs link to; empty: a local `cpt serve`.
  std::string verify_base_url = {};
  // More report languages (several --lang): each vehicle's report.<lang>.{json,html,pdf} beside
  // the main language's files, from the same snapshot. The CSV and ZIPs are not worded: once.
  std::vector<report::Language> extra_languages = {};
  // The IANA zone every time is shown in (--time-zone); unset: the main zone of each car's
  // market. Charging sessions keep their site's clock either way.
  std::optional<std::string> time_zone = {};
};

// A --time-zone value: an IANA zone ICU knows ("Europe/Helsinki"), else invalid_argument naming
// it. An empty value means "not given".
Result<std::optional<std::string>> parse_time_zone(std::string_view zone);

// One file written. Value type.
struct WrittenFile {
  std::string vin_suffix;  // empty for order-level files
  std::string format;
  std::filesystem::path path;
  std::size_t bytes = 0;
};

// Renders and writes every format for every snapshot under out_dir/vehicle-<last4>/ (a longer
// suffix when two VINs share four), and the order's invoices.zip at the top when "zip" is asked.
// Files are written whole (temp + rename); the first failure stops and is returned.
Result<std::vector<WrittenFile>> write_reports(
    const std::vector<snapshot::VehicleSnapshot>& snapshots, const OutputOptions& options);

// Writes `bytes` to `path` atomically (a temp file beside it, then rename), creating parents.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

}  // namespace cpt::cli
