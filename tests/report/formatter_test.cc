#include <gtest/gtest.h>

#include "cpt/report/formatter.h"

namespace cpt::report {
namespace {

using snapshot::DistanceUnit;
using snapshot::PressureUnit;
using snapshot::TemperatureUnit;

Formatter formatter(Language language, DistanceUnit distance = DistanceUnit::km,
                    TemperatureUnit temperature = TemperatureUnit::celsius,
                    PressureUnit pressure = PressureUnit::bar) {
  RegionContext context;
  context.language = language;
  context.distance = distance;
  context.temperature = temperature;
  context.pressure = pressure;
  return Formatter(context);
}

TEST(Formatter, UsdCentsInEnglishAndFinnish) {
  const Money amount{"USD", 1840};
  EXPECT_EQ(formatter(Language::en).money(amount), "$18.40");
  EXPECT_EQ(formatter(Language::fi).money(amount), "18,40\u00a0$");
}

TEST(Formatter, EurosInGermanFrenchAndSwedish) {
  const Money amount{"EUR", 123456};
  EXPECT_EQ(formatter(Language::de).money(amount), "1.234,56\u00a0\u20ac");
  EXPECT_EQ(formatter(Language::fr).money(amount), "1\u202f234,56\u00a0\u20ac");
  EXPECT_EQ(formatter(Language::sv).money(Money{"SEK", 33497}), "334,97\u00a0kr");
}

TEST(Formatter, YenHasNoDecimals) {
  EXPECT_EQ(formatter(Language::en).money(Money{"JPY", 1500}), "\u00a51,500");
}

TEST(Formatter, DistanceIsConvertedToMilesForAMilesReader) {
  EXPECT_EQ(formatter(Language::en).quantity(402.336, Unit::distance, 0), "402 km");
  EXPECT_EQ(formatter(Language::en, DistanceUnit::mi).quantity(402.336, Unit::distance, 0),
            "250 mi");
}

TEST(Formatter, TemperatureAndPressureFollowTheReadersUnits) {
  EXPECT_EQ(formatter(Language::en).quantity(21.5, Unit::temperature, 1), "21.5\u00b0C");
  EXPECT_EQ(formatter(Language::en, DistanceUnit::mi, TemperatureUnit::fahrenheit)
                .quantity(20.0, Unit::temperature, 1),
            "68.0\u00b0F");
  EXPECT_EQ(formatter(Language::en).quantity(2.9, Unit::pressure, 2), "2.90 bar");
  // psi is finer than bar: two fewer decimals.
  EXPECT_EQ(
      formatter(Language::en, DistanceUnit::mi, TemperatureUnit::fahrenheit, PressureUnit::psi)
          .quantity(2.9, Unit::pressure, 2),
      "42 psi");
}

TEST(Formatter, PercentAndGroupingFollowTheLanguage) {
  EXPECT_EQ(formatter(Language::en).percent(74, 0), "74%");
  EXPECT_EQ(formatter(Language::fi).percent(74, 0), "74\u00a0%");
  EXPECT_EQ(formatter(Language::en).integer(19868), "19,868");
  EXPECT_EQ(formatter(Language::de).integer(19868), "19.868");
  EXPECT_EQ(formatter(Language::en).integer(2023, /*grouping=*/false), "2023");
  EXPECT_EQ(formatter(Language::en).number(-0.004, 2), "0.00");
}

TEST(Formatter, CostIsUsdWithUpToFourDecimals) {
  EXPECT_EQ(formatter(Language::en).cost_micros(172000), "$0.172");
  EXPECT_EQ(formatter(Language::en).cost_micros(2000), "$0.002");
  EXPECT_EQ(formatter(Language::en).cost_micros(100000), "$0.10");
}

TEST(Formatter, SiteTimesUseTheTimestampsOwnOffset) {
  // 11:43 at UTC-7 is 18:43 UTC; a charging receipt shows the local time at the site.
  const Timestamp local = *parse_iso8601("2023-07-27T11:43:45-07:00");
  EXPECT_EQ(formatter(Language::en).site_date(local), "Jul 27, 2023");
  EXPECT_EQ(formatter(Language::de).site_datetime(local), "27. Juli 2023, 11:43");
  // Every other time is the instant in the reader's zone (UTC here).
  EXPECT_EQ(formatter(Language::de).datetime(local), "27. Juli 2023, 18:43");
  const Timestamp utc = *parse_iso8601("2026-02-20T10:16:00Z");
  EXPECT_EQ(formatter(Language::fi).datetime_zone(utc), "20. helmik. 2026 klo 10.16 UTC");
  EXPECT_EQ(formatter(Language::en).month(utc), "Feb 2026");
}

TEST(Formatter, InstantsWithoutOffsetUseTheContextTimeZone) {
  RegionContext context;
  context.language = Language::en;
  context.time_zone = "Europe/Helsinki";
  const Timestamp utc = *parse_iso8601("2026-02-20T10:16:00Z");
  EXPECT_EQ(Formatter(context).datetime(utc), "Feb 20, 2026, 12:16\u202fPM");
}

TEST(RegionContext, PreferencesWinOverRegionDefaults) {
  snapshot::DisplayPreferences prefs;
  prefs.distance = DistanceUnit::km;
  auto context = make_region_context(Language::en, prefs, "na");
  EXPECT_EQ(context.distance, DistanceUnit::km);
  EXPECT_EQ(context.temperature, TemperatureUnit::fahrenheit);  // not set: North America default
  EXPECT_EQ(context.pressure, PressureUnit::psi);
  auto eu = make_region_context(Language::fi, std::nullopt, "eu");
  EXPECT_EQ(eu.distance, DistanceUnit::km);
  EXPECT_EQ(eu.icu_locale(), "fi");
  EXPECT_EQ(make_region_context(Language::no, std::nullopt, {}).icu_locale(), "nb");
}

}  // namespace
}  // namespace cpt::report
