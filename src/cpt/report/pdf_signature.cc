#include "cpt/report/pdf_signature.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "cpt/report/report_json.h"

namespace cpt::report {
namespace {

using nlohmann::json;

constexpr std::string_view kAttachmentName = "cpt-report.json";

// Joins pieces by appending (GCC 12 misreports `"literal" + std::string` chains under -O3).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto part : parts) out.append(part);
  return out;
}

std::optional<long> number_after(std::string_view text, std::string_view key) {
  const auto pos = text.find(key);
  if (pos == std::string_view::npos) return std::nullopt;
  std::size_t i = pos + key.size();
  while (i < text.size() && text[i] == ' ') ++i;
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() + i) return std::nullopt;
  return value;
}

// What sign_pdf needs from cairo's trailer.
struct Trailer {
  long size = 0;
  long root = 0;
  long info = 0;
  long startxref = 0;
};

Result<Trailer> read_trailer(std::string_view pdf) {
  const auto at = pdf.rfind("trailer");
  if (at == std::string_view::npos) return fail(ErrorKind::malformed, "PDF has no trailer");
  const std::string_view tail = pdf.substr(at);
  auto size = number_after(tail, "/Size");
  auto root = number_after(tail, "/Root");
  auto info = number_after(tail, "/Info");
  auto xref = number_after(tail, "startxref\n");
  // Object numbers end at 8,388,607 (ISO 32000-1, Annex C). A hostile trailer must not bring a
  // /Size near LONG_MAX: the update numbers its objects /Size + 0..2 (signed overflow).
  constexpr long kMaxObjectNumber = 8'388'607;
  const auto object_number = [](const std::optional<long>& n) {
    return n && *n > 0 && *n <= kMaxObjectNumber;
  };
  if (!object_number(size) || !object_number(root) || !object_number(info) || !xref || *xref < 0 ||
      tail.find("/Prev") != std::string_view::npos) {
    return fail(ErrorKind::malformed, "PDF trailer is not one this renderer writes");
  }
  return Trailer{*size, *root, *info, *xref};
}

// The dictionary text of object `number` ("<< ... >>"), from its last definition.
Result<std::string_view> object_dict(std::string_view pdf, long number) {
  const std::string head = cat({"\n", std::to_string(number), " 0 obj"});
  const auto start = pdf.rfind(head);
  if (start == std::string_view::npos) return fail(ErrorKind::malformed, "PDF object missing");
  const auto open = pdf.find("<<", start);
  const auto end = pdf.find("endobj", start);
  if (open == std::string_view::npos || end == std::string_view::npos || open > end) {
    return fail(ErrorKind::malformed, "PDF object is not a dictionary");
  }
  std::string_view dict = pdf.substr(open, end - open);
  while (!dict.empty() && (dict.back() == '\n' || dict.back() == ' ')) dict.remove_suffix(1);
  if (dict.size() < 4 || dict.substr(dict.size() - 2) != ">>") {
    return fail(ErrorKind::malformed, "PDF object is not a dictionary");
  }
  return dict;
}

std::string without_close(std::string_view dict) {
  std::string_view inner = dict.substr(0, dict.size() - 2);
  while (!inner.empty() && (inner.back() == '\n' || inner.back() == ' ')) inner.remove_suffix(1);
  return std::string(inner);
}

std::string xref_entry(std::size_t offset) {
  char line[24];
  std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset % 10000000000u);
  return line;
}

// The signature strings the update writes into the Info dictionary.
struct SignatureFields {
  std::string key_id;
  std::string sha256;
  std::string value;
};

Result<SignatureFields> signature_fields(std::string_view json_text,
                                         std::string_view pdf_signature) {
  const json doc = json::parse(json_text, nullptr, false);
  const auto sig = doc.is_object() ? doc.find("signature") : doc.end();
  if (!doc.is_object() || sig == doc.end() || !sig->is_object()) {
    return fail(ErrorKind::malformed, "embedded report is not a signed JSON report");
  }
  const auto member = [&sig](const char* key) {
    auto it = sig->find(key);
    return it != sig->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  SignatureFields fields{member("key_id"), member("sha256"), member("value")};
  // Only base64 and hex characters go into PDF strings, so nothing needs escaping.
  const auto safe = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
    });
  };
  if (!safe(fields.key_id) || !safe(fields.sha256) || !safe(fields.value) || !safe(pdf_signature)) {
    return fail(ErrorKind::malformed, "signature fields hold unexpected characters");
  }
  return fields;
}

// Writes objects of an incremental update, remembering their offsets for its xref section.
class UpdateWriter {
 public:
  explicit UpdateWriter(std::size_t body_size) : body_size_(body_size) {}
  void object(long number, std::string_view content) {
    offsets_[number] = body_size_ + text_.size();
    text_.append(std::to_string(number)).append(" 0 obj\n").append(content).append("\nendobj\n");
  }
  // The xref section and the trailer that chains to cairo's (via /Prev).
  std::string finish(const Trailer& previous, long size) {
    const std::size_t xref = body_size_ + text_.size();
    text_ += "xref\n0 1\n0000000000 65535 f \n";
    for (const auto& [number, offset] : offsets_) {
      text_ += std::to_string(number) + " 1\n" + xref_entry(offset);
    }
    text_ += cat({"trailer\n<< /Size ", std::to_string(size), " /Root ",
                  std::to_string(previous.root), " 0 R /Info ", std::to_string(previous.info),
                  " 0 R /Prev ", std::to_string(previous.startxref), " >>\nstartxref\n",
                  std::to_string(xref), "\n%%EOF\n"});
    return std::move(text_);
  }

