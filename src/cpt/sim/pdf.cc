#include "cpt/sim/pdf.h"

#include <cstdio>

#include "cpt/core/money.h"

namespace cpt::sim {
namespace {

// UTF-8 to a PDF literal string in WinAnsi (Latin-1 range), escaping the delimiters.
std::string pdf_literal(std::string_view utf8) {
  std::string out = "(";
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    unsigned code = c;
    std::size_t len = 1;
    if (c >= 0xC0 && c < 0xE0 && i + 1 < utf8.size()) {
      code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      len = 2;
    } else if (c >= 0xE0) {
      code = 0x3F;  // '?': outside Latin-1
      len = c >= 0xF0 ? 4 : 3;
    }
    i += len;
    if (code == '(' || code == ')' || code == '\\') {
      out += '\\';
      out += static_cast<char>(code);
    } else if (code < 0x20 || (code >= 0x7F && code < 0xA0) || code > 0xFF) {
      out += '?';
    } else {
      out += static_cast<char>(code);
    }
  }
  return out + ")";
}

std::string amount(std::int64_t minor, const std::string& currency) {
  return Money{currency, minor}.to_decimal() + " " + currency;
}

std::string number(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, value);
  return buf;
}

}  // namespace

std::string simple_pdf(const std::vector<PdfLine>& lines, std::string_view title) {
  std::string content;
  double y = 790;
  for (const auto& line : lines) {
    y -= line.size + 7;
    content += "BT /" + std::string(line.bold ? "F2 " : "F1 ") + number(line.size, 0) + " Tf 56 " +
               number(y, 0) + " Td " + pdf_literal(line.text) + " Tj ET\n";
  }
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R "
      "/F2 5 0 R >> >> /Contents 6 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
      "<< /Title " + pdf_literal(title) +
          " /Producer (cpt sim) /CreationDate (D:20260215000000Z) >>",
  };
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (auto offset : offsets) {
    char entry[24];
    std::snprintf(entry, sizeof(entry), "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R /Info 7 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string invoice_pdf(const ChargingSession& s, const User& owner) {
  std::vector<PdfLine> lines = {
      {"Tesla Supercharging Invoice", 18, true},
      {"Invoice " + s.invoice_file + " (content id " + s.invoice_id.value_or("-") + ")"},
      {"Customer: " + owner.full_name},
      {"Session " + std::to_string(s.id) + " at " + s.site + ", " + s.country},
      {"VIN: " + s.vin},
      {"Charging started " + s.start + ", stopped " + s.stop},
      {"Energy delivered: " + number(s.energy_kwh, 2) + " kWh"},
      {"", 6},
  };
  std::int64_t total = 0;
  std::int64_t net = 0;
  for (const auto& f : s.fees) {
    lines.push_back({f.type + ": " + number(f.usage, 2) + " " + f.uom + " x " + number(f.rate, 2) +
                     " = " + amount(f.total_minor, s.currency)});
    total += f.total_minor;
    net += f.net_minor;
  }
  lines.push_back({"", 6});
  lines.push_back({"Net amount: " + amount(net, s.currency)});
  lines.push_back({"VAT: " + amount(total - net, s.currency)});
  lines.push_back({"Total due: " + amount(total, s.currency), 13, true});
  lines.push_back({"Paid", 11});
  return simple_pdf(lines, "Invoice " + s.invoice_file);
}

}  // namespace cpt::sim
