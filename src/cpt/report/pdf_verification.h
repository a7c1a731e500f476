// What lets a reader check a printed or downloaded report: its fingerprint (SHA-256 of the
// canonical JSON, the same hash the signature covers), the verify page's address and a QR code of
// that address. The PDF renderer draws it on the first and the last page. Internal to the report
// layer.
#pragma once

#include <string>
#include <string_view>

#include "cpt/report/pdf_canvas.h"
#include "cpt/report/report_model.h"

namespace cpt::report {

// The fingerprint and the verify URL of one report. Value type.
struct VerificationMark {
  std::string fingerprint;  // 64 lower-case hex digits
  std::string verify_url;   // "<base>/verify?fp=<first 16 hex digits>"
};

// The mark of `report`, with the verify page under report.verify_base_url.
VerificationMark verification_mark(const Report& report);

// "<base>/verify?fp=<16 hex>": the base without trailing slashes; the short fingerprint keeps the
// QR code small, and the page compares the whole fingerprint of the file dropped on it.
std::string verify_url(std::string_view base, std::string_view fingerprint);

namespace pdf {

// A boxed strip at the canvas's cursor: the words to check the report, the fingerprint, the
// verify URL and its QR code (vector rectangles, crisp at any zoom and in print).
void verification_block(Canvas& canvas, const Report& report, const VerificationMark& mark);

}  // namespace pdf
}  // namespace cpt::report