 private:
  std::size_t body_size_;
  std::string text_{kSignedUpdateMarker};
  std::map<long, std::size_t> offsets_;
};

// The whole update for a body, the embedded JSON and the PDF signature: a pure function, so
// verification can rebuild it and compare byte for byte.
Result<std::string> build_update(std::string_view body, std::string_view json_text,
                                 std::string_view pdf_signature) {
  auto trailer = read_trailer(body);
  if (!trailer) return fail(trailer.error());
  auto catalog = object_dict(body, trailer->root);
  auto info = object_dict(body, trailer->info);
  if (!catalog || !info) return fail(ErrorKind::malformed, "PDF catalog or info missing");
  if (catalog->find("/Names") != std::string_view::npos) {
    return fail(ErrorKind::malformed, "PDF catalog already has a name tree");
  }
  auto sig = signature_fields(json_text, pdf_signature);
  if (!sig) return fail(sig.error());
  const long n = trailer->size;
  const std::string file = std::to_string(n) + " 0 R";
  const std::string spec = std::to_string(n + 1) + " 0 R";
  const std::string name(kAttachmentName);
  UpdateWriter writer(body.size());
  writer.object(n,
                cat({"<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length ",
                     std::to_string(json_text.size()), " >>\nstream\n", json_text, "\nendstream"}));
  writer.object(n + 1, cat({"<< /Type /Filespec /F (", name, ") /UF (", name,
                            ") /Desc (Signed Car Pulse Tracker report) /AFRelationship /Source "
                            "/EF << /F ",
                            file, " /UF ", file, " >> >>"}));
  writer.object(n + 2, cat({"<< /Names [(", name, ") ", spec, "] >>"}));
  writer.object(trailer->root, cat({without_close(*catalog), "\n   /Names << /EmbeddedFiles ",
                                    std::to_string(n + 2), " 0 R >>\n   /AF [", spec, "]\n>>"}));
  writer.object(trailer->info,
                cat({without_close(*info), "\n   /Keywords (cpt-report sha256:", sig->sha256,
                     " key:", sig->key_id, ")\n   /CPTReportKeyId (", sig->key_id,
                     ")\n   /CPTReportSHA256 (", sig->sha256, ")\n   /CPTReportSignature (",
                     sig->value, ")\n   /CPTPdfSignature (", pdf_signature, ")\n>>"}));
  return writer.finish(*trailer, n + 3);
}

}  // namespace

std::string pdf_signed_message(std::string_view body, std::string_view canonical_sha256_hex) {
  return cat({"cpt-pdf-signature-1\n", sha256_hex(body), "\n", canonical_sha256_hex, "\n"});
}

Result<std::string> sign_pdf(std::string pdf, const Report& report, const SigningKey& key) {
  json doc = report_to_json(report);
  if (auto ok = sign_json(doc, key); !ok) return fail(ok.error());
  const std::string json_text = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  auto signature = key.sign(pdf_signed_message(pdf, doc["signature"]["sha256"].get<std::string>()));
  if (!signature) return fail(signature.error());
  auto update = build_update(pdf, json_text, base64_encode(*signature));
  if (!update) return fail(update.error());
  pdf += *update;
  return pdf;
}

Result<SignedPdf> read_signed_pdf(std::string_view pdf) {
  const auto marker = pdf.rfind(kSignedUpdateMarker);
  if (marker == std::string_view::npos) {
    return fail(ErrorKind::invalid_argument, "the PDF carries no Car Pulse Tracker signature");
  }
  const std::string_view update = pdf.substr(marker);
  SignedPdf out;
  out.body = pdf.substr(0, marker);
  auto length = number_after(update, "/Subtype /application#2Fjson /Length");
  const auto stream = update.find(">>\nstream\n");
  if (!length || stream == std::string_view::npos || *length < 0 ||
      stream + 10 + static_cast<std::size_t>(*length) > update.size()) {
    return fail(ErrorKind::malformed, "the embedded report cannot be read");
  }
  out.json = std::string(update.substr(stream + 10, static_cast<std::size_t>(*length)));
  const std::string_view key = "/CPTPdfSignature (";
  const auto at = update.rfind(key);
  const auto close = at == std::string_view::npos ? at : update.find(')', at);
  if (at == std::string_view::npos || close == std::string_view::npos) {
    return fail(ErrorKind::malformed, "the PDF signature field is missing");
  }
  out.pdf_signature = std::string(update.substr(at + key.size(), close - at - key.size()));
  auto expected = build_update(out.body, out.json, out.pdf_signature);
  if (!expected) return fail(expected.error());
  if (*expected != update) {
    return fail(ErrorKind::malformed, "the signed section of the PDF was altered or extended");
  }
  return out;
}

}  // namespace cpt::report
