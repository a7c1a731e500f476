// The PDF renderer: composes the report model onto A4 pages (title, the summary page, sections with
// field grids, tables and charts) and draws the page chrome once the page count is known.
#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "cpt/report/pdf_blocks.h"
#include "cpt/report/pdf_canvas.h"
#include "cpt/report/pdf_signature.h"
#include "cpt/report/pdf_verification.h"
#include "cpt/report/renderers.h"

namespace cpt::report {
namespace {

using pdf::Align;
using pdf::Canvas;
using pdf::Font;
using pdf::kContentWidth;
using pdf::kMargin;
using pdf::TextBlock;
namespace pal = palette;

constexpr Rgb kWhite{1, 1, 1};
constexpr Rgb kPaleText{0.796, 0.835, 0.882};  // #cbd5e1

void title_block(Canvas& canvas, const Report& report) {
  const Header& h = report.header;
  const Catalog& catalog = Catalog::get(report.region.language);
  TextBlock title =
      canvas.text(h.vehicle_name.empty() ? h.title : h.vehicle_name, Font::h1, kContentWidth);
  std::string sub;
  if (!h.display_name.empty()) sub = h.display_name + "  \u00b7  ";
  // Without a vehicle name the title already says "Vehicle report": show the VIN instead.
  sub += h.vehicle_name.empty() ? h.vin : h.title;
  sub += "  \u00b7  " + std::string(catalog.text("ui.package")) + ": " + h.package_label;
  // The zone of every time in the report, said once (the page band repeats only the date).
  if (!h.time_zone_display.empty()) sub += "\n" + h.time_zone_display;
  TextBlock subtitle = canvas.text(sub, Font::body, kContentWidth);
  const double y = canvas.y();
  canvas.draw([=](cairo_t* cr) {
    title.draw(cr, kMargin, y, pal::kNavy);
    subtitle.draw(cr, kMargin, y + title.height() + 2, pal::kMutedInk);
  });
  canvas.advance(title.height() + subtitle.height() + 14);
}

void section_heading(Canvas& canvas, const Section& section) {
  TextBlock heading = canvas.text(section.title, Font::h2, kContentWidth - 12);
  // Keep a heading with at least some of its content.
  canvas.ensure(heading.height() + 60);
  const double y = canvas.y();
  canvas.draw([=](cairo_t* cr) {
    pdf::rounded_rect(cr, kMargin, y + 2, 3.5, heading.height() - 3, 1.5, pal::kAccent);
    heading.draw(cr, kMargin + 10, y, pal::kNavy);
  });
  canvas.advance(heading.height() + 8);
}

void status_box(Canvas& canvas, const Status& status) {
  if (status.message.empty()) return;
  TextBlock text = canvas.text(status.message, Font::body, kContentWidth - 20);
  const double height = text.height() + 12;
  canvas.ensure(height + 6);
  const double y = canvas.y();
  Rgb edge = pal::kMutedInk;
  if (status.outcome == snapshot::ModuleOutcome::failed) edge = pal::kBad;
  if (status.outcome == snapshot::ModuleOutcome::unavailable) edge = pal::kWarn;
  canvas.draw([=](cairo_t* cr) {
    pdf::rounded_rect(cr, kMargin, y, kContentWidth, height, 4, pal::kStripe);
    pdf::rounded_rect(cr, kMargin, y, 3, height, 1.5, edge);
    text.draw(cr, kMargin + 12, y + 6, edge.r == pal::kMutedInk.r ? pal::kMutedInk : edge);
  });
  canvas.advance(height + 8);
}

void field_grid(Canvas& canvas, const std::vector<Field>& all) {
  // Machine-only fields (ids, raw codes) are for JSON and CSV readers.
  std::vector<Field> list;
  for (const auto& field : all) {
    if (!field.def->machine_only) list.push_back(field);
  }
  const double gap = 22;
  const double column = (kContentWidth - gap) / 2;
  for (std::size_t i = 0; i < list.size(); i += 2) {
    std::array<TextBlock, 2> labels, values;
    double height = 0;
    for (std::size_t k = 0; k < 2 && i + k < list.size(); ++k) {
      labels[k] = canvas.text(list[i + k].label, Font::body, column * 0.5);
      values[k] =
          canvas.text(list[i + k].cell.display, Font::body_bold, column * 0.5 - 4, Align::right);
      height = std::max({height, labels[k].height(), values[k].height()});
    }
    height += 7;
    canvas.ensure(height);
    const double y = canvas.y();
    for (std::size_t k = 0; k < 2 && i + k < list.size(); ++k) {
      const double x = kMargin + static_cast<double>(k) * (column + gap);
      const Rgb tone = tone_colour(list[i + k].cell.tone);
      canvas.draw([=, label = labels[k], value = values[k]](cairo_t* cr) {
        label.draw(cr, x, y + 3.5, pal::kMutedInk);
        value.draw(cr, x + column * 0.5 + 4, y + 3.5, tone);
        pdf::set_colour(cr, pal::kRule);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x, y + height);
        cairo_line_to(cr, x + column, y + height);
        cairo_stroke(cr);
      });
    }
    canvas.advance(height);
  }
  canvas.advance(8);
}

void notes_block(Canvas& canvas, const std::vector<std::string>& notes) {
  for (const auto& note : notes) {
    TextBlock text = canvas.text("\u2022 " + note, Font::small, kContentWidth);
    canvas.ensure(text.height() + 2);
    const double y = canvas.y();
    canvas.draw([=](cairo_t* cr) { text.draw(cr, kMargin, y, pal::kMutedInk); });
    canvas.advance(text.height() + 2);
  }
  if (!notes.empty()) canvas.advance(6);
}

void compose(Canvas& canvas, const Report& report) {
  const VerificationMark mark = verification_mark(report);
  title_block(canvas, report);
  pdf::verification_block(canvas, report, mark);  // first page
  for (const auto& section : report.sections) {
    // What the package did not include is said once, in the closing line, not as empty boxes.
    if (section.status.outcome == snapshot::ModuleOutcome::not_in_package) continue;
    section_heading(canvas, section);
    status_box(canvas, section.status);
    field_grid(canvas, section.fields);
    // A section's notes explain its figures (the method of an estimate, what the history cannot
    // see), so they follow the figures; the appendix ends with its closing line instead.
    const bool notes_last = section.id == SectionId::provenance;
    if (!notes_last) notes_block(canvas, section.notes);
    for (const auto& chart : section.charts) pdf::chart_block(canvas, chart);
    for (const auto& table : section.tables) {
      if (section.id == SectionId::summary) {
        pdf::verdict_block(canvas, table);
      } else {
        pdf::table_block(canvas, table);
      }
    }
    if (notes_last) notes_block(canvas, section.notes);
    canvas.advance(10);
    // Page one is the summary (the vehicle passport); the details start on page two.
    if (section.id == SectionId::summary) canvas.new_page();
  }
  pdf::verification_block(canvas, report, mark);  // last page
}

void logo(cairo_t* cr, double x, double y, double size) {
  pdf::rounded_rect(cr, x, y, size, size, size * 0.23, pal::kAccent);
  const double s = size / 30.0;
  const std::array<std::pair<double, double>, 7> points = {
      {{4, 16}, {10, 16}, {13, 9}, {17, 22}, {20, 13}, {22, 16}, {26, 16}}};
  cairo_move_to(cr, x + points[0].first * s, y + points[0].second * s);
  for (const auto& [px, py] : points) cairo_line_to(cr, x + px * s, y + py * s);
  pdf::set_colour(cr, kWhite);
  cairo_set_line_width(cr, 2.0 * s);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cr);
}

