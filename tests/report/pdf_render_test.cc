#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdlib>

#include "cpt/report/renderers.h"
#include "cpt/report/verify.h"
#include "cpt/snapshot/sample.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using testing::run;
using testing::TempFile;

const SigningKey& test_key() {
  static const SigningKey key = *SigningKey::generate();
  return key;
}

// The value pdfinfo prints for a key ("Title"), without its padding.
std::string info_value(const std::string& info, const std::string& key) {
  std::size_t start = 0;
  while (start < info.size()) {
    const std::size_t end = std::min(info.find('\n', start), info.size());
    const std::string_view line(info.data() + start, end - start);
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
      const auto value = line.find_first_not_of(' ', key.size() + 1);
      return std::string(line.substr(value == std::string_view::npos ? line.size() : value));
    }
    start = end + 1;
  }
  return {};
}

int page_count(const std::string& path) {
  const std::string info = run("pdfinfo '" + path + "'");
  const auto at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

// A thread that rendered keeps its font map (and every font it used) until it lets it go.
TEST(PdfRender, AThreadLetsGoOfItsFontMap) {
  auto report = build_report(snapshot::sample_eu_model3(), {});
  ASSERT_TRUE(render_pdf(report).has_value());
  PangoFontMap* used = pango_cairo_font_map_get_default();
  EXPECT_EQ(pango_cairo_font_map_get_default(), used) << "kept while not let go";
  g_object_ref(used);  // so that a new map cannot reuse its address
  release_thread_render_caches();
  PangoFontMap* fresh = pango_cairo_font_map_get_default();
  EXPECT_NE(fresh, used);
  g_object_unref(used);
  ASSERT_TRUE(render_pdf(report).has_value()) << "a PDF after the release builds the map again";
}

TEST(PdfRender, FullReportHasSeveralA4PagesWithNumbersAndTheWholeVin) {
  const auto pdf = render_pdf(build_report(snapshot::sample_eu_model3(), {}), nullptr);
  ASSERT_TRUE(pdf.has_value());
  TempFile file("full.pdf", *pdf);
  EXPECT_GT(page_count(file.path()), 1);
  EXPECT_NE(run("pdfinfo '" + file.path() + "'").find("595.276 x 841.89 pts (A4)"),
            std::string::npos);
  const std::string text = run("pdftotext -layout '" + file.path() + "' -");
  // One VIN form: whole everywhere (a buyer matches it to the car), never masked.
  EXPECT_NE(text.find(snapshot::sample_eu_model3().vin), std::string::npos);
  EXPECT_EQ(text.find("LRW\u2026"), std::string::npos);
  EXPECT_NE(text.find("Page 1 of"), std::string::npos);
  EXPECT_NE(text.find("Car Pulse Tracker"), std::string::npos);
  EXPECT_NE(text.find("Energy charged per month"), std::string::npos);
}

// Page one is the vehicle passport in the reader's language; the details start on page two. The
// PDF is also kept in $CPT_TEST_KEEP_DIR when set (to look at page one).
TEST(PdfRender, PageOneIsThePassportInTheReadersLanguage) {
  for (Language language : {Language::fi, Language::de}) {
    const auto pdf = render_pdf(build_report(snapshot::sample_eu_model3(), language), nullptr);
    ASSERT_TRUE(pdf.has_value());
    const std::string name = "passport-" + std::string(to_string(language)) + ".pdf";
    TempFile file(name, *pdf);
    if (const char* keep = std::getenv("CPT_TEST_KEEP_DIR")) {
      run("cp '" + file.path() + "' '" + std::string(keep) + "/" + name + "'");
    }
    const std::string one = run("pdftotext -f 1 -l 1 '" + file.path() + "' -");
    const std::string two = run("pdftotext -f 2 -l 2 '" + file.path() + "' -");
    const Catalog& c = Catalog::get(language);
    for (auto key :
         {"section.summary", "table.summary.verdicts", "area.battery", "area.warranty"}) {
      EXPECT_NE(one.find(std::string(c.text(key))), std::string::npos) << key;
    }
    const std::string options(c.text("table.identity.options"));
    EXPECT_EQ(one.find(options), std::string::npos);
    EXPECT_NE(two.find(options), std::string::npos);
  }
}

// A Basic report shows what it has: no empty "not included" boxes, one closing line.
TEST(PdfRender, BasicReportShowsWhatItHasAndOneClosingLine) {
  auto s = snapshot::sample_eu_model3();
  s.provenance.package = snapshot::Package::basic;
  const Report report = build_report(s, Language::en);
  const auto pdf = render_pdf(report, nullptr);
  ASSERT_TRUE(pdf.has_value());
  TempFile file("basic.pdf", *pdf);
  if (const char* keep = std::getenv("CPT_TEST_KEEP_DIR")) {
    run("cp '" + file.path() + "' '" + std::string(keep) + "/basic.pdf'");
  }
  std::string text = run("pdftotext '" + file.path() + "' -");
  std::replace(text.begin(), text.end(), '\n', ' ');
  EXPECT_EQ(text.find("Not included"), std::string::npos);
  EXPECT_EQ(text.find("Not in package"), std::string::npos);
  EXPECT_NE(text.find("This is a Basic report."), std::string::npos);
  EXPECT_NE(text.find("Battery health (estimate)"), std::string::npos);  // in every package
  EXPECT_EQ(text.find("Tyre pressures"), std::string::npos);             // a Pro section
  const std::string html = render_html(report);
  EXPECT_EQ(html.find("Not included"), std::string::npos);
  EXPECT_NE(html.find("This is a Basic report."), std::string::npos);
}

TEST(PdfRender, TextIsInTheReportsLanguageAndUnits) {
  const auto pdf = render_pdf(build_report(snapshot::sample_us_model_y(), Language::fr), nullptr);
  TempFile file("fr.pdf", *pdf);
  const std::string text = run("pdftotext '" + file.path() + "' -");
  EXPECT_NE(text.find("Batterie et autonomie"), std::string::npos);
  EXPECT_NE(text.find("178 mi"), std::string::npos);  // pdftotext writes no-break spaces as spaces
}

TEST(PdfRender, SameReportSameBytesAndMetadataCarriesTheGenerationTime) {
  const Report report = build_report(snapshot::sample_eu_model3(), {});
  const auto a = render_pdf(report, nullptr);
  const auto b = render_pdf(report, nullptr);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  TempFile file("meta.pdf", *a);
  const std::string info = run("pdfinfo -isodates '" + file.path() + "'");
  EXPECT_EQ(info_value(info, "CreationDate"), "2026-02-20T10:16:00Z");
  EXPECT_EQ(info_value(info, "Title"),
            "Car Pulse Tracker \u2013 Vehicle report \u2013 LRW3E7EK9PC917364");
}

TEST(PdfRender, AllFailedReportRendersAndSaysWhy) {
  const auto pdf = render_pdf(build_report(snapshot::sample_all_failed(), {}), nullptr);
  ASSERT_TRUE(pdf.has_value());
  TempFile file("failed.pdf", *pdf);
  const std::string text = run("pdftotext '" + file.path() + "' -");
  EXPECT_NE(text.find("The vehicle was asleep or offline."), std::string::npos);
  EXPECT_EQ(text.find("HTTP"), std::string::npos);
  EXPECT_NE(text.find("the request failed."), std::string::npos);
}

TEST(PdfSignature, SignedPdfVerifiesAndCarriesTheReportAsAnAttachment) {
  const auto pdf = render_pdf(build_report(snapshot::sample_eu_model3(), {}), &test_key());
  ASSERT_TRUE(pdf.has_value());
  const Verification v = verify_report(*pdf, &test_key().public_key());
  EXPECT_TRUE(v.valid) << v.reason;
  EXPECT_EQ(v.format, ReportFormat::pdf);
  TempFile file("signed.pdf", *pdf);
  EXPECT_NE(run("pdfdetach -list '" + file.path() + "'").find("cpt-report.json"),
            std::string::npos);
  const std::string info = run("pdfinfo -custom '" + file.path() + "'");
  EXPECT_NE(info.find("CPTReportKeyId"), std::string::npos);
  EXPECT_NE(info.find(test_key().key_id()), std::string::npos);
  EXPECT_GT(page_count(file.path()), 1);  // the appended update keeps the PDF readable
  EXPECT_NE(run("pdftotext '" + file.path() + "' -")
                .find("Digitally signed (ECDSA P-256), key " + test_key().key_id()),
            std::string::npos);
}

TEST(PdfSignature, OneChangedByteAnywhereIsCaught) {
  const std::string pdf = *render_pdf(build_report(snapshot::sample_us_model_y(), {}), &test_key());
  // In the pages cairo wrote, in the embedded report, and in the signed update's trailer.
  const std::size_t in_page = pdf.find("stream\n") + 20;  // the first page's content stream
  const std::size_t in_info = pdf.find("/Producer") + 3;
  const std::size_t in_json = pdf.find("Road Runner", pdf.find("%CPT-SIGNED-UPDATE"));
  const std::size_t in_trailer = pdf.rfind("/Prev") + 7;
  for (std::size_t at : {in_page, in_info, in_json, in_trailer, pdf.size() - 3}) {
    std::string tampered = pdf;
    tampered[at] = static_cast<char>(tampered[at] ^ 0x04);
    const Verification v = verify_report(tampered, &test_key().public_key());
    EXPECT_FALSE(v.valid) << "byte " << at;
  }
  std::string body = pdf;
  body[in_page] = static_cast<char>(body[in_page] ^ 0x04);
  EXPECT_EQ(verify_report(body, nullptr).reason,
            "the PDF pages were altered after signing (PDF signature does not verify)");
}

TEST(PdfSignature, UnsignedOrExtendedPdfIsInvalid) {
  const std::string unsigned_pdf =
      *render_pdf(build_report(snapshot::sample_eu_model3(), {}), nullptr);
  EXPECT_EQ(verify_report(unsigned_pdf, nullptr).reason,
            "the PDF carries no Car Pulse Tracker signature");
  std::string extended =
      *render_pdf(build_report(snapshot::sample_eu_model3(), {}), &test_key()) + "% edited\n";
  EXPECT_EQ(verify_report(extended, nullptr).reason,
            "the signed section of the PDF was altered or extended");
}

}  // namespace
}  // namespace cpt::report
