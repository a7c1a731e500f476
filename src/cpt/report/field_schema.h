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

  std::string label_key() const;
};

std::string_view to_string(FieldType type);
// The canonical unit name used in JSON ("km", "C", "bar", "kWh", "years", "days"), or "".
std::string_view canonical_unit_name(Unit unit);

namespace fields {
using T = FieldType;
using U = Unit;
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
inline constexpr FieldDef soh{"battery.soh", T::percent, U::none, 1};
inline constexpr FieldDef capacity{"battery.capacity", T::quantity, U::energy, 1};
inline constexpr FieldDef soh_measured_at{"battery.soh_measured_at", T::date};
// condition
inline constexpr FieldDef odometer{"condition.odometer", T::quantity, U::distance};
inline constexpr FieldDef inside_temp{"condition.inside_temp", T::quantity, U::temperature, 1};
inline constexpr FieldDef outside_temp{"condition.outside_temp", T::quantity, U::temperature, 1};
inline constexpr FieldDef locked{"condition.locked", T::boolean};
inline constexpr FieldDef sentry_mode{"condition.sentry_mode", T::boolean};
inline constexpr FieldDef open_doors{"condition.open_doors", T::list, U::none, 0, "opening"};
inline constexpr FieldDef open_windows{"condition.open_windows", T::list, U::none, 0, "opening"};
// charging: summary
inline constexpr FieldDef session_count{"charging.session_count", T::integer};
inline constexpr FieldDef site_count{"charging.site_count", T::integer};
inline constexpr FieldDef country_count{"charging.country_count", T::integer};
inline constexpr FieldDef total_energy{"charging.total_energy", T::quantity, U::energy, 1};
inline constexpr FieldDef first_session{"charging.first_session", T::date};
inline constexpr FieldDef last_session{"charging.last_session", T::date};
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
inline constexpr FieldDef session_start{"charging.session.start", T::datetime};
inline constexpr FieldDef session_stop{"charging.session.stop", T::datetime, U::none, 0, {}, true};
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
inline constexpr FieldDef region{"provenance.region", T::text};
inline constexpr FieldDef provider{"provenance.provider", T::text};
inline constexpr FieldDef generated_at{"provenance.generated_at", T::datetime};
inline constexpr FieldDef calls{"provenance.calls", T::integer};
inline constexpr FieldDef cost{"provenance.cost", T::cost};
inline constexpr FieldDef module{"provenance.module", T::code, U::none, 0, "module"};
inline constexpr FieldDef outcome{"provenance.outcome", T::code, U::none, 0, "outcome"};
inline constexpr FieldDef source{"provenance.source", T::text, U::none, 0, {}, true};
inline constexpr FieldDef fetched_at{"provenance.fetched_at", T::datetime};
inline constexpr FieldDef http_status{"provenance.http_status", T::integer};
inline constexpr FieldDef module_calls{"provenance.module_calls", T::integer};
inline constexpr FieldDef module_cost{"provenance.module_cost", T::cost};
inline constexpr FieldDef reason{"provenance.reason", T::text};

// Every definition above, for catalog completeness checks and the JSON Schema's key list.
inline constexpr std::array kAll = {
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
    &soh,
    &capacity,
    &soh_measured_at,
    &odometer,
    &inside_temp,
    &outside_temp,
    &locked,
    &sentry_mode,
    &open_doors,
    &open_windows,
    &session_count,
    &site_count,
    &country_count,
    &total_energy,
    &first_session,
    &last_session,
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
    &calls,
    &cost,
    &module,
    &outcome,
    &source,
    &fetched_at,
    &http_status,
    &module_calls,
    &module_cost,
    &reason,
};
}  // namespace fields

}  // namespace cpt::report
