#include "cpt/core/time.h"

#include <gtest/gtest.h>

namespace cpt {
namespace {

TEST(Time, ParsesIsoWithNegativeOffset) {
  auto ts = parse_iso8601("2023-07-27T11:43:45-07:00");
  ASSERT_TRUE(ts.has_value()) << ts.error().describe();
  EXPECT_EQ(ts->epoch_seconds(), 1690483425);  // 18:43:45Z
  EXPECT_EQ(ts->offset_minutes, -420);
  EXPECT_EQ(format_iso8601(*ts), "2023-07-27T11:43:45-07:00");
}

TEST(Time, ParsesFractionAndZulu) {
  auto ts = parse_iso8601("2021-03-19T22:01:15.101+00:00").value();
  EXPECT_EQ(ts.epoch_millis(), 1616191275101);
  EXPECT_EQ(ts.offset_minutes, 0);
  auto z = parse_iso8601("2025-10-21T00:00:00Z").value();
  EXPECT_EQ(z.epoch_seconds(), 1761004800);
  EXPECT_EQ(format_iso8601(z), "2025-10-21T00:00:00Z");
}

TEST(Time, ParsesCompactOffsetSpaceSeparatorAndBareDate) {
  EXPECT_EQ(parse_iso8601("2026-01-15T10:00:00+0200").value().epoch_seconds(), 1768464000);
  EXPECT_EQ(parse_iso8601("2026-01-15 08:00:00").value().epoch_seconds(), 1768464000);
  auto date = parse_iso8601("2025-10-21").value();
  EXPECT_EQ(date.epoch_seconds(), 1761004800);
  EXPECT_FALSE(date.offset_minutes.has_value());
}

TEST(Time, RejectsMalformedText) {
  EXPECT_FALSE(parse_iso8601("").has_value());
  EXPECT_FALSE(parse_iso8601("2023-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(parse_iso8601("2023-07-27T25:00:00Z").has_value());
  EXPECT_FALSE(parse_iso8601("2023-07-27T11:43:45+07:00 trailing").has_value());
  EXPECT_FALSE(parse_iso8601("yesterday").has_value());
  EXPECT_EQ(parse_iso8601("x").error().kind, ErrorKind::malformed);
}

TEST(Time, EpochSecondsMillisAndAuto) {
  EXPECT_EQ(from_epoch_seconds(1700000000).epoch_millis(), 1700000000000);
  EXPECT_EQ(from_epoch_millis(1692141038420).epoch_seconds(), 1692141038);
  EXPECT_EQ(from_epoch_auto(1692137422).epoch_millis(), 1692137422000);     // seconds
  EXPECT_EQ(from_epoch_auto(1692141038420).epoch_millis(), 1692141038420);  // milliseconds
}

TEST(Time, SecondsNanosObject) {
  EXPECT_EQ(from_seconds_nanos(1700000000, 250'000'000).epoch_millis(), 1700000000250);
  EXPECT_EQ(format_iso8601(from_seconds_nanos(0, 5'000'000)), "1970-01-01T00:00:00.005Z");
}

}  // namespace
}  // namespace cpt
