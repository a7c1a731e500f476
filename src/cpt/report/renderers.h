// The report renderers: pure functions from the report model to document bytes (no I/O besides
// the PDF and ZIP libraries' in-memory calls).
#pragma once

#include <span>
#include <string>

#include "cpt/core/error.h"
#include "cpt/report/report_model.h"
#include "cpt/report/signing.h"

namespace cpt::report {

// JSON (schema in docs/report-schema.md), pretty-printed. With a key, a "signature" member signs
// the canonical form (see report_json.h and `cpt verify`).
Result<std::string> render_json(const Report& report, const SigningKey* key = nullptr);

// One self-contained HTML5 file: inline CSS (with print styles) and inline SVG charts; every text
// from the data is escaped.
std::string render_html(const Report& report);

// An A4 PDF (cairo + pango, DejaVu fonts) with page numbers, a header carrying the masked VIN and
// the generation time, and native charts. Bytes are reproducible: the creation date is the
// report's generation time. With a key, the signed JSON is embedded as an attachment and the
// PDF bytes are signed too (see verify.h).
Result<std::string> render_pdf(const Report& report, const SigningKey* key = nullptr);

// Drops the calling thread's font map: Pango keeps one per thread, with every font, face and
// glyph cache the thread's PDFs used, for the thread's life. A long-lived thread that renders
// now and then (a service's order worker) calls this when its batch is done; its next PDF builds
// the map again.
void release_thread_render_caches();

// RFC 4180 CSV: one row per charging session with its fees; machine-readable values (ISO 8601
// times, decimal amounts with a currency column) under stable snake_case headers.
std::string render_csv(const Report& report);

// A ZIP of invoice PDFs in VIN folders ("<VIN>/<file>.pdf") for one or many vehicles (an order),
// plus "index.csv" listing every invoice and whether it is included.
Result<std::string> render_invoice_zip(std::span<const Report> reports);

}  // namespace cpt::report
