#include "cpt/report/verify.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "cpt/report/pdf_signature.h"
#include "cpt/report/report_json.h"

namespace cpt::report {
namespace {

using nlohmann::json;

// A string member, or "" when absent or not a string (hostile input never throws).
std::string text_of(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Verification invalid(ReportFormat format, std::string reason) {
  Verification v;
  v.format = format;
  v.reason = std::move(reason);
  return v;
}

// The key to check with. The report's own public key must always be readable and match its key
// id (so no byte of the signature member goes unchecked); a pinned key must be that same key.
Result<VerifyKey> choose_key(const json& sig, const VerifyKey* pinned) {
  const std::string key_id = text_of(sig, "key_id");
  auto embedded = VerifyKey::from_pem(text_of(sig, "public_key"));
  if (!embedded) return fail(ErrorKind::invalid_argument, "the report's public key is unreadable");
  if (embedded->key_id() != key_id) {
    return fail(ErrorKind::invalid_argument, "the report's public key does not match its key id");
  }
  if (pinned && pinned->key_id() != key_id) {
    return fail(ErrorKind::invalid_argument,
                "signed by key " + key_id + ", not by the given key " + pinned->key_id());
  }
  return pinned ? *pinned : *embedded;
}

// The JSON check, and the key it used (for the PDF signature).
struct Checked {
  Verification verdict;
  std::optional<VerifyKey> key;
};

Checked check_json(std::string_view json_text, const VerifyKey* pinned) {
  const ReportFormat format = ReportFormat::json;
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return {invalid(format, "not a JSON report"), {}};
  auto sig_it = doc.find("signature");
  if (sig_it == doc.end() || !sig_it->is_object()) {
    return {invalid(format, "the report is not signed"), {}};
  }
  const json& sig = *sig_it;
  if (text_of(sig, "algorithm") != "ECDSA-P256-SHA256" ||
      text_of(sig, "canonicalization") != "cpt-c14n-1") {
    return {invalid(format, "unknown signature algorithm or canonicalization"), {}};
  }
  auto key = choose_key(sig, pinned);
  if (!key) return {invalid(format, key.error().log_message), {}};
  const std::string canonical = canonical_json(doc);
  Verification v;
  v.format = format;
  v.key_id = key->key_id();
  v.key_pinned = pinned != nullptr;
  v.canonical_sha256 = sha256_hex(canonical);
  if (text_of(sig, "sha256") != v.canonical_sha256) {
    v.reason = "the report content does not match its signature (hash differs)";
    return {v, {}};
  }
  auto der = base64_decode(text_of(sig, "value"));
  if (!der || !key->verify(canonical, *der)) {
    v.reason = "the signature does not verify against the report content";
    return {v, {}};
  }
  v.valid = true;
  v.reason = v.key_pinned ? "signature valid; signed by the given key"
                          : "signature valid; the key is the report's own (pass --key to check "
                            "who signed)";
  return {v, std::move(*key)};
}

}  // namespace

Verification verify_json_report(std::string_view json_text, const VerifyKey* pinned) {
  return check_json(json_text, pinned).verdict;
}

Verification verify_pdf_report(std::string_view pdf, const VerifyKey* pinned) {
  const ReportFormat format = ReportFormat::pdf;
  auto parts = read_signed_pdf(pdf);
  if (!parts) return invalid(format, parts.error().log_message);
  Checked checked = check_json(parts->json, pinned);
  Verification v = std::move(checked.verdict);
  v.format = format;
  if (!v.valid) {
    v.reason = "embedded report: " + v.reason;
    return v;
  }
  auto der = base64_decode(parts->pdf_signature);
  if (!der || !checked.key->verify(pdf_signed_message(parts->body, v.canonical_sha256), *der)) {
    v.valid = false;
    v.reason = "the PDF pages were altered after signing (PDF signature does not verify)";
    return v;
  }
  v.reason = "PDF and embedded report verified; " + v.reason;
  return v;
}

Verification verify_report(std::string_view bytes, const VerifyKey* pinned) {
  if (bytes.starts_with("%PDF-")) return verify_pdf_report(bytes, pinned);
  std::size_t i = 0;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  if (i < bytes.size() && bytes[i] == '{') return verify_json_report(bytes, pinned);
  return invalid(ReportFormat::unknown, "neither a PDF nor a JSON report");
}

}  // namespace cpt::report
