#include "report/report_test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cpt/report/invariants.h"

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

std::string run(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int rc = pclose(pipe);
  if (status) *status = WEXITSTATUS(rc);
  return out;
}

TempFile::TempFile(std::string_view name, std::string_view bytes) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-report-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  path_ = (dir / name).string();
  std::ofstream(path_, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TempFile::~TempFile() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

snapshot::VehicleSnapshot bare_snapshot(snapshot::Package package) {
  snapshot::VehicleSnapshot s;
  s.vin = "5YJ3E1EA7KF317000";
  s.provenance.package = package;
  s.provenance.order_id = "ord_TEST";
  s.provenance.generated_at = *parse_iso8601("2026-02-20T12:00:00Z");
  return s;
}

snapshot::ChargingSession session(std::string id, std::string site, std::string currency,
                                  std::int64_t minor, double kwh, std::string_view start_iso) {
  snapshot::ChargingSession s;
  s.id = std::move(id);
  s.vin = "5YJ3E1EA7KF317000";
  s.site = std::move(site);
  s.country = "US";
  s.start = *parse_iso8601(start_iso);
  snapshot::ChargingFee fee;
  fee.type = "CHARGING";
  fee.amount = Money{std::move(currency), minor};
  fee.usage = kwh;
  fee.uom = "kwh";
  fee.paid = true;
  s.fees.push_back(fee);
  return s;
}

std::string read_repo_file(std::string_view relative_path) {
  const std::filesystem::path path =
      std::filesystem::path(CPT_TEST_DATA_DIR) / ".." / ".." / relative_path;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace cpt::report::testing
