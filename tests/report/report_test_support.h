// Helpers for the report tests: running poppler tools, temporary files, small snapshots.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::report::testing {

// Runs a shell command and returns its standard output (stderr discarded); exit status in `status`.
std::string run(const std::string& command, int* status = nullptr);

// A file under the test's temporary directory holding `bytes`; removed by the destructor.
class TempFile {
 public:
  TempFile(std::string_view name, std::string_view bytes);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A bare pro-package snapshot with a VIN and, per test, whatever modules the test fills in.
snapshot::VehicleSnapshot bare_snapshot(snapshot::Package package = snapshot::Package::pro);

// One charging session with a single CHARGING fee.
snapshot::ChargingSession session(std::string id, std::string site, std::string currency,
                                  std::int64_t minor, double kwh, std::string_view start_iso);

// Contents of a file in the repository (e.g. "docs/report-schema.json").
std::string read_repo_file(std::string_view relative_path);

// The invariant checker runs on every report build_report() returns in a test binary that links
// report_checks.cc (installed before main): a violation fails the running test, naming the
// invariant, the section and the values. How many reports it has checked in this process:
std::size_t reports_checked();

}  // namespace cpt::report::testing
