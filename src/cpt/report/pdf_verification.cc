#include "cpt/report/pdf_verification.h"

#include <cairo.h>

#include <nlohmann/json.hpp>

#include "cpt/report/qr.h"
#include "cpt/report/report_json.h"

namespace cpt::report {

std::string verify_url(std::string_view base, std::string_view fingerprint) {
  while (base.ends_with('/')) base.remove_suffix(1);
  std::string url(base);
  url.append("/verify?fp=").append(fingerprint.substr(0, 16));
  return url;
}

VerificationMark verification_mark(const Report& report) {
  VerificationMark mark;
  mark.fingerprint = sha256_hex(canonical_json(report_to_json(report)));
  mark.verify_url = verify_url(report.verify_base_url, mark.fingerprint);
  return mark;
}

namespace pdf {
namespace {

namespace pal = palette;

constexpr double kQrSide = 74;  // points: 1.8 pt (0.64 mm) modules for a version-4 code
constexpr double kPadding = 8;

// Dark modules as one path of horizontal runs, filled once, inside the standard quiet zone of
// four light modules.
void draw_qr(cairo_t* cr, const QrMatrix& qr, double x, double y, double side) {
  const double quiet = 4;
  const double module = side / (qr.size + 2 * quiet);
  set_colour(cr, Rgb{1, 1, 1});
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  for (int row = 0; row < qr.size; ++row) {
    int col = 0;
    while (col < qr.size) {
      if (!qr.at(col, row)) {
        ++col;
        continue;
      }
      const int start = col;
      while (col < qr.size && qr.at(col, row)) ++col;
      cairo_rectangle(cr, x + (quiet + start) * module, y + (quiet + row) * module,
                      (col - start) * module, module);
    }
  }
  set_colour(cr, pal::kNavy);
  cairo_fill(cr);
}

}  // namespace

void verification_block(Canvas& canvas, const Report& report, const VerificationMark& mark) {
  const Catalog& catalog = Catalog::get(report.region.language);
  auto qr = encode_qr(mark.verify_url);
  const double qr_side = qr ? kQrSide : 0;
  const double text_width = kContentWidth - 2 * kPadding - (qr ? qr_side + kPadding : 0);
  TextBlock title = canvas.text(catalog.text("verify.pdf_title"), Font::caption, text_width);
  TextBlock hint = canvas.text(catalog.text("verify.pdf_hint"), Font::small, text_width);
  TextBlock fingerprint =
      canvas.text(std::string(catalog.text("verify.fingerprint")) + ": " + mark.fingerprint,
                  Font::tiny, text_width);
  TextBlock url = canvas.text(mark.verify_url, Font::small_bold, text_width);
  const double text_height =
      title.height() + hint.height() + fingerprint.height() + url.height() + 9;
  const double height = std::max(text_height, qr_side) + 2 * kPadding;
  canvas.ensure(height + 8);
  const double y = canvas.y();
  canvas.draw([=, qr = qr ? *qr : QrMatrix{}](cairo_t* cr) {
    rounded_rect(cr, kMargin, y, kContentWidth, height, 5, pal::kRule);
    rounded_rect(cr, kMargin + 0.8, y + 0.8, kContentWidth - 1.6, height - 1.6, 4.5, pal::kStripe);
    double ty = y + kPadding;
    title.draw(cr, kMargin + kPadding, ty, pal::kNavy);
    ty += title.height() + 3;
    hint.draw(cr, kMargin + kPadding, ty, pal::kInk);
    ty += hint.height() + 3;
    url.draw(cr, kMargin + kPadding, ty, pal::kTeal);
    ty += url.height() + 3;
    fingerprint.draw(cr, kMargin + kPadding, ty, pal::kMutedInk);
    if (qr.size > 0) {
      draw_qr(cr, qr, kMargin + kContentWidth - kPadding - qr_side, y + kPadding, qr_side);
    }
  });
  canvas.advance(height + 12);
}

}  // namespace pdf
}  // namespace cpt::report
