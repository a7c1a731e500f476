#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cpt/sim/vehicle_json.h"

namespace cpt::sim {

using nlohmann::json;

std::string firmware(const Vehicle& v) {
  return v.car_version.substr(0, v.car_version.find(' '));
}

json options_body(const Vehicle& v) {
  json codes = json::array();
  for (const auto& o : v.options) {
    json row = {{"code", o.code}, {"displayName", o.display_name}, {"isActive", true}};
    if (o.color_code) row["colorCode"] = *o.color_code;
    codes.push_back(std::move(row));
  }
  return {{"codes", std::move(codes)}};
}

json warranty_body(const Vehicle& v) {
  json out = {{"activeWarranty", json::array()},
              {"upcomingWarranty", json::array()},
              {"expiredWarranty", json::array()}};
  for (const auto& w : v.warranties) {
    json row = {
        {"warrantyType", w.type},
        {"warrantyDisplayName", w.display_name},
        {"expirationDate", w.expiration_date},
        {"expirationOdometer", w.expiration_odometer},
        {"odometerUnit", w.odometer_unit},
        {"warrantyExpiredOn", w.bucket == "expired" ? json(w.expiration_date) : json(nullptr)},
        {"coverageAgeInYears", w.coverage_age_years}};
    out[w.bucket + "Warranty"].push_back(std::move(row));
  }
  return out;
}

namespace {

std::string option_name(const Vehicle& v, std::string_view prefix) {
  for (const auto& o : v.options) {
    if (o.code.starts_with(prefix)) return o.display_name;
  }
  return {};
}

struct ModelSpec {
  std::string_view car_type, model, display, body;
  double capacity_kwh;
  int range_km, seats, price;
};

constexpr ModelSpec kSpecs[] = {
    {"model3", "m3", "Model 3", "Sedan, Fastback", 75.0, 560, 5, 42990},
    {"modelY", "my", "Model Y", "SUV", 78.1, 533, 5, 47990},
    {"models", "ms", "Model S", "Sedan, Liftback", 100.0, 652, 5, 79990},
    {"modelx", "mx", "Model X", "SUV", 100.0, 560, 7, 84990},
};

}  // namespace

json specs_body(const Vehicle& v) {
  const ModelSpec* spec = &kSpecs[0];
  for (const auto& s : kSpecs) {
    if (s.car_type == v.car_type) spec = &s;
  }
  const int years = v.age_years;
  const int soh = std::max(80, 100 - 2 * years - static_cast<int>(v.id % 3));
  const bool awd = v.trim_badging != "50";
  json equipment = json::array();
  for (const auto& o : v.options) {
    equipment.push_back(
        {{"code", o.code}, {"name", o.display_name}, {"price", o.code == "$APF2" ? 8000 : 0}});
  }
  std::string origin = "US";
  if (v.vin.starts_with("LRW")) origin = "CN";
  if (v.vin.starts_with("XP7")) origin = "DE";
  char capacity[32];
  std::snprintf(capacity, sizeof(capacity), "%.1fkWh", spec->capacity_kwh);
  return {{"vin", v.vin},
          {"batterySoH", std::to_string(soh) + "%"},
          {"batteryCapacityKwh", capacity},
          {"batterySoHTimestamp", v.battery_soh_at},
          {"make", "Tesla"},
          {"model", spec->model},
          {"modelYear", v.model_year},
          {"bodyType", spec->body},
          {"equipmentPrice", std::move(equipment)},
          {"trim", std::string(spec->display) + " " + option_name(v, "$MT")},
          {"typeOfDrive", awd ? "AWD" : "RWD"},
          {"numberOfSeats", spec->seats},
          {"numberOfDoors", 5},
          {"paintCode", option_name(v, "$P")},
          {"interiorCode", option_name(v, "$I")},
          {"thirdRowSeatsCode", nullptr},
          {"decorCode", nullptr},
          {"wheelsCode", option_name(v, "$W")},
          {"rearSeatsName", nullptr},
          {"seatsName", nullptr},
          {"towingCode", nullptr},
          {"totalPrice", spec->price},
          {"vehicleType", "Passenger"},
          {"fuelType", "Electric"},
          {"transmissionType", "Automatic"},
          {"numberOfGears", 1},
          {"autopilotHardwareCode", nullptr},
          {"autopilotSoftwareCode", "Base Autopilot Package"},
          {"countryOfOrigin", origin},
          {"productionDate", v.delivered + "T02:50:26Z"},
          {"maxPowerInKw", awd ? "158 kW (front); 303 kW (rear)" : "208 kW (rear)"},
          {"batteryRangeInKm", std::to_string(spec->range_km) + " km"}};
}

json alerts_body(const Vehicle& v) {
  json list = json::array();
  for (const auto& a : v.alerts) {
    list.push_back(
        {{"name", a.name}, {"time", a.time}, {"audience", a.audience}, {"user_text", a.user_text}});
  }
  return {{"recent_alerts", std::move(list)}};
}

json release_notes_body(const Vehicle& v) {
  const std::string version = firmware(v);
  json notes = json::array();
  const char* kTitles[][2] = {
      {"Minor Fixes", "This release contains minor fixes and improvements"},
      {"Tesla Photobooth", "Turn your car into a photo booth."},
      {"Dashcam Viewer", "View Dashcam and Sentry clips on the touchscreen."}};
  for (const auto& t : kTitles) {
    notes.push_back(
        {{"title", t[0]},
         {"subtitle", " "},
         {"description", t[1]},
         {"customer_version", version},
         {"icon", "release_notes_icon"},
         {"show_in_history", true},
         {"image_url",
          "https://vehicle-files.teslamotors.com/release_notes/d0fa3e08a458696e6464a46c938ffc0a"},
         {"light_image_url",
          "https://vehicle-files.teslamotors.com/release_notes/9a122cff8916fffcb61cfd65a15c276f"},
         {"is_fallback", false}});
  }
  json inner = {{"release_notes", std::move(notes)},
                {"deployed_version", version},
                {"staged_version", nullptr},
                {"release_notes_version", version}};
  if (v.nested_release_notes) return {{"response", std::move(inner)}};
  return inner;
}

json service_body(const Vehicle& v) {
  if (!v.service_populated) return json::object();
  return {{"service_status", "car_in_repair"},
          {"service_etc", v.service_etc},
          {"service_visit_number", "SV" + std::to_string(10000000 + v.id % 89999999)},
          {"status_id", 8}};
}

}  // namespace cpt::sim
