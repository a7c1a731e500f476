// Account-level charging history partitioned by VIN: no session lands in the wrong report.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cpt/tesla/normalize_detail.h"
#include "normalize_test_support.h"

namespace cpt::tesla::normalize {
namespace {

using snapshot::ModuleOutcome;
using testing::data_of;
using testing::filled;

constexpr const char* kCarA = "5YJ3E1EA0KF000001";
constexpr const char* kCarB = "5YJYGDEE0MF000002";
constexpr const char* kCarC = "XP7YGCEK0PB000003";

// One session as Tesla lists it; `vin` empty leaves the key out.
std::string session_json(long id, const std::string& vin, const std::string& start,
                         double kwh = 30.0, double due = 12.5) {
  std::string json = "{\"sessionId\": " + std::to_string(id) + ",";
  if (!vin.empty()) json += "\"vin\": \"" + vin + "\",";
  json += "\"siteLocationName\": \"Site " + std::to_string(id) + "\", \"chargeStartDateTime\": \"" +
          start +
          "\", \"countryCode\": \"fi\", \"fees\": [{\"feeType\": \"CHARGING\", "
          "\"currencyCode\": \"EUR\", \"usageBase\": " +
          std::to_string(kwh) + ", \"totalDue\": " + std::to_string(due) +
          ", \"uom\": \"kwh\"}], \"invoices\": []}";
  return json;
}

std::string page(const std::vector<std::string>& sessions) {
  std::string json = "{\"response\": {\"data\": [";
  for (std::size_t i = 0; i < sessions.size(); ++i) json += (i ? "," : "") + sessions[i];
  return json + "]}}";
}

// Three cars on one account, interleaved over two pages, one session without a vin, one session
// repeated across the page boundary, one VIN written in lower case.
std::vector<std::string> account_pages() {
  return {
      page({session_json(101, kCarA, "2024-01-01T10:00:00+02:00"),
            session_json(201, kCarB, "2024-01-02T10:00:00+02:00"),
            session_json(999, "", "2024-01-03T10:00:00+02:00"),
            session_json(301, kCarC, "2024-01-04T10:00:00+02:00"),
            session_json(102, kCarA, "2024-01-05T10:00:00+02:00")}),
      page({session_json(102, kCarA, "2024-01-05T10:00:00+02:00"),  // repeated across pages
            session_json(202, kCarB, "2024-01-06T10:00:00+02:00"),
            session_json(302, kCarC, "2024-01-07T10:00:00+02:00"),
            session_json(203, "5yjygdee0mf000002", "2024-01-08T10:00:00+02:00")}),
  };
}

std::vector<std::string> ids(const std::vector<snapshot::ChargingSession>& sessions) {
  std::vector<std::string> out;
  for (const auto& s : sessions) out.push_back(s.id);
  return out;
}

TEST(Partition, EachCarGetsExactlyItsOwnSessions) {
  const auto pages = account_pages();
  EXPECT_EQ(ids(sessions_for_vin(pages, kCarA)), (std::vector<std::string>{"101", "102"}));
  EXPECT_EQ(ids(sessions_for_vin(pages, kCarB)), (std::vector<std::string>{"201", "202", "203"}));
  EXPECT_EQ(ids(sessions_for_vin(pages, kCarC)), (std::vector<std::string>{"301", "302"}));
  for (const char* vin : {kCarA, kCarB, kCarC}) {
    for (const auto& s : sessions_for_vin(pages, vin)) EXPECT_EQ(s.vin, vin);
  }
}

TEST(Partition, ASessionWithoutVinBelongsToNoCar) {
  const auto pages = account_pages();
  std::size_t total = 0;
  for (const char* vin : {kCarA, kCarB, kCarC}) {
    for (const auto& s : sessions_for_vin(pages, vin)) {
      EXPECT_NE(s.id, "999");
      ++total;
    }
  }
  EXPECT_EQ(total, 7u);  // 9 listed: one without vin, one repeated
  EXPECT_TRUE(sessions_for_vin(pages, "").empty());
}

TEST(Partition, ACarWithoutSessionsGetsNone) {
  EXPECT_TRUE(sessions_for_vin(account_pages(), "5YJSA1E41GF167745").empty());
}

TEST(Partition, FillSnapshotGivesEachCarItsOwnChargingModule) {
  const auto pages = account_pages();
  for (const auto& [vin, count] :
       {std::pair{kCarA, 2u}, std::pair{kCarB, 3u}, std::pair{kCarC, 2u}}) {
    VehiclePayloads p;
    p.vin = vin;
    p.charging_history_pages = pages;
    const auto snap = filled(p);
    EXPECT_EQ(snap.charging.result.outcome, ModuleOutcome::ok);
    EXPECT_EQ(data_of(snap.charging).sessions.size(), count) << vin;
  }
  VehiclePayloads none;
  none.vin = "5YJSA1E41GF167745";
  none.charging_history_pages = pages;
  EXPECT_EQ(filled(none).charging.result.outcome, ModuleOutcome::empty);
}

TEST(Partition, SessionsWithoutIdAreDeduplicatedBySiteAndTime) {
  const std::string no_id =
      R"({"vin": "5YJ3E1EA0KF000001", "siteLocationName": "Espoo",
          "chargeStartDateTime": "2024-02-01T08:00:00Z", "fees": []})";
  const std::string later =
      R"({"vin": "5YJ3E1EA0KF000001", "siteLocationName": "Espoo",
          "chargeStartDateTime": "2024-02-02T08:00:00Z", "fees": []})";
  const std::vector<std::string> pages = {page({no_id, later}), page({no_id})};
  const auto sessions = sessions_for_vin(pages, kCarA);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].id, "");
  EXPECT_EQ(sessions[1].start->epoch_seconds(), 1706860800);
}

