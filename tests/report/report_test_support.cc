#include "report/report_test_support.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cpt::report::testing {

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
