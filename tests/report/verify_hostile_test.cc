// Hostile files on the verify path, pinned by what fuzzing found (fuzz/fuzz_pdf_signature.cc,
// fuzz/fuzz_verify_json.cc): each is refused for the right reason, without undefined behaviour
// (the ASan+UBSan build runs these too).
#include <gtest/gtest.h>

#include <string>

#include "cpt/core/time.h"
#include "cpt/report/pdf_signature.h"
#include "cpt/report/renderers.h"
#include "cpt/report/verify.h"
#include "cpt/snapshot/sample.h"

namespace cpt::report {
namespace {

// A signed PDF of the EU sample whose cairo trailer (the one the signed update chains to) now
// says `/Size <size>`.
std::string pdf_with_trailer_size(std::string_view size) {
  const SigningKey key = *SigningKey::generate();
  ReportOptions options(Language::en);
  options.generated_at = *parse_iso8601("2026-08-01T12:00:00Z");
  std::string pdf = *render_pdf(build_report(snapshot::sample_eu_model3(), options), &key);
  const auto marker = pdf.rfind(kSignedUpdateMarker);
  const auto trailer = pdf.rfind("trailer", marker);
  const auto at = pdf.find("/Size ", trailer) + 6;
  const auto end = pdf.find_first_not_of("0123456789", at);
  EXPECT_LT(end, marker);
  return pdf.replace(at, end - at, size);
}

TEST(VerifyHostile, TrailerSizeNearLongMaxIsRefusedAsForeignTrailer) {
  // /Size LONG_MAX made the rebuilt update number its objects past LONG_MAX (signed overflow).
  const std::string pdf = pdf_with_trailer_size("9223372036854775807");
  const auto read = read_signed_pdf(pdf);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().kind, ErrorKind::malformed);
  EXPECT_EQ(read.error().log_message, "PDF trailer is not one this renderer writes");
  const Verification v = verify_report(pdf, nullptr);
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.authenticity, Authenticity::altered);
}

TEST(VerifyHostile, TrailerObjectNumbersOutsidePdfLimitsAreRefused) {
  for (const std::string_view size : {"0", "8388608", "-5"}) {
    const auto read = read_signed_pdf(pdf_with_trailer_size(size));
    ASSERT_FALSE(read.has_value()) << size;
    EXPECT_EQ(read.error().log_message, "PDF trailer is not one this renderer writes") << size;
  }
}

}  // namespace
}  // namespace cpt::report
