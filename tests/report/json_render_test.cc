#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cpt/report/renderers.h"
#include "cpt/report/report_json.h"
#include "cpt/report/verify.h"
#include "cpt/snapshot/sample.h"
#include "report/json_schema_check.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using nlohmann::json;

const SigningKey& test_key() {
  static const SigningKey key = *SigningKey::generate();
  return key;
}

json schema() {
  static const json parsed = json::parse(testing::read_repo_file("docs/report-schema.json"));
  return parsed;
}

class JsonSchemaConformance : public ::testing::TestWithParam<int> {};

TEST_P(JsonSchemaConformance, SignedReportValidatesAgainstTheDocumentedSchema) {
  const std::array samples = {snapshot::sample_eu_model3(), snapshot::sample_us_model_y(),
                              snapshot::sample_all_failed()};
  const auto language = kAllLanguages[static_cast<std::size_t>(GetParam()) % kAllLanguages.size()];
  for (const auto& s : samples) {
    auto text = render_json(build_report(s, language), &test_key());
    ASSERT_TRUE(text.has_value());
    const auto errors = testing::validate_json_schema(schema(), json::parse(*text));
    EXPECT_TRUE(errors.empty()) << errors.front();
  }
}

INSTANTIATE_TEST_SUITE_P(AllLanguages, JsonSchemaConformance, ::testing::Range(0, 9));

TEST(JsonSchemaCheck, RejectsAReportWithoutSchemaVersionOrWithAWrongType) {
  json doc = json::parse(*render_json(build_report(snapshot::sample_eu_model3(), {}), nullptr));
  ASSERT_TRUE(testing::validate_json_schema(schema(), doc).empty());
  json missing = doc;
  missing.erase("schema_version");
  EXPECT_EQ(testing::validate_json_schema(schema(), missing).front(), ": missing schema_version");
  json wrong = doc;
  wrong["sections"][0]["status"]["outcome"] = "great";
  EXPECT_FALSE(testing::validate_json_schema(schema(), wrong).empty());
  json money = doc;
  money["invoices"][0]["sha256"] = "XYZ";
  EXPECT_FALSE(testing::validate_json_schema(schema(), money).empty());
}

TEST(JsonRender, CarriesSchemaVersionCanonicalUnitsAndMoneyInMinorUnits) {
  const json doc =
      json::parse(*render_json(build_report(snapshot::sample_us_model_y(), {}), nullptr));
  EXPECT_EQ(doc["schema_version"], "1.0");
  EXPECT_EQ(doc["report"]["units"]["distance"], "mi");
  const json& battery = doc["sections"][2];
  ASSERT_EQ(battery["id"], "battery");
  const json& range = battery["fields"][2];
  EXPECT_EQ(range["key"], "battery.rated_range");
  EXPECT_EQ(range["unit"], "km");                           // canonical value in km ...
  EXPECT_DOUBLE_EQ(range["value"].get<double>(), 287.107);  // 178.4 mi, rounded to 4 decimals
  EXPECT_EQ(range["display"], "178 mi");                    // ... shown in miles
  const json& totals = doc["sections"][4]["tables"][0];
  ASSERT_EQ(totals["id"], "charging.totals");
  EXPECT_EQ(totals["rows"][0][0]["value"], "CAD");
  const json& charging_fee = totals["rows"][0][3];
  ASSERT_EQ(totals["columns"][3]["key"], "charging.charging_fees");
  EXPECT_EQ(charging_fee["value"]["currency"], "CAD");
  EXPECT_TRUE(charging_fee["value"]["minor"].is_number_integer());
}

TEST(JsonRender, CanonicalFormSortsKeysHasNoWhitespaceAndLeavesOutTheSignature) {
  json doc = json::parse(R"({"b": 1, "a": {"d": [1, 2], "c": "é"}, "signature": {"x": 1}})");
  EXPECT_EQ(canonical_json(doc), "{\"a\":{\"c\":\"\u00e9\",\"d\":[1,2]},\"b\":1}");
}

TEST(JsonRender, SameReportSameCanonicalBytes) {
  const auto s = snapshot::sample_eu_model3();
  const json a = report_to_json(build_report(s, Language::fi));
  const json b = report_to_json(build_report(s, Language::fi));
  EXPECT_EQ(canonical_json(a), canonical_json(b));
}

