// The demo's per-payload summaries: every public fixture and documented example is recognised,
// parses, and yields a line with concrete facts.
#include "cpt/tesla/wire/summary.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "wire_test_support.h"

namespace cpt::tesla::wire {
namespace {

namespace fs = std::filesystem;

// Every JSON file under `dir` has a parser and parses; returns how many there were.
std::size_t expect_every_file_parses(const fs::path& dir) {
  const auto files = summarize_json_files(dir);
  for (const auto& file : files) {
    EXPECT_TRUE(file.summary.has_value()) << file.name;
    if (file.summary) {
      EXPECT_TRUE(file.summary->parsed) << file.name << ": " << file.summary->line();
    }
  }
  return files.size();
}

TEST(KindForFileName, PicksTheMostSpecificFamily) {
  EXPECT_EQ(kind_for_file_name("vehicle_data_alt.json"), PayloadKind::vehicle_data);
  EXPECT_EQ(kind_for_file_name("vehicle_root.json"), PayloadKind::vehicle);
  EXPECT_EQ(kind_for_file_name("error_421_out_of_region.json"), PayloadKind::error);
  EXPECT_EQ(kind_for_file_name("oauth_partner_token.json"), PayloadKind::token);
  EXPECT_EQ(kind_for_file_name("partner_register.json"), PayloadKind::partner_account);
  EXPECT_EQ(kind_for_file_name("users_orders.json"), PayloadKind::orders);
  EXPECT_FALSE(kind_for_file_name("PROVENANCE.md").has_value());
}

TEST(SummarizeJsonFiles, EveryPublicFixtureParses) {
  EXPECT_EQ(expect_every_file_parses(fs::path(CPT_TEST_DATA_DIR) / "public"), 7u);
}

TEST(SummarizeJsonFiles, EveryDocumentedExampleParses) {
  EXPECT_EQ(expect_every_file_parses(fs::path(CPT_TEST_DATA_DIR) / "seed"), 29u);
}

TEST(SummarizeJsonFiles, NamesFilesRelativeToTheFolderInSortedOrder) {
  const auto files = summarize_json_files(fs::path(CPT_TEST_DATA_DIR) / "public");
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front().name, "home-assistant/products.json");
  EXPECT_EQ(files.back().name, "vehicle-command/error_421_out_of_region.json");
  EXPECT_TRUE(summarize_json_files("/nonexistent/folder").empty());
}

TEST(SummarizePayload, VehicleDataLineHasKeyFactsAndNoFullVin) {
  auto s = summarize_payload(PayloadKind::vehicle_data,
                             testing::fixture("home-assistant/vehicle_data.json"));
  EXPECT_EQ(s.line(),
            "vehicle_data: VIN LRW\u20260000, online, battery 77 %, odometer 6481.0 mi, software "
            "2023.44.30.8 06f534d46010, model3, blocks: charge climate drive gui config state "
            "(0 warnings)");
}

TEST(SummarizePayload, CountsWarnings) {
  auto s = summarize_payload(PayloadKind::vehicle_data,
                             testing::fixture("home-assistant/vehicle_data_alt.json"));
  EXPECT_EQ(s.warnings, 1u);
  EXPECT_TRUE(s.line().ends_with("(1 warning)"));
}

TEST(SummarizePayload, ChargingHistoryTotalsTheDueAmount) {
  auto s = summarize_payload(PayloadKind::charging_history, testing::seed("charging_history.json"));
  EXPECT_EQ(s.line(), "charging_history: 1 session, 2 fees, 1 invoice, due 18.40 USD (0 warnings)");
}

TEST(SummarizePayload, ErrorLinesNameTheFactsAClientActsOn) {
  EXPECT_EQ(summarize_payload(PayloadKind::error,
                              testing::fixture("vehicle-command/error_421_out_of_region.json"))
                .line(),
            "error: error user out of region, use base URL: "
            "https://fleet-api.prd.na.vn.cloud.tesla.com, see https://..., base URL "
            "https://fleet-api.prd.na.vn.cloud.tesla.com (0 warnings)");
  EXPECT_EQ(summarize_payload(PayloadKind::error, "Retry in 37829 seconds").line(),
            "error: text body, retry in 37829 s (0 warnings)");
}

TEST(SummarizePayload, SensitiveFieldsAreNotPrinted) {
  auto me = summarize_payload(PayloadKind::user_me, testing::seed("users_me.json"));
  EXPECT_EQ(me.facts, "account t\u2026@tesla.com");
  auto token = summarize_payload(PayloadKind::token, testing::seed("oauth_token.json"));
  EXPECT_EQ(token.facts, "Bearer token, expires in 28800 s, refresh token present");
}

TEST(SummarizePayload, AFailureSaysWhy) {
  auto s = summarize_payload(PayloadKind::vehicle_data, "<html>502</html>");
  EXPECT_FALSE(s.parsed);
  EXPECT_TRUE(s.line().starts_with("vehicle_data: FAILED body is not JSON")) << s.line();
}

}  // namespace
}  // namespace cpt::tesla::wire
