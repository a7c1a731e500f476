// Tables and charts for the PDF renderer. Internal to the report layer.
#pragma once

#include "cpt/report/pdf_canvas.h"
#include "cpt/report/report_model.h"

namespace cpt::report::pdf {

// A table with a caption, column widths fitted to the content, zebra rows, right-aligned numbers
// and the header row repeated after a page break.
void table_block(Canvas& canvas, const Table& table);

// Page one's verdicts: per area a coloured badge (good / attention / problem), the area and the
// reason in words. `table` is the summary's "summary.verdicts" table.
void verdict_block(Canvas& canvas, const Table& table);

// A bar chart (monthly energy) or a gauge (charge level against the limit).
void chart_block(Canvas& canvas, const Chart& chart);

}  // namespace cpt::report::pdf
