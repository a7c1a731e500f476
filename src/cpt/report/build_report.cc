#include <array>

#include "cpt/core/redact.h"
#include "cpt/report/build_context.h"
#include "cpt/report/invariants.h"
#include "cpt/report/time_zone.h"

namespace cpt::report {

using snapshot::ModuleId;
using snapshot::Package;

namespace {

struct SectionInfo {
  SectionId id;
  std::string_view name;
  Package package;
  std::optional<ModuleId> primary;  // the module whose outcome is the section's status
};

constexpr std::array<SectionInfo, kSectionCount> kSections = {{
    {SectionId::summary, "summary", Package::basic, std::nullopt},
    {SectionId::identity, "identity", Package::basic, ModuleId::identity},
    {SectionId::battery, "battery", Package::basic, ModuleId::battery},
    {SectionId::condition, "condition", Package::basic, ModuleId::odometer},
    {SectionId::charging, "charging", Package::pro, ModuleId::charging},
    {SectionId::tyres, "tyres", Package::pro, ModuleId::tyres},
    {SectionId::alerts, "alerts", Package::basic, ModuleId::alerts},
    {SectionId::service, "service", Package::pro, ModuleId::service},
    {SectionId::warranty, "warranty", Package::pro, ModuleId::warranty},
    {SectionId::software, "software", Package::basic, ModuleId::software},
    {SectionId::fleet_status, "fleet_status", Package::basic, ModuleId::fleet_status},
    {SectionId::specs, "specs", Package::expert, ModuleId::specs},
    {SectionId::provenance, "provenance", Package::basic, std::nullopt},
}};

const SectionInfo& info(SectionId id) {
  return kSections[static_cast<std::size_t>(id)];
}

std::string vehicle_name(const snapshot::VehicleSnapshot& s) {
  if (!s.identity.data) return {};
  const auto& id = *s.identity.data;
  std::string name;
  auto append = [&name](const std::optional<std::string>& part) {
    if (!part || part->empty()) return;
    if (!name.empty()) name += ' ';
    name += *part;
  };
  if (id.model_year) name = std::to_string(*id.model_year);
  if (!id.model) append(id.make);
  append(id.model);
  append(id.trim);
  return name;
}

Header make_header(const BuildContext& ctx) {
  const auto& s = ctx.snap();
  Header h;
  h.brand = "Car Pulse Tracker";
  h.title = std::string(ctx.catalog().text("ui.report_title"));
  h.vin = s.vin;
  h.vin_masked = redact::vin(s.vin);
  h.vehicle_name = vehicle_name(s);
  if (s.identity.data && s.identity.data->display_name) {
    h.display_name = *s.identity.data->display_name;
  }
  h.generated_at = ctx.generated_at();
  h.generated_display = ctx.fmt().datetime_zone(ctx.generated_at());
  h.time_zone_display = ctx.catalog().format("ui.time_zone", {{"zone", ctx.fmt().zone_name()}});
  h.package = s.provenance.package;
  h.package_label = std::string(ctx.catalog().text("package", to_string(h.package)));
  h.order_id = s.provenance.order_id;
  return h;
}

void fill_section(BuildContext& ctx, Section& section, std::vector<InvoiceFile>& invoices) {
  switch (section.id) {
    case SectionId::summary:
      return;  // built last, from the other sections
    case SectionId::identity:
      return build_identity(ctx, section);
    case SectionId::battery:
      return build_battery(ctx, section);
    case SectionId::condition:
      return build_condition(ctx, section);
    case SectionId::charging:
      return build_charging(ctx, section, invoices);
    case SectionId::tyres:
      return build_tyres(ctx, section);
    case SectionId::alerts:
      return build_alerts(ctx, section);
    case SectionId::service:
      return build_service(ctx, section);
    case SectionId::warranty:
      return build_warranty(ctx, section);
    case SectionId::software:
      return build_software(ctx, section);
    case SectionId::fleet_status:
      return build_fleet_status(ctx, section);
    case SectionId::specs:
      return build_specs(ctx, section);
    case SectionId::provenance:
      return build_provenance(ctx, section);
  }
}

// What a bigger package would add, said once at the end of a Basic or Pro report.
std::optional<std::string> closing_line(const BuildContext& ctx) {
  switch (ctx.package()) {
    case Package::basic:
      return std::string(ctx.catalog().text("ui.closing_basic"));
    case Package::pro:
      return std::string(ctx.catalog().text("ui.closing_pro"));
    case Package::expert:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(SectionId id) {
  return info(id).name;
}

Package section_package(SectionId id) {
  return info(id).package;
}

std::string_view to_string(Tone tone) {
  switch (tone) {
    case Tone::normal:
      return "normal";
    case Tone::good:
      return "good";
    case Tone::warn:
      return "warn";
    case Tone::bad:
      return "bad";
    case Tone::muted:
      return "muted";
  }
  return "normal";
}

const Section* Report::section(SectionId id) const {
  for (const auto& s : sections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Report build_report(const snapshot::VehicleSnapshot& snapshot, const ReportOptions& options) {
  const Catalog& catalog = Catalog::get(options.language);
  RegionContext region =
      make_region_context(options.language, snapshot.display.data, snapshot.provenance.region);
  region.market = market_country(snapshot);
  region.time_zone = report_time_zone(options.time_zone, region.market);
  const Timestamp generated_at = options.generated_at.value_or(snapshot.provenance.generated_at);
  BuildContext ctx(snapshot, catalog, Formatter(region), generated_at);

  Report report;
  report.region = region;
  report.header = make_header(ctx);
  for (const auto& entry : kSections) {
    Section section;
    section.id = entry.id;
    section.title = std::string(catalog.text("section", entry.name));
    if (!snapshot::includes(snapshot.provenance.package, entry.package)) {
      section.status = ctx.status(snapshot::ModuleResult::not_in_package(std::string(entry.name)));
    } else {
      if (entry.primary) {
        section.status = ctx.status(snapshot.result(*entry.primary), *entry.primary);
      }
      fill_section(ctx, section, report.invoices);
    }
    report.sections.push_back(std::move(section));
  }
  build_summary(ctx, report, report.sections.front());
  if (const auto line = closing_line(ctx)) report.sections.back().notes.push_back(*line);
  notify_built(report);
  return report;
}

}  // namespace cpt::report
