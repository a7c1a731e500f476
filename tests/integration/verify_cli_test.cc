// `cpt verify` as a separate process: a report checked against a published key set says genuine
// with its date, VIN suffix and odometer (exit 0), and why it is not (exit 1).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cpt/report/key_set.h"
#include "cpt/report/renderers.h"
#include "cpt/snapshot/sample.h"
#include "integration/run_command.h"

namespace cpt::integration {
namespace {

using cpt::testing::Output;

Output run_verify(const std::string& args) {
  const std::string command = std::string(CPT_BINARY) + " verify " + args + " 2>&1 < /dev/null";
  return cpt::testing::run_command(command);
}

class VerifyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("cpt-verify-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    report::ReportOptions options(report::Language::en);
    options.generated_at = *parse_iso8601("2026-08-01T10:00:00Z");
    const report::Report model = report::build_report(snapshot::sample_eu_model3(), options);
    write("report.json", *report::render_json(model, &key_));
    write("report.pdf", *report::render_pdf(model, &key_));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }
  // A key set holding this test's key for the period [from, until].
  std::string key_set(const std::string& name, std::string_view from,
                      std::optional<std::string_view> until) {
    report::KeySet set;
    set.add({key_.public_key(), *parse_iso8601(from),
             until ? std::optional<Timestamp>(*parse_iso8601(*until)) : std::nullopt});
    return write(name, set.to_json());
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
  report::SigningKey key_ = *report::SigningKey::generate();
};

TEST_F(VerifyCli, AReportSignedInTheKeysPeriodIsGenuine) {
  const std::string keys = key_set("keys.json", "2026-01-01T00:00:00Z", std::nullopt);
  for (const char* file : {"report.json", "report.pdf"}) {
    const Output out = run_verify(path(file) + " --keys " + keys);
    EXPECT_EQ(out.status, 0) << out.text;
    EXPECT_NE(out.text.find(": valid (genuine)"), std::string::npos) << out.text;
    EXPECT_NE(out.text.find("key:    " + key_.key_id() + " (trusted)"), std::string::npos);
    EXPECT_NE(out.text.find("date:   2026-08-01T10:00:00Z"), std::string::npos) << out.text;
    EXPECT_NE(out.text.find("VIN:    \u2026" + snapshot::sample_eu_model3().vin.substr(13)),
              std::string::npos);
  }
}

TEST_F(VerifyCli, ARetiredKeyOrAnUnknownKeyIsNotGenuine) {
  const std::string retired =
      key_set("retired.json", "2025-01-01T00:00:00Z", std::string_view("2026-06-30T23:59:59Z"));
  const Output expired = run_verify(path("report.pdf") + " --keys " + retired);
  EXPECT_EQ(expired.status, 1);
  EXPECT_NE(expired.text.find("INVALID (expired_key)"), std::string::npos) << expired.text;
  report::KeySet other;
  other.add({report::SigningKey::generate()->public_key(), std::nullopt, std::nullopt});
  const Output unknown =
      run_verify(path("report.json") + " --keys " + write("other.json", other.to_json()));
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.text.find("INVALID (unknown_key)"), std::string::npos) << unknown.text;
  const Output broken = run_verify(path("report.json") + " --keys " + write("bad.json", "[]"));
  EXPECT_EQ(broken.status, 2);
  EXPECT_NE(broken.text.find("is not a report-signing key set"), std::string::npos);
}

}  // namespace
}  // namespace cpt::integration
