// Verification of signed reports (JSON or PDF): what `cpt verify` and the service's public verify
// page run.
#pragma once

#include <string>
#include <string_view>

#include "cpt/report/key_set.h"
#include "cpt/report/signing.h"

namespace cpt::report {

enum class ReportFormat { json, pdf, unknown };
// "json", "pdf", "unknown".
std::string_view to_string(ReportFormat format);

// What a reader is told: genuine, or the one reason it is not.
enum class Authenticity {
  genuine,
  altered,          // changed after signing (content, signature or PDF pages)
  unknown_key,      // intact, but signed by a key the verifier does not trust
  expired_key,      // intact, but the key was not valid on the date the report gives
  unsigned_report,  // a report without a signature
  unreadable,       // neither a PDF nor a JSON report
};
// "genuine", "altered", "unknown_key", "expired_key", "unsigned", "unreadable".
std::string_view to_string(Authenticity verdict);

// What a signed report says about itself, read from its signed JSON. Value type.
struct ReportFacts {
  std::string generated_at;  // ISO 8601, the date the signature vouches for
  std::string vin_suffix;    // the VIN's last four characters
  std::string odometer;      // as the report displays it; "" when it holds none
  std::string language;      // the report's language code
};

// The verdict on one file. Value type.
struct Verification {
  bool valid = false;
  Authenticity authenticity = Authenticity::unreadable;
  ReportFormat format = ReportFormat::unknown;
  std::string reason;            // why it is invalid, or what was checked when valid
  std::string key_id;            // the key that signed (from the report)
  bool key_pinned = false;       // true when checked against a key the caller supplied
  std::string canonical_sha256;  // the report's fingerprint
  ReportFacts facts;             // filled whenever the signature verifies
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

// Verifies against a published key set: the signing key must be in the set (else unknown_key)
// and valid on the report's generation date (else expired_key), so reports signed before a key
// was retired keep verifying. An altered report is `altered` whatever its key.
Verification verify_report(std::string_view bytes, const KeySet& keys);

}  // namespace cpt::report
