#include "cpt/core/redact.h"

#include <gtest/gtest.h>

namespace cpt {
namespace {

TEST(Redact, VinEmailSecretForms) {
  EXPECT_EQ(redact::vin("LRW3F7EK4NC701234"), "LRW\u20261234");
  EXPECT_EQ(redact::vin("short"), "\u2026");
  EXPECT_EQ(redact::vin_suffix("LRW3F7EK4NC701234"), "1234");
  EXPECT_EQ(redact::email("test-user@tesla.com"), "t\u2026@tesla.com");
  EXPECT_EQ(redact::email("not-an-email"), "[redacted email]");
  EXPECT_EQ(redact::secret("abcdef"), "[redacted, 6 chars]");
}

TEST(Redact, TextMasksVinsEmailsAndTokens) {
  const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl";
  std::string input = "vehicle 5YJ3E1EA2KF317000 of test-user@tesla.com failed with token " + jwt +
                      ".";
  std::string out = redact::text(input);
  EXPECT_EQ(out.find("5YJ3E1EA2KF317000"), std::string::npos);
  EXPECT_NE(out.find("5YJ\u20267000"), std::string::npos);
  EXPECT_EQ(out.find("test-user"), std::string::npos);
  EXPECT_EQ(out.find(jwt), std::string::npos);
  EXPECT_NE(out.find("[redacted,"), std::string::npos);
  EXPECT_TRUE(out.ends_with("."));
}

TEST(Redact, TextMasksSecretQueryValuesInUrls) {
  std::string out = redact::text(
      "GET https://api.example.com/cb?code=NA_abc123&state=xyz&lang=fi /api/1/vehicles/"
      "LRW3F7EK4NC701234/vehicle_data");
  EXPECT_EQ(out.find("NA_abc123"), std::string::npos);
  EXPECT_EQ(out.find("xyz"), std::string::npos);
  EXPECT_NE(out.find("code=[redacted]"), std::string::npos);
  EXPECT_NE(out.find("lang=fi"), std::string::npos);
  EXPECT_NE(out.find("/api/1/vehicles/LRW\u20261234/vehicle_data"), std::string::npos);
}

TEST(Redact, TextKeepsOrdinaryWords) {
  const std::string plain =
      "vehicle unavailable: vehicle is offline or asleep (HTTP 408, region eu)";
  EXPECT_EQ(redact::text(plain), plain);
}

}  // namespace
}  // namespace cpt
