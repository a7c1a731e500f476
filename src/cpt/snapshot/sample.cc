#include "cpt/snapshot/sample.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "cpt/core/units.h"
#include "cpt/core/vin.h"

namespace cpt::snapshot {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::year_month_day;
using namespace std::chrono_literals;

// A fixed sequence (a linear congruential generator) so samples are identical on every run.
class Sequence {
 public:
  explicit Sequence(std::uint32_t seed) : state_(seed) {}
  // A value in [0, 1).
  double next() {
    state_ = state_ * 1664525u + 1013904223u;
    return static_cast<double>(state_ >> 8) / static_cast<double>(1u << 24);
  }

 private:
  std::uint32_t state_;
};

Timestamp local_time(sys_days day, int hour, int minute, int offset_minutes) {
  const auto local = day + std::chrono::hours(hour) + minutes(minute);
  return Timestamp{SysMillis(local - minutes(offset_minutes)), offset_minutes};
}

Timestamp utc(year_month_day day, int hour = 0, int minute = 0) {
  return Timestamp{SysMillis(sys_days(day) + std::chrono::hours(hour) + minutes(minute)), {}};
}

Money money(std::string_view currency, double amount) {
  return Money::from_double(currency, amount).value_or(Money{std::string(currency), 0});
}

// A short but well-formed PDF, standing in for a downloaded invoice.
std::string fake_invoice_pdf(const std::string& title) {
  return "%PDF-1.4\n% " + title +
         "\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
         "trailer << /Root 1 0 R >>\n%%EOF\n";
}

// A VIN with a correct ISO 3779 check digit at position 9.
std::string with_check_digit(std::string vin) {
  if (auto digit = vin_check_digit(vin)) vin[8] = *digit;
  return vin;
}

struct Site {
  const char* name;
  const char* country;
  const char* currency;
  double price_per_kwh;
  double congestion_per_min;  // 0 when the site has no congestion fee
  int winter_offset;          // UTC offset in minutes outside daylight saving time
};

int offset_at(const Site& site, sys_days day) {
  // Daylight saving time between the last Sundays of March and October (Europe) or the second
  // Sunday of March and the first of November (North America): close enough for sample data.
  const year_month_day ymd{day};
  const unsigned month = static_cast<unsigned>(ymd.month());
  const bool summer = month >= 4 && month <= 10;
  return site.winter_offset + (summer ? 60 : 0);
}

ChargingSession make_session(const Site& site, const std::string& vin, int index, sys_days day,
                             Sequence& seq, bool with_invoice_bytes) {
  ChargingSession s;
  s.id = std::to_string(41'870'000 + index * 137);
  s.vin = vin;
  s.site = site.name;
  s.country = site.country;
  const int hour = 8 + static_cast<int>(seq.next() * 12);
  const int minute = static_cast<int>(seq.next() * 60);
  const int duration = 14 + static_cast<int>(seq.next() * 30);
  const int offset = offset_at(site, day);
  s.start = local_time(day, hour, minute, offset);
  s.stop = Timestamp{s.start->utc + minutes(duration), offset};
  const double kwh = 18.0 + static_cast<double>(static_cast<int>(seq.next() * 520)) / 10.0;
  s.billing_type = "IMMEDIATE";

  ChargingFee charging;
  charging.type = "CHARGING";
  charging.uom = "kwh";
  charging.usage = kwh;
  charging.rate = site.price_per_kwh;
  charging.amount = money(site.currency, kwh * site.price_per_kwh);
  charging.net_amount = money(site.currency, kwh * site.price_per_kwh / 1.24);
  charging.paid = true;
  charging.pricing_type = "PAYMENT";
  s.fees.push_back(charging);

  ChargingFee parking;
  parking.type = "PARKING";
  parking.uom = "min";
  const bool idle = seq.next() < 0.15;
  parking.usage = idle ? 6.0 : 0.0;
  parking.rate = idle ? 0.5 : 0.0;
  parking.amount = money(site.currency, idle ? 3.0 : 0.0);
  parking.paid = true;
  parking.pricing_type = idle ? "PAYMENT" : "NO_CHARGE";
  s.fees.push_back(parking);

  if (site.congestion_per_min > 0 && seq.next() < 0.5) {
    ChargingFee congestion;
    congestion.type = "CONGESTION";
    congestion.uom = "min";
    congestion.usage = 4.0;
    congestion.rate = site.congestion_per_min;
    congestion.amount = money(site.currency, 4.0 * site.congestion_per_min);
    congestion.paid = true;
    congestion.pricing_type = "PAYMENT";
    s.fees.push_back(congestion);
  }

  Invoice invoice;
  invoice.file_name = s.id + "_" + site.country + ".pdf";
  invoice.content_id = "c0ffee00-" + std::to_string(1000 + index) + "-4a1b-9c2d-" + s.id;
  invoice.type = "IMMEDIATE";
  if (with_invoice_bytes) invoice.bytes = fake_invoice_pdf("Invoice " + s.id);
  s.invoices.push_back(invoice);
  return s;
}

Charging make_charging(const std::string& vin, std::span<const Site> sites,
                       std::span<const int> site_plan, sys_days first_day, std::uint32_t seed,
                       int missing_invoice_index) {
  Sequence seq(seed);
  Charging charging;
  sys_days day = first_day;
  for (std::size_t i = 0; i < site_plan.size(); ++i) {
    const Site& site = sites[static_cast<std::size_t>(site_plan[i])];
    const int index = static_cast<int>(i);
    charging.sessions.push_back(
        make_session(site, vin, index, day, seq, index != missing_invoice_index));
    day += days(3 + static_cast<int>(seq.next() * 9));
  }
  return charging;
}

ModuleResult fetched(std::string source, Timestamp at, std::int64_t cost_micros = 2000) {
  return ModuleResult::ok(std::move(source), at, 1, cost_micros);
}

constexpr std::array kEuSites = {
    Site{"Vantaa - Jumbo", "FI", "EUR", 0.39, 0.0, 120},
    Site{"Tampere - Lielahti", "FI", "EUR", 0.36, 0.0, 120},
    Site{"Jyv\u00e4skyl\u00e4 - Sepp\u00e4l\u00e4", "FI", "EUR", 0.37, 0.0, 120},
    Site{"Kempele - \"Zeppelin\", Oulu", "FI", "EUR", 0.35, 0.0, 120},
    Site{"Stockholm - Barkarby", "SE", "SEK", 4.89, 0.0, 60},
    Site{"Oslo - Alnabru", "NO", "NOK", 4.69, 5.0, 60},
    Site{"Hamburg, Germany - Billstedt", "DE", "EUR", 0.52, 0.5, 60},
};

constexpr std::array kUsSites = {
    Site{"Truckee, CA - Soaring Way", "US", "USD", 0.46, 0.0, -480},
    Site{"Fremont, CA - Auto Mall Pkwy", "US", "USD", 0.43, 0.0, -480},
    Site{"Gilroy, CA", "US", "USD", 0.44, 0.0, -480},
    Site{"Kettleman City, CA", "US", "USD", 0.49, 0.5, -480},
    Site{"Bellevue, WA", "US", "USD", 0.41, 0.0, -480},
    Site{"Vancouver, BC - Robson St", "CA", "CAD", 0.56, 0.0, -480},
};

void fill_eu_vehicle_state(VehicleSnapshot& s, Timestamp at) {
  Identity id;
  id.display_name = "Sininen Salama";
  id.make = "Tesla";
  id.model = "Model 3";
  id.model_year = 2023;
  id.trim = "Long Range All-Wheel Drive";
  id.paint = "Deep Blue Metallic";
  id.wheels = "18\u2033 Photon Wheels";
  id.interior = "All Black Premium Interior";
  id.drive = Drive::awd;
  id.charge_port = "CCS";
  id.market = "EU (Finland)";
  id.software_version = "2025.44.25.4";
  id.access_type = "owner";
  id.performance_package = "Base";
  id.trim_badging = "74d";
  id.wheel_type = "Photon18";
  id.eu_vehicle = true;
  id.right_hand_drive = false;
  s.identity.set(id, fetched("vehicle", at, 0));

  Options options;
  options.codes = {{"$MT352", "Long Range All-Wheel Drive", true, {}},
                   {"$PPSB", "Deep Blue Metallic", true, "PPSB"},
                   {"$W38A", "18\u2033 Photon Wheels", true, {}},
                   {"$IPB3", "All Black Premium Interior", true, {}},
                   {"$APBS", "Basic Autopilot", true, {}},
                   {"$SC04", "Supercharger Network Access + Pay-as-you-go", true, {}}};
  s.options.set(options, fetched("vehicle_options", at));

  Battery battery;
  battery.level_pct = 74;
  battery.usable_level_pct = 73;
  battery.rated_range_km = units::miles_to_km(243.31);
  battery.estimated_range_km = units::miles_to_km(242.74);
  battery.ideal_range_km = units::miles_to_km(243.31);
  battery.charge_limit_pct = 83;
  battery.default_charge_limit_pct = 80;
  battery.charging_state = "disconnected";
  // Departure charging on cheap night power, ready for the morning commute.
  battery.energy_added_kwh = 18.6;
  battery.range_added_km = units::miles_to_km(76.0);
  battery.scheduled_charging_mode = "depart_by";
  battery.scheduled_charging_pending = false;
  battery.scheduled_departure = utc({2026y / 2 / 21}, 5, 30);
  battery.preconditioning_enabled = true;
  battery.off_peak_charging_enabled = true;
  battery.battery_heater_on = false;
  s.battery.set(battery, fetched("vehicle_data", at));

  s.battery_health.set({96.5, 75.8, utc({2026y / 1 / 28})}, fetched("vehicle_specs", at, 100000));
  s.odometer.set({units::miles_to_km(12345.678901)}, fetched("vehicle_data", at, 0));
  s.climate.set({4.5, -6.5}, fetched("vehicle_data", at, 0));
  Security security;
  security.locked = true;
  security.sentry_mode = true;
  security.open_doors = std::vector<Opening>{};
  security.open_windows = std::vector<Opening>{Opening::rear_left};
  s.security.set(security, fetched("vehicle_data", at, 0));

  Tyres tyres;
  const Timestamp seen = utc({2026y / 2 / 20}, 9, 41);
  tyres.front_left = {2.75, false, false, seen};
  tyres.front_right = {2.65, false, false, seen};
  tyres.rear_left = {2.725, false, false, seen};
  tyres.rear_right = {2.45, true, false, seen};
  tyres.recommended_front_bar = 2.9;
  tyres.recommended_rear_bar = 2.9;
  s.tyres.set(tyres, fetched("vehicle_data", at, 0));

  s.display.set({DistanceUnit::km, TemperatureUnit::celsius, PressureUnit::bar},
                fetched("vehicle_data", at, 0));
  Software software;
  software.version = "2025.44.25.4";
  software.pending_version = "2026.2.3";
  software.update_status = "available";
  software.download_pct = 100;
  software.install_pct = 0;
  software.expected_install_minutes = 25;
  s.software.set(software, fetched("vehicle_data", at, 0));
}

void fill_eu_records(VehicleSnapshot& s, Timestamp at) {
  ReleaseNotes notes;
  notes.deployed_version = "2025.44.25.4";
  notes.notes = {
      {"Tesla Photobooth",
       {},
       "Turn your car into a photo booth: open Toybox and take a selfie "
       "with the cabin camera.",
       "2025.44.25.4"},
      {"Supercharger Amenities", "Find food and restrooms",
       "See the amenities available at each Supercharger on the map.", "2025.44.25.4"},
      {"Minor Fixes", "Some more info", "This release contains minor fixes and improvements.",
       "2025.44.25.4"},
  };
  s.release_notes.set(notes, fetched("release_notes", at));

  static constexpr std::array kPlan = {0, 1, 4, 4, 5, 5, 0, 2, 3, 0, 6, 6,
                                       0, 1, 0, 2, 3, 0, 1, 0, 0, 2, 0, 1};
  s.charging.set(make_charging(s.vin, kEuSites, kPlan, sys_days(2025y / 8 / 3), 2025u, -1),
                 fetched("charging_history", at, 4000));
  s.invoices = ModuleResult::ok("charging_invoice", at, 24, 48000);

  Alerts alerts;
  alerts.items = {
      {"UI_a212_AEBSFaulted",
       utc({2026y / 2 / 14}, 7, 12),
       {"service-fix", "customer"},
       "Automatic Emergency Braking is unavailable"},
      {"CC_a030_chargePortStuck",
       utc({2026y / 1 / 9}, 18, 3),
       {"customer"},
       "Charge port latch may be stuck \u2013 try unlocking the car"},
      {"ISA_a001_speedAssistUnavailable", utc({2025y / 12 / 21}, 16, 45), {"service"}, {}},
      {"UMC_a037_chargeHandleNotFullyInserted",
       utc({2025y / 11 / 30}, 20, 5),
       {"customer"},
       "Charge cable not fully inserted"},
  };
  s.alerts.set(alerts, fetched("recent_alerts", at));
  s.service = {std::nullopt, ModuleResult::empty("service_data", at)};

  Warranty warranty;
  warranty.items = {
      {"NEW_MFG_WARRANTY",
       "Basic Vehicle Limited Warranty",
       WarrantyState::active,
       utc({2027y / 5 / 10}),
       80000,
       "km",
       4,
       {}},
      {"BATTERY_WARRANTY",
       "Battery and Drive Unit Limited Warranty",
       WarrantyState::active,
       utc({2031y / 5 / 10}),
       192000,
       "km",
       8,
       {}},
      {"EXTENDED_SERVICE",
       "Extended Service Agreement",
       WarrantyState::upcoming,
       utc({2029y / 5 / 10}),
       120000,
       "km",
       2,
       {}},
      {"ROADSIDE",
       "Roadside Assistance",
       WarrantyState::expired,
       utc({2025y / 5 / 10}),
       {},
       {},
       2,
       utc({2025y / 5 / 10})},
  };
  s.warranty.set(warranty, fetched("warranty_details", at));

  Specs specs;
  specs.body_type = "Sedan, Fastback";
  specs.seats = 5;
  specs.doors = 4;
  specs.price = money("EUR", 52990);
  specs.max_power = "158 kW (front); 235 kW (rear)";
  specs.range_km = 629;
  specs.production_date = utc({2023y / 4 / 18}, 2, 50);
  specs.country_of_origin = "CN";
  specs.vehicle_type = "Passenger";
  specs.fuel_type = "Electric";
  specs.transmission = "Automatic, 1 gear";
  specs.autopilot = "Basic Autopilot";
  specs.equipment = {{"$MT352", "Long Range All-Wheel Drive", money("EUR", 49990)},
                     {"$PPSB", "Deep Blue Metallic", money("EUR", 1300)},
                     {"$W38A", "18\u2033 Photon Wheels", money("EUR", 0)},
                     {"$APBS", "Basic Autopilot", money("EUR", 0)},
                     {"$TW01", "Towing Package", money("EUR", 1300)},
                     {"$IPB3", "All Black Premium Interior", money("EUR", 400)}};
  s.specs.set(specs, fetched("vehicle_specs", at, 100000));
  s.fleet_status.set({true, 3, "2025.44.25.4", true, "1.0.2", false}, fetched("fleet_status", at));
}

}  // namespace

