// Time zones: every time in a report is the instant in the order's zone (ICU converts, DST
// included), charging sessions keep their site's clock, the zone is said once near the top, and
// an order without a zone gets the main zone of the car's market.
#include <gtest/gtest.h>

#include "cpt/report/formatter.h"
#include "cpt/report/renderers.h"
#include "cpt/report/report_model.h"
#include "cpt/report/time_zone.h"
#include "cpt/snapshot/sample.h"

namespace cpt::report {
namespace {

Formatter in_zone(std::string zone, Language language = Language::en, std::string market = {}) {
  RegionContext context;
  context.language = language;
  context.time_zone = std::move(zone);
  context.market = std::move(market);
  return Formatter(context);
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string_view::npos; pos = text.find(what, pos + 1)) {
    ++n;
  }
  return n;
}

const Table& table_of(const Report& r, SectionId id, std::string_view table_id) {
  for (const Table& table : r.section(id)->tables) {
    if (table.id == table_id) return table;
  }
  ADD_FAILURE() << "no table " << table_id;
  static const Table none;
  return none;
}

std::size_t column(const Table& table, const FieldDef& def) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].def == &def) return i;
  }
  ADD_FAILURE() << "no column " << def.key;
  return 0;
}

TEST(TimeZoneFormatter, OneInstantInTwoZonesAcrossTheSpringDstChange) {
  // Finland moves its clocks forward at 01:00 UTC on 29 March 2026: 03:00 EET becomes 04:00 EEST.
  const Timestamp before = *parse_iso8601("2026-03-29T00:30:00Z");
  const Timestamp after = *parse_iso8601("2026-03-29T01:30:00Z");
  const Formatter helsinki = in_zone("Europe/Helsinki", Language::en, "GB");  // en-GB: 24 h
  EXPECT_EQ(helsinki.datetime(before), "29 Mar 2026, 02:30");
  EXPECT_EQ(helsinki.datetime(after), "29 Mar 2026, 04:30");
  // New York changed on 8 March: both are EDT (UTC-4), an hour apart and the evening before.
  const Formatter new_york = in_zone("America/New_York");
  EXPECT_EQ(new_york.datetime(before), "Mar 28, 2026, 8:30\u202fPM");
  EXPECT_EQ(new_york.datetime(after), "Mar 28, 2026, 9:30\u202fPM");
  EXPECT_EQ(new_york.datetime_zone(after), "Mar 28, 2026, 9:30\u202fPM EDT");
  // The date follows the zone too: 00:30 UTC on the 29th is still the 28th in New York.
  EXPECT_EQ(new_york.date(before), "Mar 28, 2026");
  EXPECT_EQ(helsinki.date(before), "29 Mar 2026");
}

TEST(TimeZoneFormatter, CalendarDatesAndSiteTimesAreNotShifted) {
  // A warranty's end date is a day, not an instant: never the evening before in New York.
  const Timestamp day = *parse_iso8601("2027-05-01");
  EXPECT_EQ(in_zone("America/New_York").date(day), "May 1, 2027");
  EXPECT_EQ(in_zone("Asia/Shanghai").date(day), "May 1, 2027");
  // A charging session at 23:50 in London stays 23:50 whatever the reader's zone.
  const Timestamp london = *parse_iso8601("2026-01-10T23:50:00+00:00");
  EXPECT_EQ(in_zone("Asia/Shanghai").site_datetime(london), "Jan 10, 2026, 11:50\u202fPM");
  EXPECT_EQ(in_zone("Asia/Shanghai").datetime(london), "Jan 11, 2026, 7:50\u202fAM");
}

TEST(TimeZoneFormatter, ZoneNamesComeFromIcuInTheReportsLocale) {
  EXPECT_EQ(in_zone("Europe/Helsinki", Language::en, "GB").zone_name(),
            "Europe/Helsinki (EET/EEST)");
  EXPECT_EQ(in_zone("Europe/Berlin", Language::de, "DE").zone_name(), "Europe/Berlin (MEZ/MESZ)");
  EXPECT_EQ(in_zone("Asia/Shanghai").zone_name(), "Asia/Shanghai (GMT+8)");
  EXPECT_EQ(in_zone("UTC").zone_name(), "UTC (UTC)");
}

