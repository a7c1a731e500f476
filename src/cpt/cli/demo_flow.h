// The demo's full flow (issue 5): an in-process simulator, partner registration, an unattended
// OAuth sign-in, an expert order for every vehicle of the demo account, reports in every format.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "cpt/core/error.h"

namespace cpt::cli {

// Writes everything under `out` and prints what it did to `os`.
Result<void> run_demo_flow(const std::filesystem::path& out, std::ostream& os);

}  // namespace cpt::cli
