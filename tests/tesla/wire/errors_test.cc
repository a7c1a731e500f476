// Error bodies: JSON envelopes, OAuth errors, plain text and empty bodies; never a failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpt/tesla/wire/errors.h"

namespace cpt::tesla::wire {
namespace {

using ::testing::ElementsAre;

TEST(ErrorBody, EmptyAndBlankBodiesAreEmpty) {
  for (std::string_view body : {"", "  \r\n"}) {
    auto e = parse_error_body(body);
    EXPECT_TRUE(e.empty);
    EXPECT_FALSE(e.json);
    EXPECT_FALSE(e.error.has_value());
    EXPECT_FALSE(e.text.has_value());
  }
}

TEST(ErrorBody, PlainText429GivesTheRetrySeconds) {
  auto e = parse_error_body("Retry in 37829 seconds\n");
  EXPECT_FALSE(e.empty);
  EXPECT_FALSE(e.json);
  EXPECT_EQ(e.text, "Retry in 37829 seconds");
  EXPECT_EQ(e.retry_after_seconds, 37829);
}

TEST(ErrorBody, ReadsTheMessagesMap) {
  auto e = parse_error_body(R"({"response":null,"error":"invalid_resource",
      "error_description":"Validation failed",
      "messages":{"vin":["is invalid","is required"],"name":"is too long","x":null}})");
  EXPECT_TRUE(e.json);
  EXPECT_EQ(e.error, "invalid_resource");
  EXPECT_EQ(e.error_description, "Validation failed");
  ASSERT_EQ(e.messages.size(), 3u);
  EXPECT_THAT(e.messages.at("vin"), ElementsAre("is invalid", "is required"));
  EXPECT_THAT(e.messages.at("name"), ElementsAre("is too long"));
  EXPECT_TRUE(e.messages.at("x").empty());
}

TEST(ErrorBody, ReadsOAuthErrors) {
  auto e = parse_error_body(R"({"error":"invalid_auth_code",
      "error_description":"The authorization code is invalid or expired",
      "error_uri":"https://auth.tesla.com/oauth2/v3/errors#invalid_auth_code"})");
  EXPECT_EQ(e.error, "invalid_auth_code");
  EXPECT_EQ(e.error_uri, "https://auth.tesla.com/oauth2/v3/errors#invalid_auth_code");
  EXPECT_FALSE(e.base_url.has_value());
}

TEST(ErrorBody, FindsTheBaseUrlInTheDescriptionToo) {
  auto e = parse_error_body(
      R"({"error":"misdirected","error_description":"use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com/"})");
  EXPECT_EQ(e.base_url, "https://fleet-api.prd.eu.vn.cloud.tesla.com");
}

TEST(ErrorBody, WrongTypedFieldsAreSkipped) {
  auto e = parse_error_body(R"({"error":{"code":7},"error_description":42,"messages":"none"})");
  EXPECT_TRUE(e.json);
  EXPECT_FALSE(e.error.has_value());
  EXPECT_EQ(e.error_description, "42");
  EXPECT_TRUE(e.messages.empty());
}

TEST(ErrorBody, KeepsABoundedValidTextOfHtmlPages) {
  std::string page = "<html>" + std::string(10000, 'x') + "\xff</html>";
  auto e = parse_error_body(page);
  ASSERT_TRUE(e.text.has_value());
  EXPECT_EQ(e.text->size(), 4096u);
  EXPECT_TRUE(e.text->starts_with("<html>xxx"));
  auto bad = parse_error_body("bad \xff byte");
  EXPECT_EQ(bad.text, "bad \uFFFD byte");
}

TEST(ErrorBody, AJsonStringBodyIsText) {
  auto e = parse_error_body(R"("Retry in 5 seconds")");
  EXPECT_EQ(e.text, "Retry in 5 seconds");
  EXPECT_EQ(e.retry_after_seconds, 5);
}

TEST(BaseUrlIn, StopsAtCommaSpaceOrQuote) {
  EXPECT_EQ(base_url_in("use base URL: https://a.tesla.com, see x"), "https://a.tesla.com");
  EXPECT_EQ(base_url_in("use base URL: https://a.tesla.com see x"), "https://a.tesla.com");
  EXPECT_EQ(base_url_in("use base URL: https://a.tesla.com\"}"), "https://a.tesla.com");
  EXPECT_EQ(base_url_in("USE BASE URL:   https://a.tesla.com."), "https://a.tesla.com");
  EXPECT_FALSE(base_url_in("use base URL: ftp://a.tesla.com").has_value());
  EXPECT_FALSE(base_url_in("use base URL: ").has_value());
  EXPECT_FALSE(base_url_in("user out of region").has_value());
}

TEST(RetrySecondsIn, NeedsANumberAndSeconds) {
  EXPECT_EQ(retry_seconds_in("retry in 1 second"), 1);
  EXPECT_EQ(retry_seconds_in("Please retry in 60 seconds."), 60);
  EXPECT_FALSE(retry_seconds_in("Retry in abc seconds").has_value());
  EXPECT_FALSE(retry_seconds_in("Retry in 5 minutes").has_value());
  EXPECT_FALSE(retry_seconds_in("Retry in 99999999999999999999 seconds").has_value());
  EXPECT_FALSE(retry_seconds_in("Retry in").has_value());
}

}  // namespace
}  // namespace cpt::tesla::wire