TEST(TimeZones, KnownZonesAndMarketDefaults) {
  EXPECT_TRUE(is_known_time_zone("Europe/Helsinki"));
  EXPECT_TRUE(is_known_time_zone("America/Los_Angeles"));
  EXPECT_TRUE(is_known_time_zone("UTC"));
  EXPECT_FALSE(is_known_time_zone(""));
  EXPECT_FALSE(is_known_time_zone("Mars/Olympus_Mons"));
  EXPECT_FALSE(is_known_time_zone("Etc/Unknown"));
  EXPECT_FALSE(is_known_time_zone("+02:00"));
  // Every market the simulator sells in has its main zone; an unknown market is UTC.
  for (std::string_view market : {"US", "CA", "AU", "FI", "NO", "DE", "SE", "GB", "CN"}) {
    EXPECT_TRUE(is_known_time_zone(market_time_zone(market))) << market;
    EXPECT_NE(market_time_zone(market), "UTC") << market;
  }
  EXPECT_EQ(market_time_zone("GB"), "Europe/London");
  EXPECT_EQ(market_time_zone("US"), "America/New_York");
  EXPECT_EQ(market_time_zone(""), "UTC");
  EXPECT_EQ(report_time_zone(std::string("Asia/Tokyo"), "FI"), "Asia/Tokyo");
  EXPECT_EQ(report_time_zone(std::string("Nowhere/Else"), "FI"), "Europe/Helsinki");
  EXPECT_EQ(report_time_zone(std::nullopt, "AU"), "Australia/Sydney");
}

Report in_report_zone(const std::string& zone, Language language = Language::en) {
  ReportOptions options(language);
  options.time_zone = zone;
  return build_report(snapshot::sample_eu_model3(), options);
}

TEST(TimeZoneReport, TheZoneIsStatedOnceAndEveryTimeIsShiftedButTheSites) {
  const Report ny = in_report_zone("America/New_York");
  const Report sh = in_report_zone("Asia/Shanghai");
  EXPECT_EQ(ny.region.time_zone, "America/New_York");
  EXPECT_EQ(ny.header.time_zone_display, "Times in America/New_York (EST/EDT)");
  EXPECT_EQ(ny.header.generated_display, "Feb 20, 2026, 5:16\u202fAM EST");
  EXPECT_EQ(sh.header.generated_display, "Feb 20, 2026, 6:16\u202fPM GMT+8");
  const std::string html = render_html(ny);
  EXPECT_EQ(count(html, "Times in America/New_York (EST/EDT)"), 1u);
  EXPECT_EQ(count(html, "Times in "), 1u);

  // The first alert happened at 07:12 UTC on 14 February.
  const Table& ny_alerts = table_of(ny, SectionId::alerts, "alerts.timeline");
  const Table& sh_alerts = table_of(sh, SectionId::alerts, "alerts.timeline");
  const std::size_t when = column(ny_alerts, fields::alert_time);
  EXPECT_EQ(ny_alerts.rows.at(0).at(when).display, "Feb 14, 2026, 2:12\u202fAM");
  EXPECT_EQ(sh_alerts.rows.at(0).at(when).display, "Feb 14, 2026, 3:12\u202fPM");

  // Charging sessions keep the clock of their site, and the column says so.
  const Table& ny_sessions = table_of(ny, SectionId::charging, "charging.sessions");
  const Table& sh_sessions = table_of(sh, SectionId::charging, "charging.sessions");
  const std::size_t start = column(ny_sessions, fields::session_start);
  EXPECT_EQ(ny_sessions.columns[start].label, "Started (local time at the site)");
  ASSERT_FALSE(ny_sessions.rows.empty());
  for (std::size_t i = 0; i < ny_sessions.rows.size(); ++i) {
    const Cell& cell = ny_sessions.rows[i][start];
    EXPECT_EQ(cell.display, sh_sessions.rows[i][start].display);
    const auto* at = std::get_if<Timestamp>(&cell.value);
    ASSERT_TRUE(at && at->offset_minutes);
    EXPECT_EQ(cell.display, in_zone("UTC").site_datetime(*at));
  }
}

TEST(TimeZoneReport, TheZoneLineIsInTheReportsLanguageAndTheJsonKeepsUtcInstants) {
  const Report fi = in_report_zone("Europe/Helsinki", Language::fi);
  EXPECT_EQ(fi.header.time_zone_display,
            "Ajat aikavyöhykkeellä Europe/Helsinki (UTC+2/UTC+3)");  // ICU's Finnish names
  const std::string json = *render_json(fi, nullptr);
  EXPECT_NE(json.find("\"time_zone\": \"Europe/Helsinki\""), std::string::npos);
  EXPECT_NE(json.find("\"generated_at\": \"2026-02-20T10:16:00Z\""), std::string::npos);
}

}  // namespace
}  // namespace cpt::report
