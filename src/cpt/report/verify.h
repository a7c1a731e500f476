// Verification of signed reports (JSON or PDF): what `cpt verify` runs.
#pragma once

#include <string>
#include <string_view>

#include "cpt/report/signing.h"

namespace cpt::report {

enum class ReportFormat { json, pdf, unknown };

// The verdict on one file. Value type.
struct Verification {
  bool valid = false;
  ReportFormat format = ReportFormat::unknown;
  std::string reason;       // why it is invalid, or what was checked when valid
  std::string key_id;       // the key that signed (from the report)
  bool key_pinned = false;  // true when checked against a key the caller supplied
  std::string canonical_sha256;
};

// Checks a signed JSON report: the canonical form (see report_json.h) against the signature
// member. With `pinned`, the report must be signed by that key; without it, the public key the
// report carries is used, which proves integrity but not who signed.
Verification verify_json_report(std::string_view json_text, const VerifyKey* pinned);

// Checks a signed PDF: its embedded JSON report as above, the PDF signature over the bytes cairo
// wrote, and that the signed update is exactly what the renderer writes.
Verification verify_pdf_report(std::string_view pdf, const VerifyKey* pinned);

// Detects the format ("%PDF-" or JSON) and verifies.
Verification verify_report(std::string_view bytes, const VerifyKey* pinned);

}  // namespace cpt::report
