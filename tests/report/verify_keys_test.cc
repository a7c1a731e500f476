// Verification against a published key set (rotation, unknown and expired keys), the key set's
// JSON, the QR code and the verification block on the PDF's first and last page.
#include <gtest/gtest.h>

#include <filesystem>

#include "cpt/report/key_set.h"
#include "cpt/report/pdf_verification.h"
#include "cpt/report/qr.h"
#include "cpt/report/renderers.h"
#include "cpt/report/verify.h"
#include "cpt/snapshot/sample.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using testing::run;
using testing::TempFile;

SigningKey fresh_key() {
  auto key = SigningKey::generate();
  EXPECT_TRUE(key.has_value());
  return std::move(*key);
}

Timestamp at(std::string_view iso) {
  return *parse_iso8601(iso);
}

// A report of the EU sample generated at `when`.
Report report_at(std::string_view when, Language language = Language::en) {
  ReportOptions options(language);
  options.generated_at = at(when);
  return build_report(snapshot::sample_eu_model3(), options);
}

// The old key signed until the end of June 2026, the new one from July 2026 on.
struct Rotation {
  SigningKey old_key = fresh_key();
  SigningKey new_key = fresh_key();
  KeySet keys;
  Rotation() {
    keys.add({old_key.public_key(), at("2026-01-01T00:00:00Z"), at("2026-06-30T23:59:59Z")});
    keys.add({new_key.public_key(), at("2026-07-01T00:00:00Z"), std::nullopt});
  }
};

TEST(KeySetVerify, ReportsOfTheRetiredKeyStayGenuineAfterRotation) {
  Rotation r;
  const auto old_report = *render_json(report_at("2026-05-10T09:00:00Z"), &r.old_key);
  const Verification v = verify_report(old_report, r.keys);
  EXPECT_TRUE(v.valid) << v.reason;
  EXPECT_EQ(v.authenticity, Authenticity::genuine);
  EXPECT_EQ(v.key_id, r.old_key.key_id());
  EXPECT_EQ(v.facts.generated_at, "2026-05-10T09:00:00Z");
  EXPECT_EQ(v.facts.vin_suffix, snapshot::sample_eu_model3().vin.substr(13));
  EXPECT_FALSE(v.facts.odometer.empty());
  const auto new_pdf = *render_pdf(report_at("2026-08-01T12:00:00Z"), &r.new_key);
  const Verification p = verify_report(new_pdf, r.keys);
  EXPECT_TRUE(p.valid) << p.reason;
  EXPECT_EQ(p.format, ReportFormat::pdf);
  EXPECT_EQ(p.key_id, r.new_key.key_id());
}

TEST(KeySetVerify, ARetiredKeySigningAfterItsPeriodIsAnExpiredKey) {
  Rotation r;
  for (const std::string& bytes : {*render_json(report_at("2026-09-01T00:00:00Z"), &r.old_key),
                                   *render_pdf(report_at("2026-09-01T00:00:00Z"), &r.old_key)}) {
    const Verification v = verify_report(bytes, r.keys);
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.authenticity, Authenticity::expired_key);
    EXPECT_EQ(v.reason, "key " + r.old_key.key_id() +
                            " was not valid on 2026-09-01T00:00:00Z, the report's generation date");
  }
  // Before the new key's period began, too.
  const auto early = *render_json(report_at("2026-03-01T00:00:00Z"), &r.new_key);
  EXPECT_EQ(verify_report(early, r.keys).authenticity, Authenticity::expired_key);
}

TEST(KeySetVerify, AKeyOutsideTheSetIsUnknownAndAChangedDigitIsAltered) {
  Rotation r;
  const SigningKey stranger = fresh_key();
  const auto json = *render_json(report_at("2026-08-01T00:00:00Z"), &stranger);
  const Verification unknown = verify_report(json, r.keys);
  EXPECT_EQ(unknown.authenticity, Authenticity::unknown_key);
  EXPECT_EQ(unknown.key_id, stranger.key_id());
  // Altered wins over unknown: a changed report is "changed", whoever signed it.
  std::string changed = *render_json(report_at("2026-08-01T00:00:00Z"), &r.new_key);
  const auto digit = changed.find("\"generated_at\": \"2026-08-01") + 20;
  changed[digit] = '7';  // 2026 -> 2027
  EXPECT_EQ(verify_report(changed, r.keys).authenticity, Authenticity::altered);
  std::string stranger_changed = json;
  stranger_changed[json.find("\"generated_at\": \"2026-08-01") + 20] = '7';
  EXPECT_EQ(verify_report(stranger_changed, r.keys).authenticity, Authenticity::altered);
}

TEST(KeySetVerify, UnsignedAndUnreadableFilesSaySo) {
  Rotation r;
  EXPECT_EQ(
      verify_report(*render_json(report_at("2026-08-01T00:00:00Z"), nullptr), r.keys).authenticity,
      Authenticity::unsigned_report);
  EXPECT_EQ(
      verify_report(*render_pdf(report_at("2026-08-01T00:00:00Z"), nullptr), r.keys).authenticity,
      Authenticity::unsigned_report);
  EXPECT_EQ(verify_report("GIF89a", r.keys).authenticity, Authenticity::unreadable);
  EXPECT_EQ(verify_report("{ not json", r.keys).authenticity, Authenticity::unreadable);
}

