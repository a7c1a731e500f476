#include "cpt/report/pdf_blocks.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cpt/report/render_common.h"

namespace cpt::report::pdf {
namespace {

namespace pal = palette;
constexpr double kPad = 4.5;
constexpr double kMinTextColumn = 46;
constexpr double kSlack = 1.5;

// The widest word of a header: a header may wrap between words, never inside one.
double widest_word(const Canvas& canvas, std::string_view text) {
  double widest = 0;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    if (end > begin) {
      widest =
          std::max(widest, canvas.text(text.substr(begin, end - begin), Font::caption).width());
    }
    begin = end + 1;
  }
  return widest;
}

// Uses the content width exactly: overflow narrows every column (last resort), spare room widens
// the text columns (or all columns when there is no text column).
void distribute(std::vector<double>& widths, const std::vector<bool>& is_text) {
  const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
  if (total > kContentWidth) {
    for (double& w : widths) w *= kContentWidth / total;
    return;
  }
  double text_total = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) text_total += is_text[i] ? widths[i] : 0;
  const double spare = kContentWidth - total;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (text_total > 0) {
      if (is_text[i]) widths[i] += spare * widths[i] / text_total;
    } else {
      widths[i] += spare / static_cast<double>(widths.size());
    }
  }
}

// Every visible cell and header laid out once, unwrapped: measured for the column widths, and
// kept as is when it fits (only the cells that must wrap are laid out again).
struct Measured {
  std::vector<TextBlock> headers;
  std::vector<double> header_words;
  std::vector<std::vector<TextBlock>> cells;  // [row][visible column]
};

Measured measure(const Canvas& canvas, const Table& table,
                 const std::vector<std::size_t>& columns) {
  Measured m;
  for (std::size_t c : columns) {
    m.headers.push_back(canvas.text(table.columns[c].label, Font::caption));
    m.header_words.push_back(widest_word(canvas, table.columns[c].label));
  }
  for (const auto& row : table.rows) {
    auto& cells = m.cells.emplace_back();
    for (std::size_t c : columns) cells.push_back(canvas.text(row[c].display, Font::small));
  }
  return m;
}

// Narrows columns toward their floors, each in proportion to its room above the floor, until
// the table fits the content width or every column sits on its floor.
void shrink_to(std::vector<double>& widths, const std::vector<double>& floors) {
  const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
  double room = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) room += std::max(0.0, widths[i] - floors[i]);
  const double excess = std::min(total - kContentWidth, room);
  if (excess <= 0 || room <= 0) return;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    widths[i] -= excess * std::max(0.0, widths[i] - floors[i]) / room;
  }
}

// Column widths in steps, each only when the table is still too wide: content and header on one
// line; headers wrap between words; long header words break; text columns wrap; headers shrink
// to the content. Numbers wrap only as a last resort. Spare room goes to text columns.
std::vector<double> column_widths(const Table& table, const std::vector<std::size_t>& columns,
                                  const Measured& m) {
  constexpr double kLongWord = 56;  // header words longer than this may break
  const std::size_t n = columns.size();
  std::vector<double> content(n), word(n), widths(n);
  std::vector<bool> is_text(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& cells : m.cells) content[i] = std::max(content[i], cells[i].width());
    // A block laid out at exactly its natural width may still wrap (rounding): keep a point
    // and a half of slack.
    const double extra = 2 * kPad + kSlack;
    content[i] = std::min(content[i], 240.0) + extra;
    word[i] = m.header_words[i] + extra;
    widths[i] = std::max(content[i], m.headers[i].width() + extra);
    is_text[i] = !is_numeric(*table.columns[columns[i]].def);
  }
  const auto floors = [&](auto rule) {
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = rule(i);
    return out;
  };
  shrink_to(widths, floors([&](std::size_t i) { return std::max(content[i], word[i]); }));
  const auto short_word = [&](std::size_t i) { return std::min(word[i], kLongWord); };
  shrink_to(widths, floors([&](std::size_t i) { return std::max(content[i], short_word(i)); }));
  const auto text_floor = [&](std::size_t i) {
    return is_text[i] ? std::max(std::min(content[i], kMinTextColumn), short_word(i))
                      : std::max(content[i], short_word(i));
  };
  shrink_to(widths, floors(text_floor));
  shrink_to(widths, floors([&](std::size_t i) {
              return is_text[i] ? std::min(content[i], kMinTextColumn) : content[i];
            }));
  distribute(widths, is_text);
  return widths;
}

struct RowBlocks {
  std::vector<TextBlock> cells;
  std::vector<double> offsets;  // x inside the column (right alignment of unwrapped blocks)
  std::vector<Rgb> colours;
  double height = 0;
};

