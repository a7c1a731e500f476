// Signed PDFs. cairo writes the PDF; signing appends one incremental update that embeds the
// signed JSON report as an attachment ("cpt-report.json"), rewrites the Info dictionary with the
// signature fields, and signs the PDF bytes that came before it. Internal to the report layer;
// callers use render_pdf() and verify_report().
#pragma once

#include <string>
#include <string_view>

#include "cpt/core/error.h"
#include "cpt/report/report_model.h"
#include "cpt/report/signing.h"

namespace cpt::report {

// The comment line that opens the signed update.
inline constexpr std::string_view kSignedUpdateMarker = "%CPT-SIGNED-UPDATE 1\n";

// Appends the signed update to cairo's `pdf`.
Result<std::string> sign_pdf(std::string pdf, const Report& report, const SigningKey& key);

// The parts of a signed PDF, after checking that everything from the marker on is exactly what
// sign_pdf writes for them (so no byte of the update can change unnoticed).
struct SignedPdf {
  std::string_view body;      // the PDF as cairo wrote it, up to the marker
  std::string json;           // the embedded signed JSON report
  std::string pdf_signature;  // base64 DER over pdf_signed_message()
};
Result<SignedPdf> read_signed_pdf(std::string_view pdf);

// What the PDF signature covers: the body's SHA-256 and the canonical JSON's SHA-256.
std::string pdf_signed_message(std::string_view body, std::string_view canonical_sha256_hex);

}  // namespace cpt::report
