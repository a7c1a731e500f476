// The demo's per-payload summaries: every public fixture and documented example is recognised,
// parses, and yields a line with concrete facts.
#include "cpt/tesla/wire/summary.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "wire_test_support.h"

namespace cpt::tesla::wire {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
  }
  return out;
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

TEST(SummarizePayload, EveryPublicFixtureParses) {
  const auto files = json_files(fs::path(CPT_SHARED_DIR) / "fixtures" / "public");
  ASSERT_EQ(files.size(), 7u);
  for (const auto& file : files) {
    auto kind = kind_for_file_name(file.filename().string());
    ASSERT_TRUE(kind.has_value()) << file;
    auto summary = summarize_payload(*kind, testing::read_text(file.string()));
    EXPECT_TRUE(summary.parsed) << file << ": " << summary.line();
  }
}

TEST(SummarizePayload, EveryDocumentedExampleParses) {
  const auto files = json_files(fs::path(CPT_TEST_DATA_DIR) / "seed");
  ASSERT_GE(files.size(), 29u);
  for (const auto& file : files) {
    auto kind = kind_for_file_name(file.filename().string());
    ASSERT_TRUE(kind.has_value()) << file;
    auto summary = summarize_payload(*kind, testing::read_text(file.string()));
    EXPECT_TRUE(summary.parsed) << file << ": " << summary.line();
  }
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
