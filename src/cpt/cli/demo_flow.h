// The demo's full flow (issue 5): an in-process simulator, partner registration, an unattended
// OAuth sign-in, an expert order for every vehicle of the demo account, reports in every format.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "cpt/core/error.h"

namespace cpt::cli {

// Writes everything under `out` and prints what it did to `os`; the reports' times are in
// `time_zone` (IANA) when given, else in each car's market zone.
Result<void> run_demo_flow(const std::filesystem::path& out, std::ostream& os,
                           std::optional<std::string> time_zone = {});

}  // namespace cpt::cli
