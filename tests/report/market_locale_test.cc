// Market locales: a report's dates and clock follow the car's market when the report's language
// is spoken there (en-GB, en-AU, en-CA, fr-CA, sv-FI, nb-NO), numbers keep the language's style.
#include <gtest/gtest.h>

#include "cpt/report/formatter.h"
#include "cpt/report/report_model.h"
#include "cpt/snapshot/sample.h"

namespace cpt::report {
namespace {

RegionContext context(Language language, std::string market) {
  RegionContext out = make_region_context(language, std::nullopt, std::string_view("eu"));
  out.market = std::move(market);
  return out;
}

TEST(MarketLocale, TheLocaleIsLanguageAndMarketWhenTheLanguageIsSpokenThere) {
  EXPECT_EQ(context(Language::en, "GB").icu_locale(), "en-GB");
  EXPECT_EQ(context(Language::en, "AU").icu_locale(), "en-AU");
  EXPECT_EQ(context(Language::en, "CA").icu_locale(), "en-CA");
  EXPECT_EQ(context(Language::fr, "CA").icu_locale(), "fr-CA");
  EXPECT_EQ(context(Language::sv, "FI").icu_locale(), "sv-FI");
  EXPECT_EQ(context(Language::no, "NO").icu_locale(), "nb-NO");
  EXPECT_EQ(context(Language::en, "FI").icu_locale(), "en");  // English is not Finland's
  EXPECT_EQ(context(Language::fi, "GB").icu_locale(), "fi");
  EXPECT_EQ(context(Language::de, "").icu_locale(), "de");
}

TEST(MarketLocale, BritishAustralianAndCanadianEnglishDatesAndClock) {
  const Timestamp utc = *parse_iso8601("2026-02-20T20:05:00Z");
  EXPECT_EQ(Formatter(context(Language::en, "")).datetime(utc), "Feb 20, 2026, 8:05\u202fPM");
  EXPECT_EQ(Formatter(context(Language::en, "GB")).datetime(utc), "20 Feb 2026, 20:05");
  EXPECT_EQ(Formatter(context(Language::en, "GB")).date(utc), "20 Feb 2026");
  EXPECT_EQ(Formatter(context(Language::en, "AU")).date(utc), "20 Feb 2026");
  EXPECT_EQ(Formatter(context(Language::fr, "CA")).date(utc),
            Formatter(context(Language::fr, "")).date(utc));
  // Money keeps its own currency; the language's number style stays.
  EXPECT_EQ(Formatter(context(Language::en, "GB")).money(*Money::from_decimal("GBP", "18.40")),
            "\u00a318.40");
  EXPECT_EQ(Formatter(context(Language::en, "GB")).percent(81.3, 1), "81.3%");
}

TEST(MarketLocale, AReportTakesTheMarketFromWhereTheCarCharges) {
  snapshot::VehicleSnapshot snap = snapshot::sample_eu_model3();
  ASSERT_TRUE(snap.charging.data);
  ASSERT_FALSE(snap.charging.data->sessions.empty());
  for (auto& session : snap.charging.data->sessions) session.country = "GB";
  EXPECT_EQ(market_country(snap), "GB");
  const Report english = build_report(snap, ReportOptions(Language::en));
  EXPECT_EQ(english.region.icu_locale(), "en-GB");
  const Report finnish = build_report(snap, ReportOptions(Language::fi));
  EXPECT_EQ(finnish.region.icu_locale(), "fi");
  snap.charging.data->sessions.clear();
  EXPECT_EQ(market_country(snap), "");
}

}  // namespace
}  // namespace cpt::report
