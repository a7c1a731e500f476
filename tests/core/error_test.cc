#include "cpt/core/error.h"

#include <gtest/gtest.h>

namespace cpt {
namespace {

Result<int> halve(int value) {
  if (value % 2 != 0) return fail(ErrorKind::invalid_argument, "odd value " + std::to_string(value));
  return value / 2;
}

TEST(Error, ResultCarriesValueOrError) {
  EXPECT_EQ(halve(8).value(), 4);
  auto odd = halve(3);
  ASSERT_FALSE(odd.has_value());
  EXPECT_EQ(odd.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(odd.error().log_message, "odd value 3");
}

TEST(Error, UserMessageDefaultsToSafeTextForKind) {
  Error error = make_error(ErrorKind::vehicle_unavailable, "408 from eu host");
  EXPECT_EQ(error.user_message, "The vehicle is asleep or offline.");
  Error custom = make_error(ErrorKind::vehicle_unavailable, "log", "Wake the car first.");
  EXPECT_EQ(custom.user_message, "Wake the car first.");
}

TEST(Error, MetadataHoldsHttpStatusAndDescribeListsIt) {
  Error error = make_error(ErrorKind::rate_limited, "429").with("http_status", "429").with(
      "retry_after_s", "37");
  EXPECT_EQ(error.http_status(), 429);
  EXPECT_EQ(error.get("retry_after_s"), "37");
  EXPECT_FALSE(error.get("region").has_value());
  EXPECT_EQ(error.describe(), "rate_limited: 429 http_status=429 retry_after_s=37");
}

TEST(Error, HttpStatusIgnoresGarbage) {
  Error error = make_error(ErrorKind::server, "x").with("http_status", "5x0");
  EXPECT_FALSE(error.http_status().has_value());
}

TEST(Error, EveryKindHasAName) {
  for (int k = 0; k <= static_cast<int>(ErrorKind::internal); ++k) {
    auto kind = static_cast<ErrorKind>(k);
    EXPECT_FALSE(to_string(kind).empty());
    EXPECT_FALSE(default_user_message(kind).empty());
  }
  EXPECT_EQ(to_string(ErrorKind::region_not_registered), "region_not_registered");
}

}  // namespace
}  // namespace cpt
