// Sections about the vehicle itself: identity, condition, tyres, software, keys, specs (the
// battery has sections_battery.cc).
#include <cmath>

#include "cpt/report/build_context.h"
#include "cpt/report/judgement.h"

namespace cpt::report {

using snapshot::ModuleId;
using snapshot::Opening;

namespace {

std::string_view opening_code(Opening opening) {
  switch (opening) {
    case Opening::front_left:
      return "front_left";
    case Opening::front_right:
      return "front_right";
    case Opening::rear_left:
      return "rear_left";
    case Opening::rear_right:
      return "rear_right";
    case Opening::front_trunk:
      return "front_trunk";
    case Opening::rear_trunk:
      return "rear_trunk";
  }
  return "front_left";
}

Value openings(const std::optional<std::vector<Opening>>& list) {
  if (!list) return std::monostate{};
  std::vector<std::string> codes;
  for (Opening o : *list) codes.emplace_back(opening_code(o));
  return codes;
}

std::string_view drive_code(snapshot::Drive drive) {
  switch (drive) {
    case snapshot::Drive::awd:
      return "awd";
    case snapshot::Drive::rwd:
      return "rwd";
    case snapshot::Drive::fwd:
      return "fwd";
  }
  return "awd";
}

}  // namespace

void build_identity(BuildContext& ctx, Section& section) {
  namespace f = fields;
  ctx.add(section, f::vin, ctx.snap().vin);
  if (const auto& id = ctx.snap().identity.data) {
    ctx.add(section, f::display_name, opt(id->display_name));
    ctx.add(section, f::make, opt(id->make));
    ctx.add(section, f::model, opt(id->model));
    ctx.add(section, f::model_year, opt(id->model_year));
    ctx.add(section, f::trim, opt(id->trim));
    ctx.add(section, f::paint, opt(id->paint));
    ctx.add(section, f::wheels, opt(id->wheels));
    ctx.add(section, f::interior, opt(id->interior));
    if (id->drive) ctx.add(section, f::drive, std::string(drive_code(*id->drive)));
    ctx.add(section, f::charge_port, opt(id->charge_port));
    ctx.add(section, f::market, opt(id->market));
    ctx.add(section, f::software_version, opt(id->software_version));
    ctx.add(section, f::access_type, opt(id->access_type));
    add_vehicle_configuration(ctx, section, *id);
  }
  if (const auto& options = ctx.snap().options.data; options && !options->codes.empty()) {
    Table table =
        ctx.table("identity.options", {&f::option_code, &f::option_name, &f::option_active});
    for (const auto& code : options->codes) {
      table.rows.push_back({ctx.cell(f::option_code, code.code),
                            ctx.cell(f::option_name, code.name),
                            ctx.cell(f::option_active, opt(code.active))});
    }
    section.tables.push_back(std::move(table));
  }
  ctx.add_note(section, ModuleId::options);
}

void build_condition(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& s = ctx.snap();
  if (s.odometer.data) ctx.add(section, f::odometer, s.odometer.data->km);
  if (const auto& c = s.climate.data) {
    ctx.add(section, f::inside_temp, opt(c->inside_c));
    ctx.add(section, f::outside_temp, opt(c->outside_c));
  }
  if (const auto& sec = s.security.data) {
    ctx.add(section, f::locked, opt(sec->locked),
            sec->locked && !*sec->locked ? Tone::warn : Tone::normal);
    ctx.add(section, f::sentry_mode, opt(sec->sentry_mode));
    const bool doors_open = sec->open_doors && !sec->open_doors->empty();
    const bool windows_open = sec->open_windows && !sec->open_windows->empty();
    ctx.add(section, f::open_doors, openings(sec->open_doors),
            doors_open ? Tone::warn : Tone::normal);
    ctx.add(section, f::open_windows, openings(sec->open_windows),
            windows_open ? Tone::warn : Tone::normal);
    add_security_detail(ctx, section, *sec);
  }
  ctx.add_note(section, ModuleId::climate);
  ctx.add_note(section, ModuleId::security);
}

namespace {

struct Wheel {
  std::string_view code;
  const snapshot::TyreReading* reading;
  std::optional<double> recommended;
};

}  // namespace

void build_tyres(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& t = ctx.snap().tyres.data;
  if (!t) return;
  Table table =
      ctx.table("tyres.pressures", {&f::tyre_position, &f::tyre_pressure, &f::tyre_recommended,
                                    &f::tyre_difference, &f::tyre_status, &f::tyre_last_seen});
  const std::array<Wheel, 4> wheels = {{{"front_left", &t->front_left, t->recommended_front_bar},
                                        {"front_right", &t->front_right, t->recommended_front_bar},
                                        {"rear_left", &t->rear_left, t->recommended_rear_bar},
                                        {"rear_right", &t->rear_right, t->recommended_rear_bar}}};
  const Formatter& fmt = ctx.fmt();
  for (const auto& wheel : wheels) {
    const auto& r = *wheel.reading;
    // One rounding, one unit: the difference is the shown pressure minus the shown
    // recommendation, and the status is judged on that difference.
    Cell diff = ctx.cell(f::tyre_difference, std::monostate{});
    std::optional<double> shown_diff;
    if (r.pressure_bar && wheel.recommended) {
      shown_diff = fmt.shown(*r.pressure_bar, Unit::pressure, f::tyre_pressure.decimals) -
                   fmt.shown(*wheel.recommended, Unit::pressure, f::tyre_recommended.decimals);
      diff.value = *r.pressure_bar - *wheel.recommended;
      diff.display = fmt.displayed(*shown_diff, Unit::pressure_delta, f::tyre_difference.decimals);
    }
    const std::string code(
        tyre_code(r.hard_warning, r.soft_warning, shown_diff, fmt.context().pressure));
    const Tone tone = tyre_tone(code);
    diff.tone = tone;
    table.rows.push_back({ctx.cell(f::tyre_position, std::string(wheel.code)),
                          ctx.cell(f::tyre_pressure, opt(r.pressure_bar), tone),
                          ctx.cell(f::tyre_recommended, opt(wheel.recommended)), std::move(diff),
                          ctx.cell(f::tyre_status, code, tone),
                          ctx.cell(f::tyre_last_seen, opt(r.last_seen))});
  }
  section.tables.push_back(std::move(table));
}

void build_software(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& s = ctx.snap();
  if (const auto& sw = s.software.data) {
    ctx.add(section, f::sw_version, opt(sw->version));
    ctx.add(section, f::sw_pending, opt(sw->pending_version), Tone::warn);
    ctx.add(section, f::sw_update_status, opt(sw->update_status));
    add_update_progress(ctx, section, *sw);
  }
  if (const auto& rn = s.release_notes.data; rn && !rn->notes.empty()) {
    Table table = ctx.table("software.release_notes",
                            {&f::note_version, &f::note_title, &f::note_description});
    for (const auto& note : rn->notes) {
      std::string description = note.description.value_or("");
      if (note.subtitle && !note.subtitle->empty() && description.empty()) {
        description = *note.subtitle;
      }
      table.rows.push_back(
          {ctx.cell(f::note_version, opt(note.version)), ctx.cell(f::note_title, note.title),
           ctx.cell(f::note_description,
                    description.empty() ? Value{} : Value{std::move(description)})});
    }
    section.tables.push_back(std::move(table));
  }
  ctx.add_note(section, ModuleId::release_notes);
}

void build_fleet_status(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& fs = ctx.snap().fleet_status.data;
  if (!fs) return;
  ctx.add(section, f::key_paired, opt(fs->key_paired),
          fs->key_paired && !*fs->key_paired ? Tone::warn : Tone::normal);
  ctx.add(section, f::total_keys, opt(fs->total_keys));
  ctx.add(section, f::firmware, opt(fs->firmware_version));
  ctx.add(section, f::command_protocol, opt(fs->command_protocol_required));
  ctx.add(section, f::telemetry_version, opt(fs->telemetry_version));
  ctx.add(section, f::discounted_data, opt(fs->discounted_device_data));
}

void build_specs(BuildContext& ctx, Section& section) {
  namespace f = fields;
  const auto& sp = ctx.snap().specs.data;
  if (!sp) return;
  ctx.add(section, f::body_type, opt(sp->body_type));
  ctx.add(section, f::seats, opt(sp->seats));
  ctx.add(section, f::doors, opt(sp->doors));
  ctx.add(section, f::price, opt(sp->price));
  ctx.add(section, f::max_power, opt(sp->max_power));
  ctx.add(section, f::spec_range, opt(sp->range_km));
  ctx.add(section, f::production_date, opt(sp->production_date));
  ctx.add(section, f::country_of_origin, opt(sp->country_of_origin));
  ctx.add(section, f::vehicle_type, opt(sp->vehicle_type));
  ctx.add(section, f::fuel_type, opt(sp->fuel_type));
  ctx.add(section, f::transmission, opt(sp->transmission));
  ctx.add(section, f::autopilot, opt(sp->autopilot));
  if (sp->equipment.empty()) return;
  Table table =
      ctx.table("specs.equipment", {&f::equipment_code, &f::equipment_name, &f::equipment_price});
  for (const auto& item : sp->equipment) {
    Cell price = ctx.cell(f::equipment_price, opt(item.price));
    if (item.price && item.price->minor == 0) {
      // A zero list price means the item comes with the car, not that it is worth nothing.
      price.display = std::string(ctx.catalog().text("ui.standard_equipment"));
      price.tone = Tone::muted;
    }
    table.rows.push_back({ctx.cell(f::equipment_code, item.code),
                          ctx.cell(f::equipment_name, item.name), std::move(price)});
  }
  section.tables.push_back(std::move(table));
}

}  // namespace cpt::report
