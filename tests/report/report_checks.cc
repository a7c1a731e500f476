// Installs the invariant checker on every report build_report() returns in the test binary that
// links this file (before main), fails the running test on a violation, and says at the end how
// many reports it checked. Linked by the report tests and by every test binary that builds
// reports in-process (the service tests).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>

#include "cpt/report/invariants.h"
#include "report/report_test_support.h"

namespace cpt::report::testing {

namespace {

std::atomic<std::size_t> g_checked{0};

void check_every_report(const Report& report) {
  ++g_checked;
  for (const auto& violation : check_invariants(report)) {
    ADD_FAILURE() << "report " << report.header.vin << " (" << to_string(report.region.language)
                  << ", " << report.header.package_label << "): " << violation.describe();
  }
}

// Says at the end of the run how many reports the checker saw.
class CheckedReportsCount : public ::testing::Environment {
 public:
  void TearDown() override { std::printf("[invariants] checked %zu reports\n", g_checked.load()); }
};

const bool g_installed = [] {
  set_build_observer(&check_every_report);
  ::testing::AddGlobalTestEnvironment(new CheckedReportsCount);
  return true;
}();

}  // namespace

std::size_t reports_checked() {
  return g_installed ? g_checked.load() : 0;
}

}  // namespace cpt::report::testing