VehicleSnapshot sample_eu_model3() {
  VehicleSnapshot s;
  s.vin = with_check_digit("LRW3E7EK0PC917364");
  const Timestamp at = utc({2026y / 2 / 20}, 10, 15);
  fill_eu_vehicle_state(s, at);
  fill_eu_records(s, at);
  s.provenance.order_id = "ord_7Q2M9K4T";
  s.provenance.package = Package::expert;
  s.provenance.region = "eu";
  s.provenance.generated_at = utc({2026y / 2 / 20}, 10, 16);
  s.provenance.calls = 37;
  s.provenance.cost_micros = 172000;
  s.provenance.provider = "tesla-fleet-api";
  return s;
}

namespace {

void fill_us_vehicle_state(VehicleSnapshot& s, Timestamp at) {
  Identity id;
  id.display_name = "Road Runner";
  id.make = "Tesla";
  id.model = "Model Y";
  id.model_year = 2023;
  id.trim = "Long Range All-Wheel Drive";
  id.paint = "Pearl White Multi-Coat";
  id.wheels = "19\u2033 Gemini Wheels";
  id.interior = "All Black Premium Interior";
  id.drive = Drive::awd;
  id.charge_port = "NACS";
  id.market = "US";
  id.software_version = "2025.38.9";
  id.access_type = "owner";
  id.performance_package = "Base";
  id.trim_badging = "74d";
  id.wheel_type = "Gemini19";
  id.eu_vehicle = false;
  id.right_hand_drive = false;
  id.air_suspension = false;
  id.ludicrous_mode = false;
  id.seat_cooling = true;
  id.third_row_seats = false;
  id.driver_assist_hardware = "TeslaAP4";
  s.identity.set(id, fetched("vehicle", at, 0));
  Options options;
  options.codes = {{"$MTY13", "Long Range All-Wheel Drive", true, {}},
                   {"$PPSW", "Pearl White Multi-Coat", true, "PPSW"},
                   {"$WY19B", "19\u2033 Gemini Wheels", true, {}},
                   {"$APF2", "Full Self-Driving Capability", true, {}}};
  s.options.set(options, fetched("vehicle_options", at));

  Battery battery;
  battery.level_pct = 58;
  battery.usable_level_pct = 57;
  battery.rated_range_km = units::miles_to_km(178.4);
  battery.estimated_range_km = units::miles_to_km(151.2);
  battery.ideal_range_km = units::miles_to_km(178.4);
  battery.charge_limit_pct = 90;
  battery.default_charge_limit_pct = 90;
  battery.charging_state = "charging";
  // On a 48 A wall connector at home.
  battery.charger_power_kw = 11;
  battery.charger_voltage = 240;
  battery.charger_current_a = 48;
  battery.charger_phases = 1;
  battery.charge_cable = "SAE";
  battery.fast_charger_present = false;
  battery.charge_rate_km_per_h = units::miles_to_km(44.0);
  battery.energy_added_kwh = 21.3;
  battery.range_added_km = units::miles_to_km(87.0);
  battery.minutes_to_full = 135;
  battery.scheduled_charging_mode = "off";
  battery.preconditioning_enabled = false;
  battery.off_peak_charging_enabled = false;
  battery.battery_heater_on = false;
  battery.charge_port_open = true;
  battery.charge_port_latch = "Engaged";
  battery.max_charge_current_a = 48;
  battery.lifetime_energy_used_kwh = 11850.4;
  s.battery.set(battery, fetched("vehicle_data", at));
  s.battery_health = {std::nullopt, ModuleResult::not_in_package("vehicle_specs")};
  s.odometer.set({units::miles_to_km(28713.2)}, fetched("vehicle_data", at, 0));
  s.climate.set({units::fahrenheit_to_celsius(71.6), units::fahrenheit_to_celsius(64.4)},
                fetched("vehicle_data", at, 0));
  Security security;
  security.locked = false;
  security.sentry_mode = false;
  security.open_doors = std::vector<Opening>{Opening::rear_trunk};
  security.valet_mode = false;
  security.speed_limit_active = false;
  security.dashcam_state = "Recording";
  security.open_windows = std::vector<Opening>{};
  s.security.set(security, fetched("vehicle_data", at, 0));
  Tyres tyres;
  const Timestamp seen = utc({2026y / 2 / 19}, 23, 5);
  tyres.front_left = {units::psi_to_bar(42), false, false, seen};
  tyres.front_right = {units::psi_to_bar(41), false, false, seen};
  tyres.rear_left = {units::psi_to_bar(35), true, true, seen};
  tyres.rear_right = {units::psi_to_bar(42), false, false, seen};
  tyres.recommended_front_bar = units::psi_to_bar(42);
  tyres.recommended_rear_bar = units::psi_to_bar(42);
  s.tyres.set(tyres, fetched("vehicle_data", at, 0));
  s.display.set({DistanceUnit::mi, TemperatureUnit::fahrenheit, PressureUnit::psi},
                fetched("vehicle_data", at, 0));
  Software software;
  software.version = "2025.38.9";
  s.software.set(software, fetched("vehicle_data", at, 0));
}

void fill_us_records(VehicleSnapshot& s, Timestamp at) {
  s.release_notes.set(
      {{{"Dashcam Viewer", {}, "View dashcam and Sentry clips on the touchscreen.", "2025.38.9"}},
       "2025.38.9",
       {}},
      fetched("release_notes", at));
  static constexpr std::array kPlan = {0, 1, 2, 1, 3, 1, 4, 5, 5, 4, 1, 2, 1, 3, 1, 0};
  s.charging.set(make_charging(s.vin, kUsSites, kPlan, sys_days(2025y / 9 / 6), 777u, 7),
                 fetched("charging_history", at, 2000));
  Error download = make_error(ErrorKind::server, "invoice download: HTTP 503");
  download.with("http_status", "503");
  s.invoices = ModuleResult::from_error(download, "charging_invoice", at, 17, 30000);
  s.invoices.outcome = ModuleOutcome::ok;  // 15 of 16 invoices arrived; one is missing
  s.invoices.reason = "1 of 16 invoices could not be downloaded";
  s.invoices.note = {"invoices_missing", {{"missing", "1"}, {"wanted", "16"}}};

  s.alerts.set({{{"VCFRONT_a180_hvacPerformanceDegraded",
                  utc({2026y / 2 / 2}, 15, 30),
                  {"customer", "service"},
                  "Cabin heating or cooling performance reduced"}}},
               fetched("recent_alerts", at));
  s.service.set({"car_in_repair", Timestamp{utc({2026y / 2 / 24}, 1, 0).utc, -480}, "SV31415926"},
                fetched("service_data", at));
  Warranty warranty;
  warranty.items = {
      {"NEW_MFG_WARRANTY",
       "Basic Vehicle Limited Warranty",
       WarrantyState::active,
       utc({2027y / 3 / 2}),
       units::miles_to_km(50000),
       "mi",
       4,
       {}},
      {"BATTERY_WARRANTY",
       "Battery and Drive Unit Limited Warranty",
       WarrantyState::active,
       utc({2031y / 3 / 2}),
       units::miles_to_km(120000),
       "mi",
       8,
       {}},
  };
  s.warranty.set(warranty, fetched("warranty_details", at));
  s.specs = {std::nullopt, ModuleResult::not_in_package("vehicle_specs")};
  s.fleet_status.set({false, 2, "2025.38.9", true, {}, {}}, fetched("fleet_status", at));
}

}  // namespace

