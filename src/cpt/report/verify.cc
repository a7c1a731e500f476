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

Verification invalid(ReportFormat format, Authenticity verdict, std::string reason) {
  Verification v;
  v.format = format;
  v.authenticity = verdict;
  v.reason = std::move(reason);
  return v;
}

// The facts the verify page repeats, from a document whose signature verified.
ReportFacts facts_of(const json& doc) {
  ReportFacts facts;
  const json& header = doc.contains("report") ? doc["report"] : json::object();
  facts.generated_at = text_of(header, "generated_at");
  facts.language = text_of(header, "language");
  const std::string vin =
      header.contains("vehicle") ? text_of(header["vehicle"], "vin") : std::string();
  facts.vin_suffix = vin.size() > 4 ? vin.substr(vin.size() - 4) : vin;
  const auto sections = doc.find("sections");
  if (sections == doc.end() || !sections->is_array()) return facts;
  for (const json& section : *sections) {
    const auto fields = section.is_object() ? section.find("fields") : section.end();
    if (!section.is_object() || fields == section.end() || !fields->is_array()) continue;
    for (const json& field : *fields) {
      if (text_of(field, "key") == "condition.odometer") facts.odometer = text_of(field, "display");
    }
  }
  return facts;
}

// A failed key choice: a pinned key that is not the signer's is a trust question, anything else
// means the signature member was changed.
Authenticity authenticity_of_key_failure(const json& sig, const VerifyKey* pinned) {
  return pinned && pinned->key_id() != text_of(sig, "key_id") ? Authenticity::unknown_key
                                                              : Authenticity::altered;
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
  if (doc.is_discarded() || !doc.is_object()) {
    return {invalid(format, Authenticity::unreadable, "not a JSON report"), {}};
  }
  auto sig_it = doc.find("signature");
  if (sig_it == doc.end() || !sig_it->is_object()) {
    return {invalid(format, Authenticity::unsigned_report, "the report is not signed"), {}};
  }
  const json& sig = *sig_it;
  if (text_of(sig, "algorithm") != "ECDSA-P256-SHA256" ||
      text_of(sig, "canonicalization") != "cpt-c14n-1") {
    return {
        invalid(format, Authenticity::altered, "unknown signature algorithm or canonicalization"),
        {}};
  }
  auto key = choose_key(sig, pinned);
  if (!key)
    return {invalid(format, authenticity_of_key_failure(sig, pinned), key.error().log_message), {}};
  const std::string canonical = canonical_json(doc);
  Verification v;
  v.format = format;
  v.authenticity = Authenticity::altered;
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
  v.authenticity = Authenticity::genuine;
  v.facts = facts_of(doc);
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
  if (!parts) {
    // No signed update at all is an unsigned PDF; a signed update that does not read back is a
    // changed one.
    const Authenticity verdict = pdf.find(kSignedUpdateMarker) == std::string_view::npos
                                     ? Authenticity::unsigned_report
                                     : Authenticity::altered;
    return invalid(format, verdict, parts.error().log_message);
  }
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
    v.authenticity = Authenticity::altered;
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
  return invalid(ReportFormat::unknown, Authenticity::unreadable,
                 "neither a PDF nor a JSON report");
}

namespace {

// The id of the key a report says signed it, or "" when there is none to read.
std::string signer_key_id(std::string_view bytes) {
  std::string json_text;
  if (bytes.starts_with("%PDF-")) {
    auto parts = read_signed_pdf(bytes);
    if (!parts) return {};
    json_text = std::move(parts->json);
  } else {
    json_text = std::string(bytes);
  }
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("signature")) return {};
  return text_of(doc["signature"], "key_id");
}

}  // namespace

Verification verify_report(std::string_view bytes, const KeySet& keys) {
  const std::string key_id = signer_key_id(bytes);
  const PublishedKey* published = key_id.empty() ? nullptr : keys.find(key_id);
  if (published == nullptr) {
    // Integrity first, with the report's own key: a changed report is "altered" whatever key
    // it names.
    Verification v = verify_report(bytes, nullptr);
    if (!v.valid) return v;
    v.valid = false;
    v.authenticity = Authenticity::unknown_key;
    v.reason = "signed by key " + key_id + ", which is not in the published key set";
    return v;
  }
  Verification v = verify_report(bytes, &published->key);
  if (!v.valid) return v;
  const auto generated = parse_iso8601(v.facts.generated_at);
  if (!generated || !published->valid_at(*generated)) {
    v.valid = false;
    v.authenticity = Authenticity::expired_key;
    v.reason = "key " + key_id + " was not valid on " + v.facts.generated_at +
               ", the report's generation date";
    return v;
  }
  v.reason = "signature valid; signed by key " + key_id + " of the published key set";
  return v;
}

std::string_view to_string(ReportFormat format) {
  switch (format) {
    case ReportFormat::json:
      return "json";
    case ReportFormat::pdf:
      return "pdf";
    case ReportFormat::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(Authenticity verdict) {
  switch (verdict) {
    case Authenticity::genuine:
      return "genuine";
    case Authenticity::altered:
      return "altered";
    case Authenticity::unknown_key:
      return "unknown_key";
    case Authenticity::expired_key:
      return "expired_key";
    case Authenticity::unsigned_report:
      return "unsigned";
    case Authenticity::unreadable:
      return "unreadable";
  }
  return "unreadable";
}

}  // namespace cpt::report
