// The field schema: one definition per report field or table column (key, type, unit), shared by
// the JSON, HTML, PDF and CSV renderers. Labels come from the catalogs under "field.<key>".
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace cpt::report {

// How a value is typed and formatted.
enum class FieldType {
  text,      // free text from the data
  code,      // a code translated through the catalog namespace `code_ns` ("drive.awd")
  integer,   // a count
  quantity,  // a number in a canonical unit (see Unit), shown in the reader's unit
  percent,   // 0-100
  money,     // cpt::Money
  cost,      // micro-dollars (API cost), shown as USD with up to four decimals
  date,      // cpt::Timestamp shown as a date
  datetime,  // cpt::Timestamp shown as date and time
  boolean,   // yes / no
  list,      // several texts (or codes, when code_ns is set)
};

// Canonical units of quantities (what the report model stores) and how they are shown.
enum class Unit {
  none,
  distance,        // km; shown in km or mi
  temperature,     // degrees Celsius; shown in C or F
  pressure,        // bar; shown in bar, psi or kPa
  pressure_delta,  // bar difference; converted without offset
  energy,          // kWh
  years,
  days,
};

// One field or column. Immutable, constexpr; thread-safe.
struct FieldDef {
  std::string_view key;  // "battery.rated_range"; the label key is "field." + key
  FieldType type = FieldType::text;
  Unit unit = Unit::none;
  int decimals = 0;               // display decimals of quantities and percents (for pressures:
                                  // in bar; psi and kPa are shown with two fewer)
  std::string_view code_ns = {};  // catalog namespace for code and list values
  bool machine_only = false;      // only in JSON and CSV (ids, raw codes), not in HTML or PDF
  bool grouping = true;           // thousands separators (off for years)
  bool site_local = false;        // dates and times on the clock of the place they happened (a
                                  // charging site's), not in the report's time zone

  std::string label_key() const;
};

std::string_view to_string(FieldType type);
// The canonical unit name used in JSON ("km", "C", "bar", "kWh", "years", "days"), or "".
std::string_view canonical_unit_name(Unit unit);

namespace fields {
using T = FieldType;
using U = Unit;
// summary (page one, the "vehicle passport")
inline constexpr FieldDef summary_vehicle{"summary.vehicle", T::text};
inline constexpr FieldDef summary_report_date{"summary.report_date", T::date};
inline constexpr FieldDef verdict_area{"summary.area", T::code, U::none, 0, "area"};
inline constexpr FieldDef verdict{"summary.verdict", T::code, U::none, 0, "verdict"};
inline constexpr FieldDef verdict_reason{"summary.reason", T::text};
// identity
inline constexpr FieldDef vin{"identity.vin", T::text};
inline constexpr FieldDef display_name{"identity.display_name", T::text};
inline constexpr FieldDef make{"identity.make", T::text};
inline constexpr FieldDef model{"identity.model", T::text};
inline constexpr FieldDef model_year{
    "identity.model_year", T::integer, U::none, 0, {}, false, false};
inline constexpr FieldDef trim{"identity.trim", T::text};
inline constexpr FieldDef paint{"identity.paint", T::text};
inline constexpr FieldDef wheels{"identity.wheels", T::text};
inline constexpr FieldDef interior{"identity.interior", T::text};
inline constexpr FieldDef drive{"identity.drive", T::code, U::none, 0, "drive"};
inline constexpr FieldDef charge_port{"identity.charge_port", T::text};
inline constexpr FieldDef market{"identity.market", T::text};
inline constexpr FieldDef software_version{"identity.software_version", T::text};
inline constexpr FieldDef access_type{"identity.access_type", T::code, U::none, 0, "access"};
// identity: the factory configuration as the car reports it (vehicle_config)
inline constexpr FieldDef performance_package{"identity.performance_package", T::text};
inline constexpr FieldDef wheel_type{"identity.wheel_type", T::text};
inline constexpr FieldDef trim_badging{"identity.trim_badging", T::text};
inline constexpr FieldDef eu_vehicle{"identity.eu_vehicle", T::boolean};
inline constexpr FieldDef right_hand_drive{"identity.right_hand_drive", T::boolean};
inline constexpr FieldDef air_suspension{"identity.air_suspension", T::boolean};
inline constexpr FieldDef ludicrous_mode{"identity.ludicrous_mode", T::boolean};
inline constexpr FieldDef seat_cooling{"identity.seat_cooling", T::boolean};
inline constexpr FieldDef third_row_seats{"identity.third_row_seats", T::boolean};
inline constexpr FieldDef driver_assist{"identity.driver_assist", T::text};
inline constexpr FieldDef option_code{"options.code", T::text};
inline constexpr FieldDef option_name{"options.name", T::text};
inline constexpr FieldDef option_active{"options.active", T::boolean};
// battery
inline constexpr FieldDef level{"battery.level", T::percent};
inline constexpr FieldDef usable_level{"battery.usable_level", T::percent};
inline constexpr FieldDef rated_range{"battery.rated_range", T::quantity, U::distance};
inline constexpr FieldDef estimated_range{"battery.estimated_range", T::quantity, U::distance};
inline constexpr FieldDef ideal_range{"battery.ideal_range", T::quantity, U::distance};
inline constexpr FieldDef range_at_full{"battery.range_at_full", T::quantity, U::distance};
inline constexpr FieldDef charge_limit{"battery.charge_limit", T::percent};
inline constexpr FieldDef default_charge_limit{"battery.default_charge_limit", T::percent};
inline constexpr FieldDef charging_state{"battery.charging_state", T::code, U::none, 0,
                                         "charging_state"};
// battery: the charge in progress and what is scheduled (charge_state)
inline constexpr FieldDef charger_power{"battery.charger_power", T::integer};
inline constexpr FieldDef charger_voltage{"battery.charger_voltage", T::integer};
inline constexpr FieldDef charger_current{"battery.charger_current", T::integer};
inline constexpr FieldDef charger_phases{"battery.charger_phases", T::integer};
inline constexpr FieldDef charge_cable{"battery.charge_cable", T::text};
inline constexpr FieldDef fast_charger_present{"battery.fast_charger_present", T::boolean};
inline constexpr FieldDef fast_charger_type{"battery.fast_charger_type", T::text};
inline constexpr FieldDef fast_charger_brand{"battery.fast_charger_brand", T::text};
inline constexpr FieldDef charge_rate{"battery.charge_rate", T::quantity, U::distance};
inline constexpr FieldDef energy_added{"battery.energy_added", T::quantity, U::energy, 1};
inline constexpr FieldDef range_added{"battery.range_added", T::quantity, U::distance};
inline constexpr FieldDef minutes_to_full{"battery.minutes_to_full", T::integer};
inline constexpr FieldDef scheduled_charging_mode{"battery.scheduled_charging_mode", T::code,
                                                  U::none, 0, "schedule_mode"};
inline constexpr FieldDef scheduled_charging_pending{"battery.scheduled_charging_pending",
                                                     T::boolean};
inline constexpr FieldDef scheduled_charging_start{"battery.scheduled_charging_start",
                                                   T::datetime};
inline constexpr FieldDef scheduled_departure{"battery.scheduled_departure", T::datetime};
inline constexpr FieldDef preconditioning{"battery.preconditioning", T::boolean};
inline constexpr FieldDef off_peak_charging{"battery.off_peak_charging", T::boolean};
inline constexpr FieldDef battery_heater{"battery.battery_heater", T::boolean};
inline constexpr FieldDef charge_port_open{"battery.charge_port_open", T::boolean};
inline constexpr FieldDef charge_port_latch{"battery.charge_port_latch", T::text};
inline constexpr FieldDef max_charge_current{"battery.max_charge_current", T::integer};
inline constexpr FieldDef lifetime_energy{"battery.lifetime_energy", T::quantity, U::energy};
inline constexpr FieldDef soh{"battery.soh", T::percent, U::none, 1};
inline constexpr FieldDef capacity{"battery.capacity", T::quantity, U::energy, 1};
inline constexpr FieldDef soh_measured_at{"battery.soh_measured_at", T::date};
// battery: the state-of-health estimate from rated range (see battery_health.h)
inline constexpr FieldDef soh_estimate{"battery.soh_estimate", T::percent};
inline constexpr FieldDef soh_low{"battery.soh_low", T::percent};
inline constexpr FieldDef soh_high{"battery.soh_high", T::percent};
inline constexpr FieldDef soh_typical{"battery.soh_typical", T::percent};
inline constexpr FieldDef battery_verdict{"battery.verdict", T::code, U::none, 0, "verdict"};
inline constexpr FieldDef original_range{"battery.original_range", T::quantity, U::distance};
inline constexpr FieldDef original_range_basis{"battery.original_range_basis", T::text};
inline constexpr FieldDef original_capacity{"battery.original_capacity", T::quantity, U::energy, 1};
inline constexpr FieldDef estimated_capacity{"battery.estimated_capacity", T::quantity, U::energy,
                                             1};
// condition
inline constexpr FieldDef odometer{"condition.odometer", T::quantity, U::distance};
inline constexpr FieldDef inside_temp{"condition.inside_temp", T::quantity, U::temperature, 1};
inline constexpr FieldDef outside_temp{"condition.outside_temp", T::quantity, U::temperature, 1};
inline constexpr FieldDef locked{"condition.locked", T::boolean};
inline constexpr FieldDef sentry_mode{"condition.sentry_mode", T::boolean};
inline constexpr FieldDef open_doors{"condition.open_doors", T::list, U::none, 0, "opening"};
inline constexpr FieldDef open_windows{"condition.open_windows", T::list, U::none, 0, "opening"};
inline constexpr FieldDef valet_mode{"condition.valet_mode", T::boolean};
inline constexpr FieldDef speed_limit_active{"condition.speed_limit_active", T::boolean};
inline constexpr FieldDef dashcam_state{"condition.dashcam_state", T::text};
// charging: summary
inline constexpr FieldDef session_count{"charging.session_count", T::integer};
inline constexpr FieldDef site_count{"charging.site_count", T::integer};
inline constexpr FieldDef country_count{"charging.country_count", T::integer};
inline constexpr FieldDef total_energy{"charging.total_energy", T::quantity, U::energy, 1};
inline constexpr FieldDef first_session{
    .key = "charging.first_session", .type = T::date, .site_local = true};
inline constexpr FieldDef last_session{
    .key = "charging.last_session", .type = T::date, .site_local = true};
// charging: habits
inline constexpr FieldDef average_session{"charging.average_session", T::quantity, U::energy, 1};
inline constexpr FieldDef fast_share{"charging.fast_share", T::percent};
inline constexpr FieldDef charge_limit_habit{"charging.charge_limit_habit", T::code, U::none, 0,
                                             "limit_habit"};
inline constexpr FieldDef cost_per_100km{"charging.cost_per_hundred_km", T::money};
inline constexpr FieldDef cost_per_100mi{"charging.cost_per_hundred_mi", T::money};
// charging: totals per currency, per site, per country
inline constexpr FieldDef currency{"charging.currency", T::text};
inline constexpr FieldDef sessions{"charging.sessions", T::integer};
inline constexpr FieldDef energy{"charging.energy", T::quantity, U::energy, 1};
inline constexpr FieldDef charging_fees{"charging.charging_fees", T::money};
inline constexpr FieldDef parking_fees{"charging.parking_fees", T::money};
inline constexpr FieldDef congestion_fees{"charging.congestion_fees", T::money};
inline constexpr FieldDef other_fees{"charging.other_fees", T::money};
inline constexpr FieldDef total{"charging.total", T::money};
inline constexpr FieldDef average_price{"charging.average_price_per_kwh", T::money};
inline constexpr FieldDef site{"charging.site", T::text};
inline constexpr FieldDef country{"charging.country", T::text};
// charging: one row per session
inline constexpr FieldDef session_vin{"charging.session.vin", T::text, U::none, 0, {}, true};
inline constexpr FieldDef session_id{"charging.session.id", T::text, U::none, 0, {}, true};
inline constexpr FieldDef session_start{
    .key = "charging.session.start", .type = T::datetime, .site_local = true};
inline constexpr FieldDef session_stop{
    .key = "charging.session.stop", .type = T::datetime, .machine_only = true, .site_local = true};
inline constexpr FieldDef session_paid{"charging.session.paid", T::boolean};
inline constexpr FieldDef billing_type{
    "charging.session.billing_type", T::text, U::none, 0, {}, true};
inline constexpr FieldDef session_invoices{
    "charging.session.invoices", T::text, U::none, 0, {}, true};
inline constexpr FieldDef invoice_file{"charging.invoice.file", T::text};
inline constexpr FieldDef invoice_status{"charging.invoice.status", T::code, U::none, 0,
                                         "invoice_status"};
// tyres
inline constexpr FieldDef tyre_position{"tyres.position", T::code, U::none, 0, "opening"};
inline constexpr FieldDef tyre_pressure{"tyres.pressure", T::quantity, U::pressure, 2};
inline constexpr FieldDef tyre_recommended{"tyres.recommended", T::quantity, U::pressure, 2};
inline constexpr FieldDef tyre_difference{"tyres.difference", T::quantity, U::pressure_delta, 2};
inline constexpr FieldDef tyre_status{"tyres.status", T::code, U::none, 0, "tyre_status"};
inline constexpr FieldDef tyre_last_seen{"tyres.last_seen", T::datetime};
// alerts
inline constexpr FieldDef alert_count{"alerts.count", T::integer};
inline constexpr FieldDef alert_time{"alerts.time", T::datetime};
inline constexpr FieldDef alert_name{"alerts.name", T::text};
inline constexpr FieldDef alert_text{"alerts.text", T::text};
inline constexpr FieldDef alert_customer{"alerts.customer_facing", T::boolean};
inline constexpr FieldDef alert_audiences{"alerts.audiences", T::list, U::none, 0, {}, true};
// service
inline constexpr FieldDef service_status{"service.status", T::code, U::none, 0, "service_status"};
inline constexpr FieldDef service_completion{"service.estimated_completion", T::datetime};
inline constexpr FieldDef service_visit{"service.visit_number", T::text};
// warranty
inline constexpr FieldDef warranty_name{"warranty.name", T::text};
inline constexpr FieldDef warranty_type{"warranty.type", T::text, U::none, 0, {}, true};
inline constexpr FieldDef warranty_state{"warranty.state", T::code, U::none, 0, "warranty_state"};
inline constexpr FieldDef warranty_expires{"warranty.expires", T::date};
inline constexpr FieldDef warranty_distance{"warranty.expires_distance", T::quantity, U::distance};
inline constexpr FieldDef warranty_years{"warranty.coverage_years", T::quantity, U::years};
inline constexpr FieldDef warranty_time_left{"warranty.time_left", T::quantity, U::days};
inline constexpr FieldDef warranty_distance_left{"warranty.distance_left", T::quantity,
                                                 U::distance};
// software
inline constexpr FieldDef sw_version{"software.version", T::text};
inline constexpr FieldDef sw_pending{"software.pending_version", T::text};
inline constexpr FieldDef sw_update_status{"software.update_status", T::text};
inline constexpr FieldDef sw_download{"software.download_progress", T::percent};
inline constexpr FieldDef sw_install{"software.install_progress", T::percent};
inline constexpr FieldDef sw_install_minutes{"software.install_minutes", T::integer};
inline constexpr FieldDef sw_scheduled_install{"software.scheduled_install", T::datetime};
inline constexpr FieldDef note_version{"software.note.version", T::text};
inline constexpr FieldDef note_title{"software.note.title", T::text};
inline constexpr FieldDef note_description{"software.note.description", T::text};
// fleet status
inline constexpr FieldDef key_paired{"fleet.key_paired", T::boolean};
inline constexpr FieldDef total_keys{"fleet.total_keys", T::integer};
inline constexpr FieldDef firmware{"fleet.firmware", T::text};
inline constexpr FieldDef command_protocol{"fleet.command_protocol_required", T::boolean};
inline constexpr FieldDef telemetry_version{"fleet.telemetry_version", T::text};
inline constexpr FieldDef discounted_data{"fleet.discounted_device_data", T::boolean};
// specs (expert)
inline constexpr FieldDef body_type{"specs.body_type", T::text};
inline constexpr FieldDef seats{"specs.seats", T::integer};
inline constexpr FieldDef doors{"specs.doors", T::integer};
inline constexpr FieldDef price{"specs.price", T::money};
inline constexpr FieldDef max_power{"specs.max_power", T::text};
inline constexpr FieldDef spec_range{"specs.range", T::quantity, U::distance};
inline constexpr FieldDef production_date{"specs.production_date", T::date};
inline constexpr FieldDef country_of_origin{"specs.country_of_origin", T::text};
inline constexpr FieldDef vehicle_type{"specs.vehicle_type", T::text};
inline constexpr FieldDef fuel_type{"specs.fuel_type", T::text};
inline constexpr FieldDef transmission{"specs.transmission", T::text};
inline constexpr FieldDef autopilot{"specs.autopilot", T::text};
inline constexpr FieldDef equipment_code{"specs.equipment.code", T::text};
inline constexpr FieldDef equipment_name{"specs.equipment.name", T::text};
inline constexpr FieldDef equipment_price{"specs.equipment.price", T::money};
// provenance
inline constexpr FieldDef order_id{"provenance.order_id", T::text};
inline constexpr FieldDef package{"provenance.package", T::code, U::none, 0, "package"};
inline constexpr FieldDef region{"provenance.region", T::code, U::none, 0, "region"};
inline constexpr FieldDef provider{"provenance.provider", T::text, U::none, 0, {}, true};
inline constexpr FieldDef generated_at{"provenance.generated_at", T::datetime};
inline constexpr FieldDef module{"provenance.module", T::code, U::none, 0, "module"};
inline constexpr FieldDef outcome{"provenance.outcome", T::code, U::none, 0, "outcome"};
inline constexpr FieldDef source{"provenance.source", T::text, U::none, 0, {}, true};
inline constexpr FieldDef fetched_at{"provenance.fetched_at", T::datetime};
inline constexpr FieldDef reason{"provenance.reason", T::text};

// Every definition above, for catalog completeness checks and the JSON Schema's key list.
inline constexpr std::array kAll = {
    &summary_vehicle,
    &summary_report_date,
    &verdict_area,
    &verdict,
    &verdict_reason,
    &vin,
    &display_name,
    &make,
    &model,
    &model_year,
    &trim,
    &paint,
    &wheels,
    &interior,
    &drive,
    &charge_port,
    &market,
    &software_version,
    &access_type,
    &performance_package,
    &wheel_type,
    &trim_badging,
    &eu_vehicle,
    &right_hand_drive,
    &air_suspension,
    &ludicrous_mode,
    &seat_cooling,
    &third_row_seats,
    &driver_assist,
    &option_code,
    &option_name,
    &option_active,
    &level,
    &usable_level,
    &rated_range,
    &estimated_range,
    &ideal_range,
    &range_at_full,
    &charge_limit,
    &default_charge_limit,
    &charging_state,
    &charger_power,
    &charger_voltage,
    &charger_current,
    &charger_phases,
    &charge_cable,
    &fast_charger_present,
    &fast_charger_type,
    &fast_charger_brand,
    &charge_rate,
    &energy_added,
    &range_added,
    &minutes_to_full,
    &scheduled_charging_mode,
    &scheduled_charging_pending,
    &scheduled_charging_start,
    &scheduled_departure,
    &preconditioning,
    &off_peak_charging,
    &battery_heater,
    &charge_port_open,
    &charge_port_latch,
    &max_charge_current,
    &lifetime_energy,
    &soh,
    &capacity,
    &soh_measured_at,
    &soh_estimate,
    &soh_low,
    &soh_high,
    &soh_typical,
    &battery_verdict,
    &original_range,
    &original_range_basis,
    &original_capacity,
    &estimated_capacity,
    &odometer,
    &inside_temp,
    &outside_temp,
    &locked,
    &sentry_mode,
    &open_doors,
    &open_windows,
    &valet_mode,
    &speed_limit_active,
    &dashcam_state,
    &session_count,
    &site_count,
    &country_count,
    &total_energy,
    &first_session,
    &last_session,
    &average_session,
    &fast_share,
    &charge_limit_habit,
    &cost_per_100km,
    &cost_per_100mi,
    &currency,
    &sessions,
    &energy,
    &charging_fees,
    &parking_fees,
    &congestion_fees,
    &other_fees,
    &total,
    &average_price,
    &site,
    &country,
    &session_vin,
    &session_id,
    &session_start,
    &session_stop,
    &session_paid,
    &billing_type,
    &session_invoices,
    &invoice_file,
    &invoice_status,
    &tyre_position,
    &tyre_pressure,
    &tyre_recommended,
    &tyre_difference,
    &tyre_status,
    &tyre_last_seen,
    &alert_count,
    &alert_time,
    &alert_name,
    &alert_text,
    &alert_customer,
    &alert_audiences,
    &service_status,
    &service_completion,
    &service_visit,
    &warranty_name,
    &warranty_type,
    &warranty_state,
    &warranty_expires,
    &warranty_distance,
    &warranty_years,
    &warranty_time_left,
    &warranty_distance_left,
    &sw_version,
    &sw_pending,
    &sw_update_status,
    &sw_download,
    &sw_install,
    &sw_install_minutes,
    &sw_scheduled_install,
    &note_version,
    &note_title,
    &note_description,
    &key_paired,
    &total_keys,
    &firmware,
    &command_protocol,
    &telemetry_version,
    &discounted_data,
    &body_type,
    &seats,
    &doors,
    &price,
    &max_power,
    &spec_range,
    &production_date,
    &country_of_origin,
    &vehicle_type,
    &fuel_type,
    &transmission,
    &autopilot,
    &equipment_code,
    &equipment_name,
    &equipment_price,
    &order_id,
    &package,
    &region,
    &provider,
    &generated_at,
    &module,
    &outcome,
    &source,
    &fetched_at,
    &reason,
};
}  // namespace fields

}  // namespace cpt::report
