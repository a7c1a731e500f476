// The small modules: options, alerts, service, warranty, specs (and battery health), release
// notes and fleet status.
#include <algorithm>
#include <utility>

#include "cpt/core/units.h"
#include "cpt/tesla/normalize_detail.h"

namespace cpt::tesla::normalize::detail {
namespace {

// Money in `currency`, or nullopt when either is missing or the currency is not ISO 4217-shaped.
std::optional<Money> money_in(const std::optional<std::string>& currency,
                              const std::optional<double>& amount) {
  if (!currency || !amount) return std::nullopt;
  auto money = Money::from_double(*currency, *amount);
  if (!money) return std::nullopt;
  return *money;
}

std::optional<snapshot::WarrantyItem> warranty_item(const tesla::Warranty& w,
                                                    snapshot::WarrantyState state) {
  snapshot::WarrantyItem item;
  item.type = nonblank(w.warranty_type).value_or("");
  item.display_name = nonblank(w.warranty_display_name).value_or(item.type);
  if (item.type.empty() && item.display_name.empty()) return std::nullopt;
  item.state = state;
  item.expiration_date = w.expiration_date;
  item.expired_on = w.warranty_expired_on;
  item.coverage_years = w.coverage_age_in_years;
  if (auto unit = nonblank(w.odometer_unit)) {
    item.odometer_unit = to_lower(*unit);
    // Without a known unit the limit would be a guess, off by a factor of 1.6: leave it out.
    if (w.expiration_odometer && *item.odometer_unit == "mi") {
      item.expiration_km = units::miles_to_km(*w.expiration_odometer);
    } else if (w.expiration_odometer && *item.odometer_unit == "km") {
      item.expiration_km = w.expiration_odometer;
    }
  }
  return item;
}

}  // namespace

snapshot::Options options(const VehicleOptions& options) {
  snapshot::Options out;
  for (const auto& option : options.codes) {
    auto code = nonblank(option.code);
    if (!code) continue;
    snapshot::OptionCode item;
    item.code = std::move(*code);
    item.name = nonblank(option.display_name).value_or("");
    item.active = option.is_active;
    item.color_code = nonblank(option.color_code);
    out.codes.push_back(std::move(item));
  }
  return out;
}

snapshot::Alerts alerts(const RecentAlerts& alerts) {
  snapshot::Alerts out;
  for (const auto& alert : alerts.alerts) {
    auto name = nonblank(alert.name);
    auto text = nonblank(alert.user_text);
    if (!name && !text) continue;
    snapshot::Alert item;
    item.name = name.value_or("");
    item.time = alert.time;
    item.audiences = alert.audience;
    item.user_text = std::move(text);
    out.items.push_back(std::move(item));
  }
  return out;
}

snapshot::Service service(const ServiceData& service) {
  return snapshot::Service{nonblank(service.service_status), service.service_etc,
                           nonblank(service.service_visit_number)};
}

snapshot::Warranty warranty(const WarrantyDetails& details) {
  snapshot::Warranty out;
  const std::pair<const std::vector<tesla::Warranty>*, snapshot::WarrantyState> lists[] = {
      {&details.active, snapshot::WarrantyState::active},
      {&details.upcoming, snapshot::WarrantyState::upcoming},
      {&details.expired, snapshot::WarrantyState::expired},
  };
  for (const auto& [list, state] : lists) {
    for (const auto& w : *list) {
      if (auto item = warranty_item(w, state)) out.items.push_back(std::move(*item));
    }
  }
  return out;
}

snapshot::Specs specs(const VehicleSpecs& s, const std::optional<std::string>& currency) {
  snapshot::Specs out;
  out.body_type = nonblank(s.body_type);
  out.seats = s.number_of_seats;
  out.doors = s.number_of_doors;
  out.price = money_in(currency, s.total_price);
  out.max_power = nonblank(s.max_power);
  out.range_km = s.battery_range_km;
  out.production_date = s.production_date;
  out.country_of_origin = nonblank(s.country_of_origin);
  out.vehicle_type = nonblank(s.vehicle_type);
  out.fuel_type = nonblank(s.fuel_type);
  out.transmission = nonblank(s.transmission_type);
  out.autopilot = nonblank(s.autopilot_software_code);
  if (!out.autopilot) out.autopilot = nonblank(s.autopilot_hardware_code);
  for (const auto& row : s.equipment_price) {
    auto code = nonblank(row.code);
    auto name = nonblank(row.name);
    if (!code && !name) continue;
    out.equipment.push_back(snapshot::EquipmentItem{code.value_or(""), name.value_or(""),
                                                    money_in(currency, row.price)});
  }
  return out;
}

snapshot::BatteryHealth battery_health(const VehicleSpecs& s) {
  return snapshot::BatteryHealth{s.battery_soh_percent, s.battery_capacity_kwh,
                                 s.battery_soh_timestamp};
}

snapshot::ReleaseNotes release_notes(const ReleaseNotes& notes) {
  snapshot::ReleaseNotes out;
  for (const auto& note : notes.release_notes) {
    auto title = nonblank(note.title);
    auto description = nonblank(note.description);
    if (!title && !description) continue;
    snapshot::ReleaseNote item;
    item.title = title.value_or("");
    item.subtitle = nonblank(note.subtitle);
    item.description = std::move(description);
    item.version = nonblank(note.customer_version);
    out.notes.push_back(std::move(item));
  }
  out.deployed_version = nonblank(notes.deployed_version);
  out.staged_version = nonblank(notes.staged_version);
  return out;
}

std::optional<snapshot::FleetStatus> fleet_status(const FleetStatus& status, std::string_view vin) {
  const auto listed = [&](const std::vector<std::string>& vins) {
    return std::ranges::any_of(vins, [&](const std::string& v) { return same_vin(v, vin); });
  };
  const FleetVehicleInfo* info = nullptr;
  for (const auto& [key, value] : status.vehicle_info) {
    if (same_vin(key, vin)) info = &value;
  }
  const bool paired = listed(status.key_paired_vins);
  if (!info && !paired && !listed(status.unpaired_vins)) return std::nullopt;
  snapshot::FleetStatus out;
  out.key_paired = paired;
  if (info) {
    out.total_keys = info->total_number_of_keys;
    out.firmware_version = nonblank(info->firmware_version);
    out.command_protocol_required = info->vehicle_command_protocol_required;
    out.telemetry_version = nonblank(info->fleet_telemetry_version);
    out.discounted_device_data = info->discounted_device_data;
  }
  return out;
}

bool has_data(const snapshot::Service& v) {
  return v.status || v.estimated_completion || v.visit_number;
}

bool has_data(const snapshot::Specs& v) {
  return v.body_type || v.seats || v.doors || v.price || v.max_power || v.range_km ||
         v.production_date || v.country_of_origin || v.vehicle_type || v.fuel_type ||
         v.transmission || v.autopilot || !v.equipment.empty();
}

bool has_data(const snapshot::BatteryHealth& v) {
  return v.soh_pct || v.capacity_kwh || v.measured_at;
}

bool has_data(const snapshot::ReleaseNotes& v) {
  return !v.notes.empty() || v.deployed_version || v.staged_version;
}

}  // namespace cpt::tesla::normalize::detail