// The band at the top of every page and the footer with page numbers.
void page_chrome(Canvas& canvas, cairo_t* cr, const Report& report, std::size_t page,
                 std::size_t pages, const std::string& signed_line) {
  const Catalog& catalog = Catalog::get(report.region.language);
  const Header& h = report.header;
  const double band = 50;
  pdf::set_colour(cr, pal::kNavy);
  cairo_rectangle(cr, 0, 0, pdf::kPageWidth, band);
  cairo_fill(cr);
  pdf::set_colour(cr, pal::kAccent);
  cairo_rectangle(cr, 0, band, pdf::kPageWidth, 2.5);
  cairo_fill(cr);
  logo(cr, kMargin, 13, 24);
  canvas.text(h.brand, Font::brand).draw(cr, kMargin + 32, 17, kWhite);
  const std::string meta = std::string(catalog.text("ui.vin")) + " " + h.vin + "   \u00b7   " +
                           std::string(catalog.text("ui.generated")) + " " + h.generated_display;
  canvas.text(meta, Font::small, 300, Align::right)
      .draw(cr, pdf::kPageWidth - kMargin - 300, 21, kPaleText);

  const double y = pdf::kPageHeight - 34;
  pdf::set_colour(cr, pal::kRule);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, kMargin, y - 6);
  cairo_line_to(cr, pdf::kPageWidth - kMargin, y - 6);
  cairo_stroke(cr);
  const std::string left = h.brand + " \u00b7 " + h.title + " \u00b7 " + h.order_id;
  canvas.text(left, Font::tiny, 380).draw(cr, kMargin, y, pal::kMutedInk);
  if (!signed_line.empty()) {
    canvas.text(signed_line, Font::tiny, 380).draw(cr, kMargin, y + 9, pal::kMutedInk);
  }
  const std::string number = catalog.format(
      "ui.page", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}});
  canvas.text(number, Font::small_bold, 120, Align::right)
      .draw(cr, pdf::kPageWidth - kMargin - 120, y, pal::kInk);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void set_metadata(cairo_surface_t* surface, const Report& report) {
  const Header& h = report.header;
  const std::string title = h.brand + " \u2013 " + h.title + " \u2013 " + h.vin;
  // Creation and modification dates are the report's generation time: same model, same bytes.
  Timestamp created = h.generated_at;
  created.offset_minutes.reset();
  std::string date = format_iso8601(created);
  if (auto dot = date.find('.'); dot != std::string::npos) date = date.substr(0, dot) + "Z";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, h.brand.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, h.vehicle_name.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Car Pulse Tracker 0.1.0");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
}

}  // namespace

Result<std::string> render_pdf(const Report& report, const SigningKey* key) {
  std::string bytes;
  bytes.reserve(256 * 1024);
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(&append_bytes, &bytes, pdf::kPageWidth, pdf::kPageHeight);
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  set_metadata(surface, report);
  cairo_t* cr = cairo_create(surface);
  const std::string signed_line =
      key ? Catalog::get(report.region.language).format("ui.signed", {{"key", key->key_id()}})
          : std::string();
  {
    Canvas canvas(cr);
    compose(canvas, report);
    const auto& pages = canvas.pages();
    for (std::size_t i = 0; i < pages.size(); ++i) {
      page_chrome(canvas, cr, report, i, pages.size(), signed_line);
      for (const auto& op : pages[i]) op(cr);
      cairo_show_page(cr);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return fail(ErrorKind::internal,
                std::string("PDF rendering failed: ") + cairo_status_to_string(status));
  }
  if (!key) return bytes;
  return sign_pdf(std::move(bytes), report, *key);
}

}  // namespace cpt::report
