// `cpt report --lang fi --lang en`: the files of every language, written from the one snapshot.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cpt/cli/report_output.h"
#include "cpt/snapshot/sample.h"

namespace cpt::cli {
namespace {

using nlohmann::json;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ReportOutput, EveryLanguageFromTheSameSnapshotBesideTheMainOne) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-report-output-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const snapshot::VehicleSnapshot snap = snapshot::sample_eu_model3();
  OutputOptions options{dir, *parse_formats("all"), report::Language::fi};
  options.extra_languages = {report::Language::en, report::Language::fi};  // fi is the main one
  auto written = write_reports({snap}, options);
  ASSERT_TRUE(written) << written.error().describe();

  const auto vehicle = dir / ("vehicle-" + snap.vin.substr(snap.vin.size() - 4));
  for (const char* name : {"report.json", "report.html", "report.pdf", "report.en.json",
                           "report.en.html", "report.en.pdf", "charging.csv", "invoices.zip"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(vehicle / name)) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(vehicle / "report.fi.json"));   // the main one is plain
  EXPECT_FALSE(std::filesystem::exists(vehicle / "charging.en.csv"));  // not worded: once
  // 3 worded files per language, CSV and ZIP per vehicle, the order's ZIP.
  EXPECT_EQ(written->size(), 3u * 2u + 2u + 1u);

  const json main = json::parse(read(vehicle / "report.json"));
  const json english = json::parse(read(vehicle / "report.en.json"));
  EXPECT_EQ(main["report"]["language"], "fi");
  EXPECT_EQ(english["report"]["language"], "en");
  EXPECT_EQ(main["report"]["vehicle"]["vin"], english["report"]["vehicle"]["vin"]);
  EXPECT_NE(read(vehicle / "report.en.html").find(R"(<html lang="en")"), std::string::npos);
  EXPECT_NE(read(vehicle / "report.html").find(R"(<html lang="fi")"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cpt::cli
