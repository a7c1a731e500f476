// Canvas: the small page-layout engine under the PDF renderer. Text is measured with pango when
// laid out and drawn later, once the page count is known (so every page can say "Page 2 of 5").
// Internal to the report layer.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cpt/report/render_common.h"

typedef struct _cairo cairo_t;
typedef struct _PangoLayout PangoLayout;
typedef struct _PangoContext PangoContext;
typedef struct _PangoFontDescription PangoFontDescription;

namespace cpt::report::pdf {

// A4 portrait in PDF points, and the content area inside the page chrome.
inline constexpr double kPageWidth = 595.276;
inline constexpr double kPageHeight = 841.890;
inline constexpr double kMargin = 40.0;
inline constexpr double kContentTop = 84.0;
inline constexpr double kContentBottom = kPageHeight - 50.0;
inline constexpr double kContentWidth = kPageWidth - 2 * kMargin;

enum class Font { body, body_bold, small, small_bold, caption, h1, h2, tile_value, brand, tiny };
inline constexpr int kFontCount = 10;
enum class Align { left, right, center };

// A measured piece of text, drawable at any position later. Cheap to copy (shared layout).
class TextBlock {
 public:
  TextBlock() = default;
  explicit TextBlock(std::shared_ptr<PangoLayout> layout);
  double width() const { return width_; }
  double height() const { return height_; }
  // The same text laid out again at a wrap width and alignment, in a layout of its own (blocks
  // may be shared).
  void wrap(double width, Align align);
  // Draws with the block's top-left corner at (x, y).
  void draw(cairo_t* cr, double x, double y, Rgb colour) const;

 private:
  std::shared_ptr<PangoLayout> layout_;
  double width_ = 0;
  double height_ = 0;
};

using DrawOp = std::function<void(cairo_t*)>;

// Lays out pages top to bottom: a y cursor, page breaks, and the deferred drawing operations of
// each page. Not thread-safe.
class Canvas {
 public:
  // Text is measured in `cr`'s font setup (pango at 72 dpi, so points are points).
  explicit Canvas(cairo_t* cr);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  // A text block; `width` > 0 wraps at that width (and aligns within it). Unwrapped blocks are
  // cached by font and text: tables repeat the same few values ("0.00 €", "Yes", a site name).
  TextBlock text(std::string_view text, Font font, double width = 0,
                 Align align = Align::left) const;

  double y() const { return y_; }
  void advance(double dy) { y_ += dy; }
  double remaining() const { return kContentBottom - y_; }
  // Starts a new page when less than `height` remains; returns whether it did.
  bool ensure(double height);
  void new_page();
  // Adds a drawing operation to the current page.
  void draw(DrawOp op);

  const std::vector<std::vector<DrawOp>>& pages() const { return pages_; }

 private:
  PangoContext* context_ = nullptr;
  std::array<PangoFontDescription*, kFontCount> fonts_{};
  std::vector<std::vector<DrawOp>> pages_;
  double y_ = kContentTop;
  mutable std::unordered_map<std::string, TextBlock> cache_;
};

// Fills a rectangle with rounded corners.
void rounded_rect(cairo_t* cr, double x, double y, double w, double h, double r, Rgb colour);
void set_colour(cairo_t* cr, Rgb colour);

}  // namespace cpt::report::pdf
