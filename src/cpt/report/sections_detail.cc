// Rows the Fleet API adds beyond the headline figures: the charge in progress and its schedule,
// the factory configuration as the car reports it, valet mode, speed limit and dashcam, and a
// pending software update's progress.
// Rows that only mean something in one state (a charger's power while charging, a departure time
// while departure charging is set) are shown only then, so an idle car shows no row of zeros.
#include <algorithm>

#include "cpt/report/build_context.h"

namespace cpt::report {

namespace {

bool positive(const std::optional<double>& value) {
  return value && *value > 0;
}

}  // namespace

void add_charging_detail(BuildContext& ctx, Section& section, const snapshot::Battery& b) {
  namespace f = fields;
  const bool charging = b.charging_state == "charging";
  const bool plugged = b.charging_state && *b.charging_state != "disconnected";
  if (charging) {
    ctx.add(section, f::charger_power, opt(b.charger_power_kw));
    ctx.add(section, f::charger_voltage, opt(b.charger_voltage));
    ctx.add(section, f::charger_current, opt(b.charger_current_a));
    ctx.add(section, f::charger_phases, opt(b.charger_phases));
    ctx.add(section, f::charge_rate, opt(b.charge_rate_km_per_h));
    ctx.add(section, f::minutes_to_full, opt(b.minutes_to_full));
  }
  if (plugged) {
    ctx.add(section, f::charge_cable, opt(b.charge_cable));
    ctx.add(section, f::fast_charger_present, opt(b.fast_charger_present));
    ctx.add(section, f::fast_charger_type, opt(b.fast_charger_type));
    ctx.add(section, f::fast_charger_brand, opt(b.fast_charger_brand));
  }
  if (positive(b.energy_added_kwh)) ctx.add(section, f::energy_added, opt(b.energy_added_kwh));
  if (positive(b.range_added_km)) ctx.add(section, f::range_added, opt(b.range_added_km));
  ctx.add(section, f::scheduled_charging_mode, opt(b.scheduled_charging_mode));
  const bool scheduled = b.scheduled_charging_mode && *b.scheduled_charging_mode != "off";
  if (scheduled) ctx.add(section, f::scheduled_charging_pending, opt(b.scheduled_charging_pending));
  if (b.scheduled_charging_mode == "start_at") {
    ctx.add(section, f::scheduled_charging_start, opt(b.scheduled_charging_start));
  }
  if (b.scheduled_charging_mode == "depart_by" || b.preconditioning_enabled == true) {
    ctx.add(section, f::scheduled_departure, opt(b.scheduled_departure));
  }
  ctx.add(section, f::preconditioning, opt(b.preconditioning_enabled));
  ctx.add(section, f::off_peak_charging, opt(b.off_peak_charging_enabled));
  ctx.add(section, f::battery_heater, opt(b.battery_heater_on));
  ctx.add(section, f::charge_port_open, opt(b.charge_port_open));
  if (plugged) ctx.add(section, f::charge_port_latch, opt(b.charge_port_latch));
  ctx.add(section, f::max_charge_current, opt(b.max_charge_current_a));
  ctx.add(section, f::lifetime_energy, opt(b.lifetime_energy_used_kwh));
}

void add_vehicle_configuration(BuildContext& ctx, Section& section, const snapshot::Identity& id) {
  namespace f = fields;
  ctx.add(section, f::performance_package, opt(id.performance_package));
  ctx.add(section, f::trim_badging, opt(id.trim_badging));
  ctx.add(section, f::wheel_type, opt(id.wheel_type));
  ctx.add(section, f::eu_vehicle, opt(id.eu_vehicle));
  ctx.add(section, f::right_hand_drive, opt(id.right_hand_drive));
  ctx.add(section, f::air_suspension, opt(id.air_suspension));
  ctx.add(section, f::ludicrous_mode, opt(id.ludicrous_mode));
  ctx.add(section, f::seat_cooling, opt(id.seat_cooling));
  ctx.add(section, f::third_row_seats, opt(id.third_row_seats));
  ctx.add(section, f::driver_assist, opt(id.driver_assist_hardware));
}

void add_security_detail(BuildContext& ctx, Section& section, const snapshot::Security& sec) {
  namespace f = fields;
  // Valet mode or a speed limit on a car for sale are worth a look.
  ctx.add(section, f::valet_mode, opt(sec.valet_mode),
          sec.valet_mode == true ? Tone::warn : Tone::normal);
  ctx.add(section, f::speed_limit_active, opt(sec.speed_limit_active),
          sec.speed_limit_active == true ? Tone::warn : Tone::normal);
  ctx.add(section, f::dashcam_state, opt(sec.dashcam_state));
}

void add_update_progress(BuildContext& ctx, Section& section, const snapshot::Software& sw) {
  namespace f = fields;
  if (!sw.pending_version && !sw.update_status) return;
  if (sw.download_pct) {
    ctx.add(section, f::sw_download, static_cast<double>(std::clamp(*sw.download_pct, 0, 100)));
  }
  if (sw.install_pct) {
    ctx.add(section, f::sw_install, static_cast<double>(std::clamp(*sw.install_pct, 0, 100)));
  }
  ctx.add(section, f::sw_install_minutes, opt(sw.expected_install_minutes));
  ctx.add(section, f::sw_scheduled_install, opt(sw.scheduled_install));
}

}  // namespace cpt::report
