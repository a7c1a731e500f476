// Sections about the vehicle itself: identity, battery, condition, tyres, software, keys, specs.
#include <cmath>

#include "cpt/report/build_context.h"

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

void build_battery(BuildContext& ctx, Section& section) {
  namespace f = fields;
  if (const auto& b = ctx.snap().battery.data) {
    ctx.add(section, f::level, opt(b->level_pct));
    ctx.add(section, f::usable_level, opt(b->usable_level_pct));
    ctx.add(section, f::rated_range, opt(b->rated_range_km));
    ctx.add(section, f::estimated_range, opt(b->estimated_range_km));
    ctx.add(section, f::ideal_range, opt(b->ideal_range_km));
    ctx.add(section, f::range_at_full, opt(b->range_at_full_km()));
    const bool above_default = b->charge_limit_pct && b->default_charge_limit_pct &&
                               *b->charge_limit_pct > *b->default_charge_limit_pct;
    ctx.add(section, f::charge_limit, opt(b->charge_limit_pct),
            above_default ? Tone::warn : Tone::normal);
    ctx.add(section, f::default_charge_limit, opt(b->default_charge_limit_pct));
    ctx.add(section, f::charging_state, opt(b->charging_state));
    if (b->level_pct) {
      Chart gauge = ctx.chart("battery.level", ChartKind::gauge, Unit::none);
      gauge.points.push_back({"level", std::string(ctx.catalog().text(f::level.label_key())),
                              *b->level_pct, ctx.fmt().percent(*b->level_pct, 0)});
      if (b->charge_limit_pct) {
        gauge.points.push_back({"limit",
                                std::string(ctx.catalog().text(f::charge_limit.label_key())),
                                *b->charge_limit_pct, ctx.fmt().percent(*b->charge_limit_pct, 0)});
      }
      section.charts.push_back(std::move(gauge));
    }
  }
  if (const auto& h = ctx.snap().battery_health.data) {
    const Tone tone = h->soh_pct && *h->soh_pct < 80 ? Tone::warn : Tone::good;
    ctx.add(section, f::soh, opt(h->soh_pct), tone);
    ctx.add(section, f::capacity, opt(h->capacity_kwh));
    ctx.add(section, f::soh_measured_at, opt(h->measured_at));
  }
  ctx.add_note(section, ModuleId::battery_health);
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

// Tyre status: a warning from the car wins; else more than 0.2 bar below or 0.3 bar above the
// recommended cold pressure is flagged.
std::pair<std::string, Tone> tyre_status(const Wheel& wheel) {
  if (wheel.reading->hard_warning) return {"hard_warning", Tone::bad};
  if (wheel.reading->soft_warning) return {"soft_warning", Tone::warn};
  if (wheel.reading->pressure_bar && wheel.recommended) {
    const double diff = *wheel.reading->pressure_bar - *wheel.recommended;
    if (diff < -0.2) return {"low", Tone::warn};
    if (diff > 0.3) return {"high", Tone::warn};
  }
  return {"ok", Tone::good};
}

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
  for (const auto& wheel : wheels) {
    const auto& r = *wheel.reading;
    Value diff = std::monostate{};
    if (r.pressure_bar && wheel.recommended) diff = *r.pressure_bar - *wheel.recommended;
    auto [code, tone] = tyre_status(wheel);
    table.rows.push_back({ctx.cell(f::tyre_position, std::string(wheel.code)),
                          ctx.cell(f::tyre_pressure, opt(r.pressure_bar), tone),
                          ctx.cell(f::tyre_recommended, opt(wheel.recommended)),
                          ctx.cell(f::tyre_difference, diff, tone),
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
    table.rows.push_back({ctx.cell(f::equipment_code, item.code),
                          ctx.cell(f::equipment_name, item.name),
                          ctx.cell(f::equipment_price, opt(item.price))});
  }
  section.tables.push_back(std::move(table));
}

}  // namespace cpt::report