VehicleSnapshot sample_us_model_y() {
  VehicleSnapshot s;
  s.vin = with_check_digit("5YJYGDEE0PF482913");
  const Timestamp at = utc({2026y / 2 / 20}, 18, 2);
  fill_us_vehicle_state(s, at);
  fill_us_records(s, at);
  s.provenance.order_id = "ord_3XW8P1Z6";
  s.provenance.package = Package::pro;
  s.provenance.region = "na";
  s.provenance.generated_at = utc({2026y / 2 / 20}, 18, 3);
  s.provenance.calls = 27;
  s.provenance.cost_micros = 46000;
  s.provenance.provider = "tesla-fleet-api";
  return s;
}

VehicleSnapshot sample_all_failed() {
  VehicleSnapshot s;
  s.vin = with_check_digit("LRW3E7EK0PC555021");
  const Timestamp at = utc({2026y / 2 / 20}, 6, 0);
  Error asleep = make_error(ErrorKind::vehicle_unavailable, "vehicle_data: HTTP 408");
  asleep.with("http_status", "408");
  Error down = make_error(ErrorKind::server, "HTTP 503");
  down.with("http_status", "503");
  for (int i = 0; i < kModuleCount; ++i) {
    const auto id = static_cast<ModuleId>(i);
    const bool car = id == ModuleId::battery || id == ModuleId::odometer ||
                     id == ModuleId::climate || id == ModuleId::security || id == ModuleId::tyres ||
                     id == ModuleId::display || id == ModuleId::software ||
                     id == ModuleId::identity;
    s.result(id) = ModuleResult::from_error(car ? asleep : down, std::string(to_string(id)), at);
  }
  s.provenance.order_id = "ord_ASLEEP01";
  s.provenance.package = Package::expert;
  s.provenance.region = "eu";
  s.provenance.generated_at = at;
  s.provenance.calls = kModuleCount;
  s.provenance.provider = "tesla-fleet-api";
  return s;
}

}  // namespace cpt::snapshot
