// libFuzzer target: the signed PDF reader (pdf_signature.h) and the PDF verification over it.
// Seeds are signed PDFs; mutations hit the signed update (marker, lengths, the embedded JSON, the
// signature field) and the body it covers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cpt/report/pdf_signature.h"
#include "fuzz_verify_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view pdf(reinterpret_cast<const char*>(data), size);
  const auto signed_pdf = cpt::report::read_signed_pdf(pdf);
  if (signed_pdf) {
    // The body is exactly what precedes the (last) marker, and the update holds the JSON.
    cpt::fuzz::check(pdf.starts_with(signed_pdf->body));
    cpt::fuzz::check(
        pdf.substr(signed_pdf->body.size()).starts_with(cpt::report::kSignedUpdateMarker));
    cpt::fuzz::check(signed_pdf->json.size() < pdf.size() - signed_pdf->body.size());
  } else {
    const auto kind = signed_pdf.error().kind;
    cpt::fuzz::check(kind == cpt::ErrorKind::malformed || kind == cpt::ErrorKind::invalid_argument);
  }
  const cpt::report::Verification v = cpt::report::verify_pdf_report(pdf, nullptr);
  cpt::fuzz::check_verdict(v);
  // A PDF whose signed update cannot be read can never be genuine.
  if (!signed_pdf) cpt::fuzz::check(!v.valid);
  cpt::fuzz::check_verifications(pdf);
  return 0;
}
