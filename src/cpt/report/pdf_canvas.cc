#include "cpt/report/pdf_canvas.h"
#include "cpt/report/renderers.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>

namespace cpt::report::pdf {
namespace {

struct FontSpec {
  const char* description;
  bool uppercase;
};

// Indexed by Font.
constexpr std::array<FontSpec, kFontCount> kFonts = {{
    {"DejaVu Sans 8.6", false},        // body
    {"DejaVu Sans Bold 8.6", false},   // body_bold
    {"DejaVu Sans 7.4", false},        // small
    {"DejaVu Sans Bold 7.4", false},   // small_bold
    {"DejaVu Sans Bold 6.4", true},    // caption
    {"DejaVu Sans Bold 19", false},    // h1
    {"DejaVu Sans Bold 12.5", false},  // h2
    {"DejaVu Sans Bold 12.5", false},  // tile_value
    {"DejaVu Sans Bold 12", false},    // brand
    {"DejaVu Sans 6.6", false},        // tiny
}};

}  // namespace

TextBlock::TextBlock(std::shared_ptr<PangoLayout> layout) : layout_(std::move(layout)) {
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout_.get(), &w, &h);
  const int set_width = pango_layout_get_width(layout_.get());
  // A wrapped, aligned block occupies its whole width; a free one its ink-independent extent.
  width_ = (set_width > 0 ? set_width : w) / static_cast<double>(PANGO_SCALE);
  height_ = h / static_cast<double>(PANGO_SCALE);
}

namespace {
void apply_layout(PangoLayout* layout, double width, Align align) {
  if (width > 0) {
    pango_layout_set_width(layout, static_cast<int>(std::lround(width * PANGO_SCALE)));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  static constexpr std::array<PangoAlignment, 3> kAlign = {PANGO_ALIGN_LEFT, PANGO_ALIGN_RIGHT,
                                                           PANGO_ALIGN_CENTER};
  pango_layout_set_alignment(layout, kAlign[static_cast<std::size_t>(align)]);
}
}  // namespace

void TextBlock::wrap(double width, Align align) {
  if (!layout_) return;
  std::shared_ptr<PangoLayout> copy(pango_layout_copy(layout_.get()), &g_object_unref);
  apply_layout(copy.get(), width, align);
  *this = TextBlock(std::move(copy));
}

void TextBlock::draw(cairo_t* cr, double x, double y, Rgb colour) const {
  if (!layout_) return;
  set_colour(cr, colour);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout_.get());
}

Canvas::Canvas(cairo_t* cr) {
  context_ = pango_cairo_create_context(cr);
  // Pango assumes 96 dpi; on a PDF surface one unit is one point, so 72 keeps sizes true.
  pango_cairo_context_set_resolution(context_, 72);
  // Unrounded glyph positions: a measured width is then exactly the width text wraps at.
  pango_context_set_round_glyph_positions(context_, FALSE);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
  for (std::size_t i = 0; i < fonts_.size(); ++i) {
    fonts_[i] = pango_font_description_from_string(kFonts[i].description);
  }
  pages_.emplace_back();
}

Canvas::~Canvas() {
  for (auto* font : fonts_) pango_font_description_free(font);
  g_object_unref(context_);
}

TextBlock Canvas::text(std::string_view text, Font font, double width, Align align) const {
  const auto index = static_cast<std::size_t>(font);
  const bool cacheable = width <= 0 && align == Align::left;
  std::string key;
  if (cacheable) {
    key.reserve(text.size() + 1);
    key.append(1, static_cast<char>('a' + index)).append(text);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  std::shared_ptr<PangoLayout> layout(pango_layout_new(context_), &g_object_unref);
  pango_layout_set_font_description(layout.get(), fonts_[index]);
  if (kFonts[index].uppercase) {
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_text_transform_new(PANGO_TEXT_TRANSFORM_UPPERCASE));
    pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(PANGO_SCALE / 3));
    pango_layout_set_attributes(layout.get(), attrs);
    pango_attr_list_unref(attrs);
  }
  apply_layout(layout.get(), width, align);
  // Plain text, never markup: data cannot inject formatting.
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  TextBlock block(std::move(layout));
  if (cacheable) cache_.emplace(std::move(key), block);
  return block;
}

bool Canvas::ensure(double height) {
  if (y_ + height <= kContentBottom || y_ <= kContentTop) return false;
  new_page();
  return true;
}

void Canvas::new_page() {
  pages_.emplace_back();
  y_ = kContentTop;
}

void Canvas::draw(DrawOp op) {
  pages_.back().push_back(std::move(op));
}

void set_colour(cairo_t* cr, Rgb colour) {
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

void rounded_rect(cairo_t* cr, double x, double y, double w, double h, double r, Rgb colour) {
  r = std::min({r, w / 2, h / 2});
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
  set_colour(cr, colour);
  cairo_fill(cr);
}

}  // namespace cpt::report::pdf

namespace cpt::report {

void release_thread_render_caches() {
  // NULL unsets this thread's default font map; it is freed once no layout holds it.
  pango_cairo_font_map_set_default(nullptr);
}

}  // namespace cpt::report
