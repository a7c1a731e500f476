// Page one, the "vehicle passport": who the car is, its odometer, and one verdict per area (good,
// attention, problem) with the reason in words. Every figure is copied from the section that
// shows it, so page one and the pages after it cannot disagree.
#include <algorithm>

#include "cpt/report/build_context.h"
#include "cpt/report/judgement.h"
#include "cpt/report/report_query.h"

namespace cpt::report {

using snapshot::ModuleOutcome;

namespace {

struct Finding {
  std::string_view area;
  Verdict verdict = Verdict::unknown;
  std::string reason;
};

void append_sentence(std::string& text, const std::string& sentence) {
  if (!text.empty()) text.push_back(' ');
  text.append(sentence);
}

std::string display_of(const Section* section, const FieldDef& def) {
  const Field* field = section ? find_field(*section, def) : nullptr;
  return field ? field->cell.display : std::string();
}

// A section that could not be read says why, in its own status words.
std::optional<Finding> unread(const BuildContext& ctx, const Section& section,
                              std::string_view area) {
  if (section.status.outcome == ModuleOutcome::not_in_package) return Finding{area, {}, {}};
  if (section.status.outcome == ModuleOutcome::ok ||
      section.status.outcome == ModuleOutcome::empty) {
    return std::nullopt;
  }
  return Finding{area, Verdict::unknown,
                 ctx.catalog().format("reason.unread", {{"message", section.status.message}})};
}

Finding battery_finding(const BuildContext& ctx, const Section& s) {
  const Catalog& c = ctx.catalog();
  const Field* verdict = find_field(s, fields::battery_verdict);
  if (!verdict) {
    if (auto u = unread(ctx, s, "battery")) return *u;
    const std::string full = display_of(&s, fields::range_at_full);
    return {"battery", Verdict::unknown,
            full.empty() ? std::string(c.text("reason.battery.unknown"))
                         : c.format("reason.battery.range_only", {{"range", full}})};
  }
  const auto* code = std::get_if<std::string>(&verdict->cell.value);
  Verdict v = Verdict::unknown;
  for (Verdict candidate : {Verdict::good, Verdict::attention, Verdict::problem}) {
    if (code && *code == to_string(candidate)) v = candidate;
  }
  std::string reason;
  // Tesla's own measurement (Expert) first, when there is one: it decides the verdict.
  if (const std::string measured = display_of(&s, fields::soh); !measured.empty()) {
    const std::string date = display_of(&s, fields::soh_measured_at);
    reason = c.format("reason.battery.measured",
                      {{"soh", measured}, {"date", date.empty() ? std::string(kMissing) : date}});
  }
  if (find_field(s, fields::soh_estimate)) {
    append_sentence(reason, c.format("reason.battery.estimate",
                                     {{"soh", display_of(&s, fields::soh_estimate)},
                                      {"low", display_of(&s, fields::soh_low)},
                                      {"high", display_of(&s, fields::soh_high)},
                                      {"typical", display_of(&s, fields::soh_typical)}}));
  }
  return {"battery", v, reason};
}

Finding warranty_finding(const BuildContext& ctx, const Section& s) {
  const Catalog& c = ctx.catalog();
  if (auto u = unread(ctx, s, "warranty")) return *u;
  const Table* table = find_table(s, "warranty.items");
  if (!table || table->rows.empty()) {
    return {"warranty", Verdict::unknown, std::string(c.text("reason.warranty.none"))};
  }
  const auto state = column_of(*table, fields::warranty_state);
  const auto days = column_of(*table, fields::warranty_time_left);
  const auto name = column_of(*table, fields::warranty_name);
  const auto distance = column_of(*table, fields::warranty_distance_left);
  // The active warranty with the most days left speaks for the car.
  const std::vector<Cell>* best = nullptr;
  for (const auto& row : table->rows) {
    const auto* code = std::get_if<std::string>(&row[*state].value);
    if (!code || *code == "expired") continue;
    const auto* left = std::get_if<std::int64_t>(&row[*days].value);
    const auto* best_left = best ? std::get_if<std::int64_t>(&(*best)[*days].value) : nullptr;
    if (!best || (left && (!best_left || *left > *best_left))) best = &row;
  }
  if (!best)
    return {"warranty", Verdict::attention, std::string(c.text("reason.warranty.expired"))};
  const auto* left = std::get_if<std::int64_t>(&(*best)[*days].value);
  const Verdict v = left && *left < 365 ? Verdict::attention : Verdict::good;
  const bool no_distance = std::holds_alternative<std::monostate>((*best)[*distance].value);
  return {"warranty", v,
          c.format(no_distance ? "reason.warranty.left_time" : "reason.warranty.left",
                   {{"name", (*best)[*name].display},
                    {"time", (*best)[*days].display},
                    {"distance", (*best)[*distance].display}})};
}

Finding alerts_finding(const BuildContext& ctx, const Section& s) {
  const Catalog& c = ctx.catalog();
  if (auto u = unread(ctx, s, "alerts")) return *u;
  const Table* table = find_table(s, "alerts.timeline");
  if (!table || table->rows.empty()) {
    return {"alerts", Verdict::good, std::string(c.text("reason.alerts.none"))};
  }
  const auto customer = column_of(*table, fields::alert_customer);
  std::int64_t for_driver = 0;
  const std::vector<Cell>* latest = nullptr;  // rows are newest first
  for (const auto& row : table->rows) {
    const auto* yes = std::get_if<bool>(&row[*customer].value);
    if (yes && *yes) {
      ++for_driver;
      if (!latest) latest = &row;
    }
  }
  const std::string total = ctx.fmt().integer(static_cast<std::int64_t>(table->rows.size()));
  if (!latest)
    return {"alerts", Verdict::good, c.format("reason.alerts.technical", {{"count", total}})};
  const auto name = column_of(*table, fields::alert_name);
  const auto time = column_of(*table, fields::alert_time);
  return {"alerts", Verdict::attention,
          c.format("reason.alerts.driver", {{"count", ctx.fmt().integer(for_driver)},
                                            {"total", total},
                                            {"name", (*latest)[*name].display},
                                            {"date", (*latest)[*time].display}})};
}

Finding service_finding(const BuildContext& ctx, const Section& s) {
  const Catalog& c = ctx.catalog();
  if (auto u = unread(ctx, s, "service")) return *u;
  const std::string status = display_of(&s, fields::service_status);
  if (status.empty()) return {"service", Verdict::good, std::string(c.text("reason.service.none"))};
  return {"service", Verdict::attention, c.format("reason.service.open", {{"status", status}})};
}

Finding charging_finding(const BuildContext& ctx, const Section& s) {
  const Catalog& c = ctx.catalog();
  if (auto u = unread(ctx, s, "charging")) return *u;
  const Field* share = find_field(s, fields::fast_share);
  const std::string limit = display_of(&s, fields::charge_limit_habit);
  std::string reason;
  if (!find_field(s, fields::session_count)) {
    reason = std::string(c.text("reason.charging.none"));
  } else {
    reason =
        c.format("reason.charging.sessions", {{"count", display_of(&s, fields::session_count)},
                                              {"energy", display_of(&s, fields::total_energy)}});
    if (share)
      append_sentence(reason, c.format("reason.charging.share", {{"share", share->cell.display}}));
  }
  if (!limit.empty())
    append_sentence(reason, c.format("reason.charging.limit", {{"habit", limit}}));
  const bool heavy = share && share->cell.tone == Tone::warn;
  return {"charging", heavy ? Verdict::attention : Verdict::good, reason};
}

Finding tyres_finding(const BuildContext& ctx, const Section& s) {
  const Catalog& c = ctx.catalog();
  if (auto u = unread(ctx, s, "tyres")) return *u;
  const Table* table = find_table(s, "tyres.pressures");
  if (!table) return {"tyres", Verdict::unknown, std::string(c.text("reason.tyres.none"))};
  const auto status = column_of(*table, fields::tyre_status);
  const auto position = column_of(*table, fields::tyre_position);
  Verdict v = Verdict::good;
  std::string flagged;
  for (const auto& row : table->rows) {
    const Tone tone = row[*status].tone;
    if (tone == Tone::good) continue;
    v = tone == Tone::bad ? Verdict::problem : std::max(v, Verdict::attention);
    if (!flagged.empty()) flagged += ", ";
    flagged += row[*position].display + ": " + row[*status].display;
  }
  if (flagged.empty()) return {"tyres", v, std::string(c.text("reason.tyres.ok"))};
  return {"tyres", v, c.format("reason.tyres.flagged", {{"tyres", flagged}})};
}

}  // namespace

void build_summary(BuildContext& ctx, Report& report, Section& section) {
  namespace f = fields;
  const Section* condition = report.section(SectionId::condition);
  if (!report.header.vehicle_name.empty())
    ctx.add(section, f::summary_vehicle, report.header.vehicle_name);
  ctx.add(section, f::vin, report.header.vin);
  if (const Field* odo = condition ? find_field(*condition, f::odometer) : nullptr) {
    section.fields.push_back(*odo);
  }
  ctx.add(section, f::summary_report_date, ctx.generated_at());
  ctx.add(section, f::package, std::string(to_string(ctx.package())));

  std::vector<Finding> findings;
  const auto add = [&](SectionId id, Finding (*judge)(const BuildContext&, const Section&)) {
    const Section* s = report.section(id);
    if (!s || s->status.outcome == ModuleOutcome::not_in_package) return;
    Finding finding = judge(ctx, *s);
    if (!finding.reason.empty()) findings.push_back(std::move(finding));
  };
  add(SectionId::battery, battery_finding);
  add(SectionId::warranty, warranty_finding);
  add(SectionId::alerts, alerts_finding);
  add(SectionId::service, service_finding);
  add(SectionId::charging, charging_finding);
  add(SectionId::tyres, tyres_finding);
  Table table = ctx.table("summary.verdicts", {&f::verdict_area, &f::verdict, &f::verdict_reason});
  for (auto& finding : findings) {
    const Tone tone = verdict_tone(finding.verdict);
    table.rows.push_back({ctx.cell(f::verdict_area, std::string(finding.area)),
                          ctx.cell(f::verdict, std::string(to_string(finding.verdict)), tone),
                          ctx.cell(f::verdict_reason, std::move(finding.reason))});
  }
  section.tables.push_back(std::move(table));
}

}  // namespace cpt::report