TEST(KeySetJson, RoundTripsIdsKeysAndPeriods) {
  Rotation r;
  auto parsed = KeySet::from_json(r.keys.to_json());
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  ASSERT_EQ(parsed->keys().size(), 2u);
  const PublishedKey* old_key = parsed->find(r.old_key.key_id());
  ASSERT_NE(old_key, nullptr);
  EXPECT_EQ(format_iso8601(*old_key->not_after), "2026-06-30T23:59:59Z");
  EXPECT_FALSE(parsed->find(r.new_key.key_id())->not_after.has_value());
  EXPECT_EQ(parsed->find("0000000000000000"), nullptr);
}

TEST(KeySetJson, AnEntryWhoseIdDoesNotMatchItsKeyIsRefused) {
  Rotation r;
  std::string text = r.keys.to_json();
  const auto id = text.find(r.old_key.key_id());
  text[id] = text[id] == '0' ? '1' : '0';
  const auto parsed = KeySet::from_json(text);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().log_message, "key set entry 0: key_id does not match its public key");
  EXPECT_FALSE(KeySet::from_json(R"({"keys": [{"public_key": "x"}]})").has_value());
  EXPECT_FALSE(KeySet::from_json("[]").has_value());
}

// The three 7x7 finder patterns: a dark ring, a light ring and a dark 3x3 core.
bool finder_at(const QrMatrix& qr, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (qr.at(x0 + x, y0 + y) != (ring || core)) return false;
    }
  }
  return true;
}

TEST(Qr, AVerifyUrlBecomesAVersion4SymbolWithItsFinderPatterns) {
  auto qr = encode_qr("http://127.0.0.1:8080/verify?fp=0123456789abcdef");
  ASSERT_TRUE(qr.has_value());
  EXPECT_EQ(qr->size, 33);  // 48 bytes at level M need version 4 (17 + 4 * 4 modules)
  EXPECT_TRUE(finder_at(*qr, 0, 0));
  EXPECT_TRUE(finder_at(*qr, qr->size - 7, 0));
  EXPECT_TRUE(finder_at(*qr, 0, qr->size - 7));
  EXPECT_FALSE(finder_at(*qr, qr->size - 7, qr->size - 7));
  EXPECT_FALSE(encode_qr("").has_value());
  EXPECT_FALSE(encode_qr(std::string(4000, 'x')).has_value());
}

TEST(PdfVerification, FirstAndLastPageCarryTheFingerprintAndTheConfiguredVerifyUrl) {
  Report report = report_at("2026-08-01T00:00:00Z", Language::de);
  report.verify_base_url = "https://reports.example.com/";
  const VerificationMark mark = verification_mark(report);
  EXPECT_EQ(mark.verify_url,
            "https://reports.example.com/verify?fp=" + mark.fingerprint.substr(0, 16));
  const SigningKey key = fresh_key();
  const auto pdf = render_pdf(report, &key);
  ASSERT_TRUE(pdf.has_value());
  // The fingerprint on the page is the one the signature covers.
  EXPECT_EQ(verify_report(*pdf, &key.public_key()).canonical_sha256, mark.fingerprint);
  TempFile file("verification.pdf", *pdf);
  const std::string pages = run("pdfinfo '" + file.path() + "' | sed -n 's/^Pages: *//p'");
  const int last = std::stoi(pages);
  ASSERT_GT(last, 1);
  for (int page : {1, last}) {
    const std::string text = run("pdftotext -f " + std::to_string(page) + " -l " +
                                 std::to_string(page) + " '" + file.path() + "' -");
    EXPECT_NE(text.find(mark.verify_url), std::string::npos) << "page " << page;
    EXPECT_NE(text.find(mark.fingerprint), std::string::npos) << "page " << page;
    EXPECT_NE(text.find("Diesen Bericht prüfen"), std::string::npos) << "page " << page;
  }
  const std::string middle = run("pdftotext -f 2 -l 2 '" + file.path() + "' -");
  if (last > 2) {
    EXPECT_EQ(middle.find(mark.verify_url), std::string::npos);
  }
}

TEST(PdfVerification, TheQrCodeOnThePageReadsBackAsTheVerifyUrl) {
  if (run("command -v zbarimg").empty()) GTEST_SKIP() << "zbarimg (zbar-tools) missing";
  const Report report = report_at("2026-08-01T00:00:00Z", Language::fi);
  const VerificationMark mark = verification_mark(report);
  TempFile file("qr.pdf", *render_pdf(report, nullptr));
  // 100 dpi: a module is 2.5 pixels, less than a phone camera sees of a printed page.
  run("pdftoppm -f 1 -l 1 -r 100 -png '" + file.path() + "' '" + file.path() + "-page'");
  const std::string decoded = run("zbarimg -q --raw '" + file.path() + "-page-1.png'");
  std::filesystem::remove(file.path() + "-page-1.png");
  EXPECT_EQ(decoded, mark.verify_url + "\n");
}

TEST(PdfVerification, AnUnsignedPdfStillNamesWhereToCheckIt) {
  const Report report = report_at("2026-08-01T00:00:00Z");
  TempFile file("unsigned.pdf", *render_pdf(report, nullptr));
  const std::string text = run("pdftotext '" + file.path() + "' -");
  EXPECT_NE(text.find(std::string(kDefaultVerifyBaseUrl) + "/verify?fp="), std::string::npos);
}

}  // namespace
}  // namespace cpt::report