TEST(JsonVerify, SignedReportVerifiesWithItsOwnKeyAndWithThePinnedKey) {
  const auto text = *render_json(build_report(snapshot::sample_eu_model3(), {}), &test_key());
  const Verification own = verify_report(text, nullptr);
  EXPECT_TRUE(own.valid) << own.reason;
  EXPECT_FALSE(own.key_pinned);
  EXPECT_EQ(own.format, ReportFormat::json);
  EXPECT_EQ(own.key_id, test_key().key_id());
  const Verification pinned = verify_report(text, &test_key().public_key());
  EXPECT_TRUE(pinned.valid) << pinned.reason;
  EXPECT_TRUE(pinned.key_pinned);
}

TEST(JsonVerify, OneChangedByteInAValueIsCaught) {
  std::string text = *render_json(build_report(snapshot::sample_eu_model3(), {}), &test_key());
  const auto pos = text.find("\"Deep Blue Metallic\"");
  ASSERT_NE(pos, std::string::npos);
  text[pos + 1] = 'K';  // "Keep Blue Metallic"
  const Verification v = verify_report(text, &test_key().public_key());
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.reason, "the report content does not match its signature (hash differs)");
}

TEST(JsonVerify, EveryByteFlipInTheCompactFormIsCaught) {
  json doc = report_to_json(build_report(snapshot::sample_all_failed(), {}));
  ASSERT_TRUE(sign_json(doc, test_key()).has_value());
  const std::string compact = doc.dump();
  // Sample every 97th byte: flipping any of them must never still verify.
  for (std::size_t i = 0; i < compact.size(); i += 97) {
    std::string tampered = compact;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_FALSE(verify_report(tampered, &test_key().public_key()).valid) << "byte " << i;
  }
}

TEST(JsonVerify, ReportSignedByAnotherKeyFailsAgainstThePinnedKey) {
  const SigningKey other = *SigningKey::generate();
  const auto text = *render_json(build_report(snapshot::sample_eu_model3(), {}), &other);
  const Verification v = verify_report(text, &test_key().public_key());
  EXPECT_FALSE(v.valid);
  EXPECT_NE(v.reason.find("not by the given key"), std::string::npos);
}

TEST(JsonVerify, SwappedPublicKeyAndResignedHashAreCaught) {
  // An attacker edits the report and puts their own key in: the pinned key still says no.
  const SigningKey attacker = *SigningKey::generate();
  json doc = report_to_json(build_report(snapshot::sample_eu_model3(), {}));
  doc["report"]["order_id"] = "ord_FORGED";
  ASSERT_TRUE(sign_json(doc, attacker).has_value());
  EXPECT_TRUE(verify_report(doc.dump(), nullptr).valid);  // integrity alone holds ...
  EXPECT_FALSE(verify_report(doc.dump(), &test_key().public_key()).valid);  // ... not authorship
}

TEST(JsonVerify, UnsignedAndNonReportInputsAreInvalidWithAReason) {
  const auto text = *render_json(build_report(snapshot::sample_eu_model3(), {}), nullptr);
  EXPECT_EQ(verify_report(text, nullptr).reason, "the report is not signed");
  EXPECT_EQ(verify_report("hello", nullptr).reason, "neither a PDF nor a JSON report");
  EXPECT_EQ(verify_report("{not json", nullptr).reason, "not a JSON report");
}

TEST(SigningKey, PemRoundTripKeepsTheKeyId) {
  const auto& key = test_key();
  auto again = SigningKey::from_pem(key.private_pem());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->key_id(), key.key_id());
  auto pub = VerifyKey::from_pem(key.public_key().public_pem());
  ASSERT_TRUE(pub.has_value());
  EXPECT_EQ(pub->key_id(), key.key_id());
  EXPECT_EQ(key.key_id().size(), 16u);
  EXPECT_FALSE(VerifyKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
}

TEST(SigningKey, Base64RoundTrip) {
  for (const std::string& s :
       {std::string(), std::string("a"), std::string("ab"), std::string("abc"), std::string("abcd"),
        std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(*base64_decode(base64_encode(s)), s);
  }
  EXPECT_EQ(base64_encode("abc"), "YWJj");
  EXPECT_FALSE(base64_decode("abc").has_value());
}

}  // namespace
}  // namespace cpt::report
