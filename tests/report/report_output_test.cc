// `cpt report --lang fi --lang en`: the files of every language, written from the one snapshot;
// `--time-zone` (in process, and refused by the `cpt` binary when unknown).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cpt/cli/report_output.h"
#include "cpt/snapshot/sample.h"
#include "integration/run_command.h"

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

TEST(ReportOutput, TheTimeZoneFlagReachesEveryReportAndAnUnknownZoneIsRefused) {
  EXPECT_EQ(*parse_time_zone(""), std::nullopt);
  EXPECT_EQ(*parse_time_zone("Europe/Helsinki"), "Europe/Helsinki");
  auto bad = parse_time_zone("Mars/Olympus_Mons");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().user_message.find("Mars/Olympus_Mons"), std::string::npos);

  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-report-zone-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const snapshot::VehicleSnapshot snap = snapshot::sample_eu_model3();
  OutputOptions options{dir, *parse_formats("html,json"), report::Language::en};
  options.extra_languages = {report::Language::de};
  options.time_zone = "America/New_York";
  ASSERT_TRUE(write_reports({snap}, options));
  const auto vehicle = dir / ("vehicle-" + snap.vin.substr(snap.vin.size() - 4));
  EXPECT_NE(read(vehicle / "report.html").find("Times in America/New_York (EST/EDT)"),
            std::string::npos);
  EXPECT_NE(read(vehicle / "report.de.html").find("Zeiten in der Zeitzone America/New_York"),
            std::string::npos);
  EXPECT_EQ(json::parse(read(vehicle / "report.json"))["report"]["units"]["time_zone"],
            "America/New_York");
  std::filesystem::remove_all(dir);
}

// The flag as a user types it: `cpt report` and `cpt demo` stop before any Tesla call.
TEST(ReportOutput, TheCommandsRefuseAnUnknownTimeZone) {
  const std::string report = std::string(CPT_BINARY) +
                             " report --token t --vin 5YJ3E1EA2KF317000 --time-zone "
                             "Mars/Olympus_Mons 2>&1";
  const auto refused = cpt::testing::run_command(report);
  EXPECT_EQ(refused.status, 2) << refused.text;
  EXPECT_NE(refused.text.find("--time-zone"), std::string::npos) << refused.text;
  EXPECT_NE(refused.text.find("Mars/Olympus_Mons"), std::string::npos) << refused.text;
  const std::string demo = std::string(CPT_BINARY) + " demo --data " + CPT_TEST_DATA_DIR +
                           " --parse-only --time-zone Nowhere 2>&1";
  const auto demo_refused = cpt::testing::run_command(demo);
  EXPECT_EQ(demo_refused.status, 2) << demo_refused.text;
  EXPECT_NE(demo_refused.text.find("Nowhere"), std::string::npos) << demo_refused.text;
}

}  // namespace
}  // namespace cpt::cli
