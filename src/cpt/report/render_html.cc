// The HTML renderer: one self-contained HTML5 file with inline CSS (screen and print) and inline
// SVG charts. Every string from the model is escaped.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cpt/core/html.h"
#include "cpt/report/render_common.h"
#include "cpt/report/renderers.h"

namespace cpt::report {
namespace {

constexpr std::string_view kStyle = R"css(
:root{--navy:#101c33;--ink:#1e293b;--muted:#64748b;--accent:#e8445a;--teal:#0d9488;
--rule:#e2e8f0;--stripe:#f8fafc;--good:#16a34a;--warn:#d97706;--bad:#dc2626;--bg:#f1f5f9}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 "DejaVu Sans","Segoe UI",
Helvetica,Arial,sans-serif}
.masthead{background:var(--navy);color:#fff;padding:22px 40px 26px;border-bottom:4px solid
var(--accent)}
.brandrow{display:flex;justify-content:space-between;align-items:center;gap:16px;flex-wrap:wrap}
.brand{display:flex;align-items:center;gap:10px;font-weight:700;font-size:17px;letter-spacing:.3px}
.brand svg{display:block}
.meta{font-size:12px;color:#cbd5e1;text-align:right}
.meta b{color:#fff;font-weight:600}
h1{margin:18px 0 2px;font-size:26px;font-weight:700;letter-spacing:-.2px}
.sub{margin:0;color:#cbd5e1;font-size:14px}
.pill{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;
background:rgba(255,255,255,.12);color:#fff;margin-left:6px}
main{max-width:1040px;margin:0 auto;padding:24px 28px 40px}
nav.toc{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 18px}
nav.toc a{font-size:12px;color:var(--navy);text-decoration:none;background:#fff;border:1px solid
var(--rule);border-radius:999px;padding:3px 10px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;
margin-bottom:18px}
.tile{background:#fff;border:1px solid var(--rule);border-radius:10px;padding:12px 14px;
border-top:3px solid var(--teal)}
.tile .k{font-size:11px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted)}
.tile .v{font-size:22px;font-weight:700;margin-top:2px}
section.card{background:#fff;border:1px solid var(--rule);border-radius:12px;padding:18px 22px
20px;margin-bottom:16px}
section.card h2{margin:0 0 12px;font-size:18px;display:flex;align-items:center;gap:10px}
section.card h2::before{content:"";width:4px;height:18px;border-radius:2px;
background:var(--accent)}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);
margin:18px 0 6px}
.status{margin:0 0 10px;padding:8px 12px;border-radius:8px;font-size:13px;background:#f8fafc;
border-left:3px solid var(--muted);color:var(--muted)}
.status.failed{border-color:var(--bad);color:#991b1b;background:#fef2f2}
.status.unavailable{border-color:var(--warn);color:#92400e;background:#fffbeb}
dl.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:2px 24px;
margin:0}
dl.fields div{display:flex;justify-content:space-between;gap:12px;padding:6px 0;border-bottom:1px
solid var(--rule)}
dt{color:var(--muted)}
dd{margin:0;font-weight:600;text-align:right}
.tone-good{color:var(--good)}.tone-warn{color:var(--warn)}.tone-bad{color:var(--bad)}
.tone-muted{color:var(--muted)}
table{width:100%;border-collapse:collapse;font-size:12.5px}
th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted);
border-bottom:2px solid var(--rule);padding:6px 8px;font-weight:600}
td{padding:6px 8px;border-bottom:1px solid var(--rule);vertical-align:top}
tbody tr:nth-child(even) td{background:var(--stripe)}
td.num,th.num{text-align:right;white-space:nowrap}
.tablewrap{overflow-x:auto}
figure.chart{margin:14px 0 4px}
figure.chart figcaption{font-size:12px;color:var(--muted);margin-bottom:4px}
ul.verdicts{list-style:none;margin:0;padding:0;display:grid;gap:8px}
li.verdict{display:grid;grid-template-columns:110px 190px 1fr;gap:12px;align-items:start;
background:var(--stripe);border-radius:8px;padding:8px 10px;color:var(--ink)}
li.verdict .badge{display:inline-block;text-align:center;border-radius:6px;padding:2px 8px;
color:#fff;font-weight:700;font-size:12px;background:var(--muted)}
li.verdict.tone-good .badge{background:var(--good)}li.verdict.tone-warn .badge{background:var(--warn)}
li.verdict.tone-bad .badge{background:var(--bad)}
ul.notes{margin:10px 0 10px;padding-left:18px;color:var(--muted);font-size:12.5px}
footer{max-width:1040px;margin:0 auto;padding:0 28px 32px;color:var(--muted);font-size:12px}
@media print{
@page{size:A4;margin:12mm}
body{background:#fff;font-size:10.5pt}
nav.toc{display:none}
main{padding:12px 0;max-width:none}
.masthead{padding:14px 18px}
section.card{border:none;border-top:1px solid var(--rule);border-radius:0;padding:10px 0;
break-inside:auto}
h2,h3{break-after:avoid}
tr,.tile,figure{break-inside:avoid}
thead{display:table-header-group}
}
)css";

std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string tone_class(Tone tone) {
  return tone == Tone::normal ? std::string()
                              : " class=\"tone-" + std::string(to_string(tone)) + "\"";
}

constexpr std::string_view kLogo =
    R"(<svg width="30" height="30" viewBox="0 0 30 30" aria-hidden="true"><rect width="30" )"
    R"(height="30" rx="7" fill="#e8445a"/><polyline points="4,16 10,16 13,9 17,22 20,13 22,16 )"
    R"(26,16" fill="none" stroke="#fff" stroke-width="2.2" stroke-linejoin="round" )"
    R"(stroke-linecap="round"/></svg>)";

// Bars with a labelled y-axis; no label on an empty month, month names thinned when crowded.
void bars_svg(std::string& out, const Chart& chart) {
  const double width = 960, height = 230, left = 70, bottom = 36, top = 22;
  double max_value = chart.ticks.empty() ? 0 : chart.ticks.back().value;
  for (const auto& p : chart.points) max_value = std::max(max_value, p.value);
  if (max_value <= 0) max_value = 1;
  const double slot =
      (width - left - 8) / static_cast<double>(std::max<std::size_t>(1, chart.points.size()));
  const double bar = std::min(56.0, slot * 0.62);
  const double plot = height - bottom - top;
  // About 7 px per character of a 12 px label.
  std::size_t widest = 1;
  for (const auto& p : chart.points) widest = std::max(widest, p.label.size());
  const auto every = static_cast<std::size_t>(
      std::max(1.0, std::ceil((static_cast<double>(widest) * 7.0 + 6) / slot)));
  out += "<svg viewBox=\"0 0 960 230\" width=\"100%\" role=\"img\" aria-label=\"";
  out += html_escape(chart.title) + "\">";
  for (const auto& tick : chart.ticks) {
    const double y = top + plot - plot * tick.value / max_value;
    out += "<line x1=\"" + num(left) + "\" x2=\"960\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
           "\" stroke=\"#e2e8f0\" stroke-width=\"1\"/>";
    out += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\" font-size=\"11\" fill=\"#64748b\">" + html_escape(tick.display) +
           "</text>";
  }
  for (std::size_t i = 0; i < chart.points.size(); ++i) {
    const auto& p = chart.points[i];
    const double h = plot * p.value / max_value;
    const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    const double y = top + plot - h;
    out += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(bar) + "\" height=\"" +
           num(h) + "\" rx=\"4\" fill=\"#0d9488\"><title>" + html_escape(p.label) + ": " +
           html_escape(p.display) + "</title></rect>";
    if (p.value > 0 && static_cast<double>(p.display.size()) * 7.0 <= slot) {
      out += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + num(y - 6) +
             "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1e293b\">" +
             html_escape(p.display) + "</text>";
    }
    if (i % every != 0) continue;
    out += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + num(height - bottom + 20) +
           "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#64748b\">" + html_escape(p.label) +
           "</text>";
  }
  out += "</svg>";
}

void gauge_svg(std::string& out, const Chart& chart) {
  if (chart.points.empty()) return;
  const double level = std::clamp(chart.points[0].value, 0.0, 100.0);
  const double width = 960, track = 900, x0 = 30;
  out += "<svg viewBox=\"0 0 960 74\" width=\"100%\" role=\"img\" aria-label=\"" +
         html_escape(chart.title) + "\">";
  out += "<rect x=\"30\" y=\"22\" width=\"900\" height=\"22\" rx=\"11\" fill=\"#e2e8f0\"/>";
  const std::string fill = level < 20 ? "#dc2626" : "#16a34a";
  out += "<rect x=\"30\" y=\"22\" width=\"" + num(track * level / 100) +
         "\" height=\"22\" rx=\"11\" fill=\"" + fill + "\"/>";
  // The level's label ends inside its bar, and left of the limit marker when they would meet
  // (about 8 px per character of a 13 px bold label).
  double end = x0 + std::max(track * level / 100 - 8, 40.0);
  if (chart.points.size() > 1) {
    const double marker = x0 + track * std::clamp(chart.points[1].value, 0.0, 100.0) / 100;
    const double text_width = 8.0 * static_cast<double>(chart.points[0].display.size());
    if (end > marker - 6 && end - text_width < marker + 6) end = std::max(marker - 8, x0 + 40);
  }
  out += "<text x=\"" + num(end) +
         "\" y=\"38\" text-anchor=\"end\" font-size=\"13\" font-weight=\"700\" fill=\"#fff\">" +
         html_escape(chart.points[0].display) + "</text>";
  if (chart.points.size() > 1) {
    const double limit = std::clamp(chart.points[1].value, 0.0, 100.0);
    const double x = x0 + track * limit / 100;
    out += "<line x1=\"" + num(x) + "\" x2=\"" + num(x) +
           "\" y1=\"14\" y2=\"52\" stroke=\"#101c33\" stroke-width=\"3\"/>";
    out += "<text x=\"" + num(std::min(x, width - 40)) +
           "\" y=\"68\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1e293b\">" +
           html_escape(chart.points[1].label) + " " + html_escape(chart.points[1].display) +
           "</text>";
  }
  out += "</svg>";
}

void table_html(std::string& out, const Table& table) {
  const auto columns = visible_columns(table);
  out += "<h3>" + html_escape(table.title) + "</h3><div class=\"tablewrap\"><table><thead><tr>";
  for (std::size_t c : columns) {
    out += is_numeric(*table.columns[c].def) ? "<th class=\"num\">" : "<th>";
    out += html_escape(table.columns[c].label) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t c : columns) {
      const Cell& cell = row[c];
      const bool is_num = is_numeric(*table.columns[c].def);
      out += "<td";
      if (is_num) out += " class=\"num\"";
      out += ">";
      if (cell.tone != Tone::normal) {
        out += "<span" + tone_class(cell.tone) + ">" + html_escape(cell.display) + "</span>";
      } else {
        append_html_escaped(out, cell.display);
      }
      out += "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>";
}

// What the package did not include is said once, in the closing line, not as empty cards.
bool shown(const Section& section) {
  return section.status.outcome != snapshot::ModuleOutcome::not_in_package;
}

// Page one's verdicts: a badge per area (good / attention / problem) and the reason in words.
void verdicts_html(std::string& out, const Table& table) {
  if (table.columns.size() < 3) return;
  out += "<h3>" + html_escape(table.title) + "</h3><ul class=\"verdicts\">";
  for (const auto& row : table.rows) {
    out += "<li class=\"verdict tone-" + std::string(to_string(row[1].tone)) +
           "\"><span class=\"badge\">" + html_escape(row[1].display) + "</span><b>" +
           html_escape(row[0].display) + "</b><span class=\"reason\">" +
           html_escape(row[2].display) + "</span></li>";
  }
  out += "</ul>";
}

void notes_html(std::string& out, const std::vector<std::string>& notes) {
  if (notes.empty()) return;
  out += "<ul class=\"notes\">";
  for (const auto& note : notes) out += "<li>" + html_escape(note) + "</li>";
  out += "</ul>";
}

void section_html(std::string& out, const Section& section) {
  const std::string id(to_string(section.id));
  out += "<section class=\"card\" id=\"" + id + "\"><h2>" + html_escape(section.title) + "</h2>";
  if (!section.status.message.empty()) {
    out += "<p class=\"status " + std::string(snapshot::to_string(section.status.outcome)) + "\">" +
           html_escape(section.status.message) + "</p>";
  }
  if (!section.fields.empty()) {
    out += "<dl class=\"fields\">";
    for (const auto& field : section.fields) {
      if (field.def->machine_only) continue;  // ids and raw codes are for JSON and CSV readers
      out += "<div><dt>" + html_escape(field.label) + "</dt><dd" + tone_class(field.cell.tone) +
             ">" + html_escape(field.cell.display) + "</dd></div>";
    }
    out += "</dl>";
  }
  // A section's notes explain its figures, so they follow them; the appendix ends with its
  // closing line instead.
  const bool notes_last = section.id == SectionId::provenance;
  if (!notes_last) notes_html(out, section.notes);
  for (const auto& chart : section.charts) {
    out += "<figure class=\"chart\"><figcaption>" + html_escape(chart.title) + "</figcaption>";
    if (chart.kind == ChartKind::bars) {
      bars_svg(out, chart);
    } else {
      gauge_svg(out, chart);
    }
    out += "</figure>";
  }
  for (const auto& table : section.tables) {
    if (section.id == SectionId::summary) {
      verdicts_html(out, table);
    } else {
      table_html(out, table);
    }
  }
  if (notes_last) notes_html(out, section.notes);
  out += "</section>\n";
}

void masthead_html(std::string& out, const Report& report) {
  const Header& h = report.header;
  const Catalog& catalog = Catalog::get(report.region.language);
  out += "<header class=\"masthead\"><div class=\"brandrow\"><div class=\"brand\">";
  out += kLogo;
  out += html_escape(h.brand) + "</div><div class=\"meta\">" + html_escape(catalog.text("ui.vin")) +
         " <b>" + html_escape(h.vin) + "</b><br>" + html_escape(catalog.text("ui.generated")) +
         " <b>" + html_escape(h.generated_display) + "</b><br><span class=\"zone\">" +
         html_escape(h.time_zone_display) + "</span></div></div>";
  out += "<h1>" + html_escape(h.vehicle_name.empty() ? h.title : h.vehicle_name) + "</h1>";
  out += "<p class=\"sub\">";
  if (!h.display_name.empty()) out += html_escape(h.display_name) + " \u00b7 ";
  out += html_escape(h.vehicle_name.empty() ? h.vin : h.title) + "<span class=\"pill\">" +
         html_escape(catalog.text("ui.package")) + ": " + html_escape(h.package_label) +
         "</span></p></header>\n";
}

}  // namespace

std::string render_html(const Report& report) {
  const Header& h = report.header;
  const Catalog& catalog = Catalog::get(report.region.language);
  std::string out;
  out.reserve(64 * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"" + std::string(to_string(report.region.language)) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"Car Pulse Tracker\">\n<title>";
  out += html_escape(h.brand) + " \u00b7 " + html_escape(h.title) + " \u00b7 " + html_escape(h.vin);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  masthead_html(out, report);
  out +=
      "<main>\n<nav class=\"toc\" aria-label=\"" + html_escape(catalog.text("ui.contents")) + "\">";
  for (const auto& section : report.sections) {
    if (!shown(section)) continue;
    out += "<a href=\"#" + std::string(to_string(section.id)) + "\">" + html_escape(section.title) +
           "</a>";
  }
  out += "</nav>\n";
  for (const auto& section : report.sections) {
    if (!shown(section)) continue;
    section_html(out, section);
  }
  out += "</main>\n<footer>" + html_escape(h.brand) + " \u00b7 " +
         html_escape(catalog.text("ui.tagline")) + " \u00b7 " + html_escape(h.order_id) +
         " \u00b7 schema " + html_escape(report.schema_version) + "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace cpt::report