// Fits measured blocks into their columns: a block that fits keeps its layout (right-aligned by
// offset); a block that does not is wrapped.
RowBlocks fit_row(std::vector<TextBlock> blocks, const std::vector<double>& widths,
                  const std::vector<bool>& right, std::vector<Rgb> colours) {
  RowBlocks row;
  row.colours = std::move(colours);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    TextBlock& block = blocks[i];
    const double avail = widths[i] - 2 * kPad;
    double offset = 0;
    if (block.width() > avail) {
      block.wrap(avail, right[i] ? Align::right : Align::left);
    } else if (right[i]) {
      offset = avail - block.width();
    }
    row.offsets.push_back(offset);
    row.height = std::max(row.height, block.height());
    row.cells.push_back(std::move(block));
  }
  row.height += 2 * kPad;
  return row;
}

void draw_row(Canvas& canvas, const RowBlocks& row, const std::vector<double>& widths, bool stripe,
              bool header) {
  const double y = canvas.y();
  canvas.draw([=](cairo_t* cr) {
    if (stripe) {
      set_colour(cr, pal::kStripe);
      cairo_rectangle(cr, kMargin, y, kContentWidth, row.height);
      cairo_fill(cr);
    }
    double x = kMargin;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      row.cells[i].draw(cr, x + kPad + row.offsets[i], y + kPad, row.colours[i]);
      x += widths[i];
    }
    set_colour(cr, pal::kRule);
    cairo_set_line_width(cr, header ? 1.2 : 0.5);
    cairo_move_to(cr, kMargin, y + row.height);
    cairo_line_to(cr, kMargin + kContentWidth, y + row.height);
    cairo_stroke(cr);
  });
  canvas.advance(row.height);
}

}  // namespace

void table_block(Canvas& canvas, const Table& table) {
  const auto columns = visible_columns(table);
  if (columns.empty()) return;
  Measured m = measure(canvas, table, columns);
  const auto widths = column_widths(table, columns, m);
  std::vector<bool> right;
  for (std::size_t c : columns) right.push_back(is_numeric(*table.columns[c].def));
  const RowBlocks header = fit_row(std::move(m.headers), widths, right,
                                   std::vector<Rgb>(columns.size(), pal::kMutedInk));
  std::vector<RowBlocks> rows;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<Rgb> colours;
    for (std::size_t c : columns) colours.push_back(tone_colour(table.rows[r][c].tone));
    rows.push_back(fit_row(std::move(m.cells[r]), widths, right, std::move(colours)));
  }
  TextBlock caption = canvas.text(table.title, Font::small_bold, kContentWidth);
  const double first = rows.empty() ? 0 : rows.front().height;
  canvas.ensure(caption.height() + 4 + header.height + first);
  const double y = canvas.y();
  canvas.draw([=](cairo_t* cr) { caption.draw(cr, kMargin, y, pal::kNavy); });
  canvas.advance(caption.height() + 4);
  draw_row(canvas, header, widths, false, true);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (canvas.ensure(rows[i].height)) draw_row(canvas, header, widths, false, true);
    draw_row(canvas, rows[i], widths, i % 2 == 1, false);
  }
  canvas.advance(12);
}

namespace {

// Bars with a labelled y-axis; a bar's value is written above it only when it is not zero and
// fits its slot, and month labels are thinned so that none overlaps the next.
void bars(Canvas& canvas, const Chart& chart) {
  const double height = 120;
  const double label_space = 14;
  std::vector<TextBlock> tick_labels;
  double axis_width = 0;
  for (const auto& tick : chart.ticks) {
    tick_labels.push_back(canvas.text(tick.display, Font::tiny));
    axis_width = std::max(axis_width, tick_labels.back().width());
  }
  axis_width += 6;
  double max_value = chart.ticks.empty() ? 0 : chart.ticks.back().value;
  for (const auto& p : chart.points) max_value = std::max(max_value, p.value);
  if (max_value <= 0) max_value = 1;
  const double left = kMargin + axis_width;
  const double width = kContentWidth - axis_width;
  const double slot = width / static_cast<double>(std::max<std::size_t>(1, chart.points.size()));
  const double bar = std::min(34.0, slot * 0.6);
  const double top = canvas.y() + 12;
  const double plot = height - label_space - 12;
  std::vector<std::pair<TextBlock, TextBlock>> labels;
  double widest = 0;
  for (const auto& p : chart.points) {
    labels.emplace_back(canvas.text(p.display, Font::tiny), canvas.text(p.label, Font::tiny));
    widest = std::max(widest, labels.back().second.width());
  }
  const std::size_t every =
      static_cast<std::size_t>(std::max(1.0, std::ceil((widest + 4) / std::max(1.0, slot))));
  canvas.draw([=, points = chart.points, ticks = chart.ticks](cairo_t* cr) {
    set_colour(cr, pal::kRule);
    cairo_set_line_width(cr, 0.5);
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      const double y = top + plot - plot * ticks[i].value / max_value;
      cairo_move_to(cr, left, y);
      cairo_line_to(cr, kMargin + kContentWidth, y);
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      const double y = top + plot - plot * ticks[i].value / max_value;
      tick_labels[i].draw(cr, left - 4 - tick_labels[i].width(), y - tick_labels[i].height() / 2,
                          pal::kMutedInk);
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double h = plot * points[i].value / max_value;
      const double x = left + slot * static_cast<double>(i);
      if (h > 0) rounded_rect(cr, x + (slot - bar) / 2, top + plot - h, bar, h, 2.5, pal::kTeal);
      const TextBlock& value = labels[i].first;
      if (points[i].value > 0 && value.width() <= slot - 2) {
        value.draw(cr, x + (slot - value.width()) / 2, top + plot - h - value.height() - 1,
                   pal::kInk);
      }
      const TextBlock& month = labels[i].second;
      if (i % every == 0)
        month.draw(cr, x + (slot - month.width()) / 2, top + plot + 3, pal::kMutedInk);
    }
  });
  canvas.advance(height + 6);
}

