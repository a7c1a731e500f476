// A minimal, valid one-page PDF writer for simulated Supercharger invoices. Internal; pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpt/sim/world.h"

namespace cpt::sim {

// One line of text on the page; bold lines use Helvetica-Bold.
struct PdfLine {
  std::string text;  // UTF-8; characters outside Latin-1 print as '?'
  double size = 11;
  bool bold = false;
};

// A PDF 1.4 file with the lines top-down on an A4 page (standard Type 1 fonts, WinAnsi text,
// exact xref offsets), readable by any PDF tool including pdftotext.
std::string simple_pdf(const std::vector<PdfLine>& lines, std::string_view title);

// The invoice of a charging session: site, session, VIN, times, each fee and the total.
std::string invoice_pdf(const ChargingSession& session, const User& owner);

}  // namespace cpt::sim
