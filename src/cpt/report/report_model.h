// The report model: a VehicleSnapshot turned into sections of labelled, typed and already
// formatted values. Every renderer (JSON, HTML, PDF, CSV, ZIP) lays out this one model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/core/money.h"
#include "cpt/core/time.h"
#include "cpt/report/catalog.h"
#include "cpt/report/field_schema.h"
#include "cpt/report/region_context.h"
#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::report {

// The JSON schema version this model is written with (see docs/report-schema.md).
inline constexpr std::string_view kSchemaVersion = "1.0";

// A canonical value: text or code, integer, number in the field's canonical unit, bool, money,
// instant, or a list of texts/codes. monostate means "not known".
using Value = std::variant<std::monostate, std::string, std::int64_t, double, bool, Money,
                           Timestamp, std::vector<std::string>>;

// How a value should catch the eye: fine, worth a look, or a problem.
enum class Tone { normal, good, warn, bad, muted };
std::string_view to_string(Tone tone);

// A value and its text in the report's language. Value type.
struct Cell {
  Value value;
  std::string display;  // "250 mi", "18,40 $"; "—" when the value is not known
  Tone tone = Tone::normal;
};

// A labelled single value. `def` points into fields:: (static storage). Value type.
struct Field {
  const FieldDef* def = nullptr;
  std::string label;
  Cell cell;
};

// A table column. Value type.
struct Column {
  const FieldDef* def = nullptr;
  std::string label;
};

// A table: columns of FieldDefs and rows of cells (one per column). Value type.
struct Table {
  std::string id;  // "charging.sessions"; the title key is "table." + id
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

enum class ChartKind { bars, gauge };

// One bar of a chart, or for a gauge: the value (point 0) and the marker (point 1).
struct ChartPoint {
  std::string key;    // machine key, e.g. "2026-01"
  std::string label;  // localized, e.g. "tammi 2026"
  double value = 0;   // in the chart's unit
  std::string display;
};

// One labelled step of a chart's value axis. Value type.
struct AxisTick {
  double value = 0;     // in the chart's unit
  std::string display;  // "200 kWh"
};

// A small chart drawn natively by each renderer (SVG in HTML, cairo in PDF). Value type.
struct Chart {
  std::string id;  // title key is "chart." + id
  ChartKind kind = ChartKind::bars;
  std::string title;
  Unit unit = Unit::none;
  std::vector<ChartPoint> points;
  std::vector<AxisTick> ticks;  // bars: the y-axis from 0 to at least the largest value
};

// Why a section (or one of its modules) has no or partial data, in the report's language.
struct Status {
  snapshot::ModuleOutcome outcome = snapshot::ModuleOutcome::ok;
  std::string message;  // empty when ok
  std::optional<ErrorKind> error_kind;
  std::optional<int> http_status;
  std::string condition;  // "mobile_access_disabled": the module result's condition, for machines
};

enum class SectionId {
  summary,  // page one: the vehicle passport and one verdict per area
  identity,
  battery,
  condition,
  charging,
  tyres,
  alerts,
  service,
  warranty,
  software,
  fleet_status,
  specs,
  provenance,
};
inline constexpr int kSectionCount = 13;
std::string_view to_string(SectionId id);
// The package a section first appears in (identity: basic, charging: pro, specs: expert, ...).
snapshot::Package section_package(SectionId id);

// One section: its status, fields, tables, charts and notes about secondary modules.
struct Section {
  SectionId id = SectionId::identity;
  std::string title;
  Status status;
  std::vector<Field> fields;
  std::vector<Table> tables;
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // e.g. "Battery health: not included in the Pro package."

  bool has_content() const { return !fields.empty() || !tables.empty() || !charts.empty(); }
};

// An invoice PDF to ship in the ZIP, with where it belongs. Value type.
struct InvoiceFile {
  std::string vin;
  std::string session_id;
  std::string file_name;             // as the provider named it (sanitized by the ZIP renderer)
  std::optional<std::string> bytes;  // absent when the download failed
};

// The top of every page: brand, vehicle, when, and what was bought.
struct Header {
  std::string brand;  // "Car Pulse Tracker"
  std::string title;  // "Vehicle report" in the report's language
  std::string vin;
  std::string vin_masked;    // "LRW…7364"
  std::string vehicle_name;  // "2023 Model 3 Long Range All-Wheel Drive"
  std::string display_name;  // the owner's name for the car, when known
  Timestamp generated_at;
  std::string generated_display;
  // "Times in Europe/Helsinki (EET/EEST)", in the report's language: said once, near the top.
  std::string time_zone_display;
  snapshot::Package package = snapshot::Package::basic;
  std::string package_label;
  std::string order_id;
};

// Where the verify page lives when the caller names no public URL: a local `cpt serve`.
inline constexpr std::string_view kDefaultVerifyBaseUrl = "http://127.0.0.1:8080";

// A complete report. Value type; not thread-safe to mutate.
struct Report {
  std::string schema_version{kSchemaVersion};
  // The public URL of the service whose verify page checks this report (printed with a QR code
  // on the PDF's first and last page; not part of the signed JSON).
  std::string verify_base_url{kDefaultVerifyBaseUrl};
  Header header;
  RegionContext region;
  std::vector<Section> sections;
  std::vector<InvoiceFile> invoices;

  const Section* section(SectionId id) const;
};

// How to build a report.
struct ReportOptions {
  ReportOptions() = default;
  // A language alone is enough: build_report(snapshot, Language::fi).
  ReportOptions(Language lang) : language(lang) {}  // NOLINT(google-explicit-constructor)

  Language language = Language::en;
  // Overrides the snapshot's generation time (defaults to provenance.generated_at).
  std::optional<Timestamp> generated_at;
  // The IANA zone every time is shown in (charging sessions keep their site's clock); unset or
  // unknown: the main zone of the car's market (time_zone.h).
  std::optional<std::string> time_zone;
};

// Builds the model. Never fails on missing data: a module that was not fetched becomes a section
// status that says why.
Report build_report(const snapshot::VehicleSnapshot& snapshot, const ReportOptions& options);

}  // namespace cpt::report
