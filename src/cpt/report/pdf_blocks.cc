#include "cpt/report/pdf_blocks.h"

#include <cairo.h>

#include <algorithm>
#include <numeric>

#include "cpt/report/render_common.h"

namespace cpt::report::pdf {
namespace {

namespace pal = palette;
constexpr double kPad = 4.5;
constexpr double kMinTextColumn = 46;
constexpr double kSlack = 1.5;

bool numeric(const FieldDef& def) {
  switch (def.type) {
    case FieldType::integer:
    case FieldType::quantity:
    case FieldType::percent:
    case FieldType::money:
    case FieldType::cost:
      return true;
    default:
      return false;
  }
}

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

// Column widths in three steps: each column's preferred width (content and header on one
// line); if that overflows, headers wrap (down to their widest word); if it still overflows,
// text columns wrap (numbers never do); spare room goes to text columns.
std::vector<double> column_widths(const Canvas& canvas, const Table& table,
                                  const std::vector<std::size_t>& columns) {
  const std::size_t n = columns.size();
  std::vector<double> content(n), header_word(n), header_full(n);
  std::vector<bool> is_text(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& column = table.columns[columns[i]];
    for (const auto& row : table.rows) {
      content[i] = std::max(content[i], canvas.text(row[columns[i]].display, Font::small).width());
    }
    // A block laid out at exactly its natural width may still wrap (rounding): keep a point
    // and a half of slack.
    content[i] = std::min(content[i], 240.0) + 2 * kPad + kSlack;
    header_full[i] = canvas.text(column.label, Font::caption).width() + 2 * kPad + kSlack;
    header_word[i] = widest_word(canvas, column.label) + 2 * kPad + kSlack;
    is_text[i] = !numeric(*column.def);
  }
  std::vector<double> widths(n);
  for (std::size_t i = 0; i < n; ++i) widths[i] = std::max(content[i], header_full[i]);
  auto sum = [&widths] { return std::accumulate(widths.begin(), widths.end(), 0.0); };
  if (sum() > kContentWidth) {
    for (std::size_t i = 0; i < n; ++i) widths[i] = std::max(content[i], header_word[i]);
  }
  if (sum() > kContentWidth) {
    double text_total = 0;
    for (std::size_t i = 0; i < n; ++i) text_total += is_text[i] ? widths[i] : 0;
    const double excess = sum() - kContentWidth;
    for (std::size_t i = 0; i < n && text_total > 0; ++i) {
      if (is_text[i]) {
        // Never below the header's widest word, nor below a readable minimum the content needs.
        const double floor = std::max(header_word[i], std::min(content[i], kMinTextColumn));
        widths[i] = std::max(floor, widths[i] - excess * widths[i] / text_total);
      }
    }
  }
  if (const double total = sum(); total > kContentWidth) {
    for (double& w : widths) w *= kContentWidth / total;  // last resort: everything narrows
  } else {
    double text_total = 0;
    for (std::size_t i = 0; i < n; ++i) text_total += is_text[i] ? widths[i] : 0;
    const double spare = kContentWidth - total;
    for (std::size_t i = 0; i < n; ++i) {
      if (text_total > 0) {
        if (is_text[i]) widths[i] += spare * widths[i] / text_total;
      } else {
        widths[i] += spare / static_cast<double>(n);
      }
    }
  }
  return widths;
}

struct RowBlocks {
  std::vector<TextBlock> cells;
  std::vector<Rgb> colours;
  double height = 0;
};

RowBlocks header_row(const Canvas& canvas, const Table& table,
                     const std::vector<std::size_t>& columns, const std::vector<double>& widths) {
  RowBlocks row;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& column = table.columns[columns[i]];
    row.cells.push_back(canvas.text(column.label, Font::caption, widths[i] - 2 * kPad,
                                    numeric(*column.def) ? Align::right : Align::left));
    row.colours.push_back(pal::kMutedInk);
    row.height = std::max(row.height, row.cells.back().height());
  }
  row.height += 2 * kPad;
  return row;
}

RowBlocks body_row(const Canvas& canvas, const Table& table, const std::vector<Cell>& cells,
                   const std::vector<std::size_t>& columns, const std::vector<double>& widths) {
  RowBlocks row;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Cell& cell = cells[columns[i]];
    const bool number = numeric(*table.columns[columns[i]].def);
    row.cells.push_back(canvas.text(cell.display, Font::small, widths[i] - 2 * kPad,
                                    number ? Align::right : Align::left));
    row.colours.push_back(tone_colour(cell.tone));
    row.height = std::max(row.height, row.cells.back().height());
  }
  row.height += 2 * kPad - 1;
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
      row.cells[i].draw(cr, x + kPad, y + kPad - (header ? 0 : 0.5), row.colours[i]);
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
  const auto widths = column_widths(canvas, table, columns);
  const RowBlocks header = header_row(canvas, table, columns, widths);
  TextBlock caption = canvas.text(table.title, Font::small_bold, kContentWidth);
  std::vector<RowBlocks> rows;
  for (const auto& cells : table.rows)
    rows.push_back(body_row(canvas, table, cells, columns, widths));
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

void bars(Canvas& canvas, const Chart& chart) {
  const double height = 120;
  const double label_space = 14;
  double max_value = 0;
  for (const auto& p : chart.points) max_value = std::max(max_value, p.value);
  if (max_value <= 0) max_value = 1;
  const double slot =
      kContentWidth / static_cast<double>(std::max<std::size_t>(1, chart.points.size()));
  const double bar = std::min(34.0, slot * 0.6);
  const double top = canvas.y() + 12;
  const double plot = height - label_space - 12;
  std::vector<std::pair<TextBlock, TextBlock>> labels;
  for (const auto& p : chart.points) {
    labels.emplace_back(canvas.text(p.display, Font::tiny, slot, Align::center),
                        canvas.text(p.label, Font::tiny, slot, Align::center));
  }
  canvas.draw([=, points = chart.points](cairo_t* cr) {
    set_colour(cr, pal::kRule);
    cairo_set_line_width(cr, 0.5);
    for (int i = 0; i <= 4; ++i) {
      const double y = top + plot * i / 4.0;
      cairo_move_to(cr, kMargin, y);
      cairo_line_to(cr, kMargin + kContentWidth, y);
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double h = plot * points[i].value / max_value;
      const double x = kMargin + slot * static_cast<double>(i);
      if (h > 0) rounded_rect(cr, x + (slot - bar) / 2, top + plot - h, bar, h, 2.5, pal::kTeal);
      labels[i].first.draw(cr, x, top + plot - h - labels[i].first.height() - 1, pal::kInk);
      labels[i].second.draw(cr, x, top + plot + 3, pal::kMutedInk);
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
    value.draw(cr, kMargin + std::max(track * level / 100 - value.width() - 6, 4.0), y + 2.5,
               Rgb{1, 1, 1});
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