void gauge(Canvas& canvas, const Chart& chart) {
  if (chart.points.empty()) return;
  const double level = std::clamp(chart.points[0].value, 0.0, 100.0);
  const double y = canvas.y() + 6;
  const double track = kContentWidth;
  TextBlock value = canvas.text(chart.points[0].display, Font::small_bold);
  std::optional<std::pair<double, TextBlock>> marker;
  if (chart.points.size() > 1) {
    marker.emplace(std::clamp(chart.points[1].value, 0.0, 100.0),
                   canvas.text(chart.points[1].label + " " + chart.points[1].display, Font::tiny));
  }
  canvas.draw([=](cairo_t* cr) {
    rounded_rect(cr, kMargin, y, track, 14, 7, pal::kRule);
    const Rgb fill = level < 20 ? pal::kBad : pal::kGood;
    rounded_rect(cr, kMargin, y, std::max(14.0, track * level / 100), 14, 7, fill);
    // The level's label sits inside its bar, and left of the limit marker when they would meet.
    double vx = kMargin + std::max(track * level / 100 - value.width() - 6, 4.0);
    if (marker) {
      const double mx = kMargin + track * marker->first / 100;
      if (vx < mx + 3 && vx + value.width() > mx - 3)
        vx = std::max(kMargin + 4, mx - value.width() - 6);
    }
    const bool inside = vx + value.width() <= kMargin + std::max(14.0, track * level / 100);
    value.draw(cr, vx, y + 2.5, inside ? Rgb{1, 1, 1} : pal::kInk);
    if (marker) {
      const double x = kMargin + track * marker->first / 100;
      set_colour(cr, pal::kNavy);
      cairo_set_line_width(cr, 2);
      cairo_move_to(cr, x, y - 4);
      cairo_line_to(cr, x, y + 18);
      cairo_stroke(cr);
      const double tx = std::min(x - marker->second.width() / 2,
                                 kMargin + kContentWidth - marker->second.width());
      marker->second.draw(cr, tx, y + 20, pal::kInk);
    }
  });
  canvas.advance(44);
}

}  // namespace

void verdict_block(Canvas& canvas, const Table& table) {
  if (table.columns.size() < 3) return;
  TextBlock caption = canvas.text(table.title, Font::small_bold, kContentWidth);
  canvas.ensure(caption.height() + 40);
  const double cy = canvas.y();
  canvas.draw([=](cairo_t* cr) { caption.draw(cr, kMargin, cy, pal::kNavy); });
  canvas.advance(caption.height() + 6);
  const double badge_width = 92;
  const double area_width = 120;
  const double reason_width = kContentWidth - badge_width - area_width - 28;
  for (const auto& row : table.rows) {
    TextBlock badge =
        canvas.text(row[1].display, Font::small_bold, badge_width - 12, Align::center);
    TextBlock area = canvas.text(row[0].display, Font::body_bold, area_width);
    TextBlock reason = canvas.text(row[2].display, Font::body, reason_width);
    const double height = std::max({badge.height() + 8, area.height(), reason.height()}) + 10;
    canvas.ensure(height);
    const double y = canvas.y();
    const Rgb colour = tone_colour(row[1].tone);
    canvas.draw([=](cairo_t* cr) {
      rounded_rect(cr, kMargin, y, kContentWidth, height - 4, 6, pal::kStripe);
      rounded_rect(cr, kMargin + 8, y + 5, badge_width - 6, badge.height() + 6, 4, colour);
      badge.draw(cr, kMargin + 8, y + 8, Rgb{1, 1, 1});
      area.draw(cr, kMargin + badge_width + 10, y + 6, pal::kNavy);
      reason.draw(cr, kMargin + badge_width + area_width + 18, y + 6, pal::kInk);
    });
    canvas.advance(height);
  }
  canvas.advance(8);
}

void chart_block(Canvas& canvas, const Chart& chart) {
  TextBlock caption = canvas.text(chart.title, Font::small_bold, kContentWidth);
  canvas.ensure(caption.height() + (chart.kind == ChartKind::bars ? 130 : 48));
  const double y = canvas.y();
  canvas.draw([=](cairo_t* cr) { caption.draw(cr, kMargin, y, palette::kNavy); });
  canvas.advance(caption.height() + 2);
  if (chart.kind == ChartKind::bars) {
    bars(canvas, chart);
  } else {
    gauge(canvas, chart);
  }
}

}  // namespace cpt::report::pdf
