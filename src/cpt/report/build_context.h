// BuildContext: what the section builders share while turning a snapshot into the report model
// (catalog, formatter, package) and the helpers that make typed, formatted cells. Internal to the
// report layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/report/catalog.h"
#include "cpt/report/formatter.h"
#include "cpt/report/report_model.h"

namespace cpt::report {

// The state of one build_report() call. Not thread-safe.
class BuildContext {
 public:
  BuildContext(const snapshot::VehicleSnapshot& snapshot, const Catalog& catalog,
               Formatter formatter, Timestamp generated_at);

  const snapshot::VehicleSnapshot& snap() const { return snapshot_; }
  const Catalog& catalog() const { return catalog_; }
  const Formatter& fmt() const { return formatter_; }
  Timestamp generated_at() const { return generated_at_; }
  snapshot::Package package() const { return snapshot_.provenance.package; }

  // A cell whose display text follows the field's type.
  Cell cell(const FieldDef& def, Value value, Tone tone = Tone::normal) const;
  std::string display(const FieldDef& def, const Value& value) const;
  // Appends a field when the value is known.
  void add(Section& section, const FieldDef& def, Value value, Tone tone = Tone::normal) const;
  // An empty table with its title and column labels.
  Table table(std::string id, std::initializer_list<const FieldDef*> columns) const;
  Chart chart(std::string id, ChartKind kind, Unit unit) const;
  // A module result as the report explains it.
  // `module` picks the module's own words for an empty answer.
  Status status(const snapshot::ModuleResult& result,
                std::optional<snapshot::ModuleId> module = std::nullopt) const;
  // "Battery health: Not included in the Pro package." for a module that is not ok, else nullopt.
  std::optional<std::string> note(snapshot::ModuleId module) const;
  void add_note(Section& section, snapshot::ModuleId module) const;
  // A module's note in the report's language ("note.<code>" with its parameters).
  std::string note_text(const snapshot::Note& note) const;
  // What an ok module's result notes (a partial answer), worded; empty when nothing.
  std::string ok_note(const snapshot::ModuleResult& result) const;
  // Why a module is missing, worded: "condition.<code>" when the catalog has it, else the error
  // kind's sentence.
  std::string cause_text(const snapshot::ModuleResult& result) const;

 private:
  const snapshot::VehicleSnapshot& snapshot_;
  const Catalog& catalog_;
  Formatter formatter_;
  Timestamp generated_at_;
};

// Optional data as a Value (absent -> monostate).
template <class T>
Value opt(const std::optional<T>& value) {
  if (!value) return std::monostate{};
  if constexpr (std::is_same_v<T, int>) {
    return static_cast<std::int64_t>(*value);
  } else {
    return *value;
  }
}

// The dash shown for an unknown value.
inline constexpr std::string_view kMissing = "\u2014";

// Fleet API detail rows (sections_detail.cc), added by the sections they belong to.
void add_charging_detail(BuildContext& ctx, Section& section, const snapshot::Battery& battery);
void add_vehicle_configuration(BuildContext& ctx, Section& section, const snapshot::Identity& id);
void add_update_progress(BuildContext& ctx, Section& section, const snapshot::Software& software);
void add_security_detail(BuildContext& ctx, Section& section, const snapshot::Security& security);

void build_identity(BuildContext& ctx, Section& section);
void build_battery(BuildContext& ctx, Section& section);
void build_condition(BuildContext& ctx, Section& section);
void build_charging(BuildContext& ctx, Section& section, std::vector<InvoiceFile>& invoices);
void build_tyres(BuildContext& ctx, Section& section);
void build_alerts(BuildContext& ctx, Section& section);
void build_service(BuildContext& ctx, Section& section);
void build_warranty(BuildContext& ctx, Section& section);
void build_software(BuildContext& ctx, Section& section);
void build_fleet_status(BuildContext& ctx, Section& section);
void build_specs(BuildContext& ctx, Section& section);
void build_provenance(BuildContext& ctx, Section& section);
// Page one: identity, odometer and one verdict per area, from the sections already built.
void build_summary(BuildContext& ctx, Report& report, Section& section);

}  // namespace cpt::report