TEST(Partition, AnUnreadablePageIsSkippedBySessionsForVinButFailsTheModule) {
  auto pages = account_pages();
  pages.insert(pages.begin() + 1, "<html>502 Bad Gateway</html>");
  EXPECT_EQ(ids(sessions_for_vin(pages, kCarA)), (std::vector<std::string>{"101", "102"}));

  VehiclePayloads p;
  p.vin = kCarA;
  p.charging_history_pages = pages;
  const auto snap = filled(p);
  EXPECT_EQ(snap.charging.result.outcome, ModuleOutcome::failed);
  EXPECT_EQ(snap.charging.result.error_kind, ErrorKind::malformed);
  EXPECT_EQ(snap.charging.result.reason,
            "1 of 3 pages of Tesla's charging history could not be read.");
  EXPECT_FALSE(snap.charging.data.has_value());
}

TEST(Partition, HistoryWithoutEnvelopeIsReadToo) {
  const std::string bare = R"({"data": [)" + session_json(7, kCarA, "2024-03-01T09:00:00Z") + "]}";
  const std::vector<std::string> pages = {bare};
  EXPECT_EQ(ids(sessions_for_vin(pages, kCarA)), (std::vector<std::string>{"7"}));
}

TEST(ChargingFees, AFeeWithoutCurrencyTakesTheSessionsCurrency) {
  const std::string body = R"({"data": [{"sessionId": 5, "vin": "5YJ3E1EA0KF000001", "fees": [
      {"feeType": "charging", "currencyCode": "NOK", "usageBase": 20.5, "usageTier1": 10,
       "totalDue": 150.0, "netDue": 120.0, "uom": "KWH", "rateBase": 5.0},
      {"feeType": "CONGESTION", "usageBase": 4, "totalBase": 8.5, "uom": "min"},
      {"feeType": "PARKING", "currencyCode": "NOK", "uom": "min"}]}]})";
  const std::vector<std::string> pages = {body};
  const auto sessions = sessions_for_vin(pages, kCarA);
  ASSERT_EQ(sessions.size(), 1u);
  const auto& fees = sessions[0].fees;
  ASSERT_EQ(fees.size(), 3u);
  EXPECT_EQ(fees[0].type, "CHARGING");
  EXPECT_EQ(fees[0].uom, "kwh");
  EXPECT_EQ(fees[0].amount, (Money{"NOK", 15000}));
  EXPECT_EQ(fees[0].net_amount, (Money{"NOK", 12000}));
  EXPECT_EQ(fees[0].usage, 30.5);
  // No totalDue: the tier totals add up to it; no currency: the session's.
  EXPECT_EQ(fees[1].amount, (Money{"NOK", 850}));
  EXPECT_FALSE(fees[1].net_amount.has_value());
  EXPECT_EQ(fees[2].amount, (Money{"NOK", 0}));
  EXPECT_FALSE(fees[2].usage.has_value());
  EXPECT_EQ(sessions[0].energy_kwh, 30.5);  // only the kWh CHARGING fee counts
}

TEST(ChargingFees, WithoutAnyCurrencyFeesAreLeftOutButEnergyIsKept) {
  tesla::ChargingSession raw;
  raw.session_id = 9;
  raw.vin = "5yj3e1ea0kf000001 ";
  auto& f = raw.fees.emplace_back();
  f.fee_type = "CHARGING";
  f.usage_base = 12;
  f.uom = "kwh";
  const auto s = detail::session(raw);
  EXPECT_EQ(s.vin, "5YJ3E1EA0KF000001");
  EXPECT_TRUE(s.fees.empty());
  EXPECT_EQ(s.energy_kwh, 12.0);
}

}  // namespace
}  // namespace cpt::tesla::normalize
