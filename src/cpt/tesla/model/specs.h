// GET /api/1/vehicles/{vin}/specs (partner token, billed), typed as Tesla sends it. Several
// quantities arrive as text with units ("100%", "82.3kWh", "571 km"): the text is kept and a
// number is parsed next to it. Value types; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/time.h"

namespace cpt::tesla {

// One row of `equipmentPrice[]`.
struct EquipmentPrice {
  std::optional<std::string> code;  // "$APBS"
  std::optional<std::string> name;
  std::optional<double> price;
};

// The specs response.
struct VehicleSpecs {
  std::optional<std::string> vin;
  std::optional<std::string> battery_soh;          // batterySoH, "100%"
  std::optional<double> battery_soh_percent;       // 100 (parsed from battery_soh)
  std::optional<std::string> battery_capacity;     // batteryCapacityKwh, "82.3kWh"
  std::optional<double> battery_capacity_kwh;      // 82.3 (parsed)
  std::optional<Timestamp> battery_soh_timestamp;  // batterySoHTimestamp
  std::optional<std::string> make;
  std::optional<std::string> model;  // "m3"
  std::optional<int> model_year;     // modelYear
  std::optional<std::string> body_type;
  std::vector<EquipmentPrice> equipment_price;  // equipmentPrice
  std::optional<std::string> trim;
  std::optional<std::string> type_of_drive;  // typeOfDrive: "AWD"
  std::optional<int> number_of_seats;
  std::optional<int> number_of_doors;
  std::optional<std::string> paint_code;
  std::optional<std::string> interior_code;
  std::optional<std::string> third_row_seats_code;
  std::optional<std::string> decor_code;
  std::optional<std::string> wheels_code;
  std::optional<std::string> rear_seats_name;
  std::optional<std::string> seats_name;
  std::optional<std::string> towing_code;
  std::optional<double> total_price;
  std::optional<std::string> vehicle_type;
  std::optional<std::string> fuel_type;
  std::optional<std::string> transmission_type;
  std::optional<int> number_of_gears;
  std::optional<std::string> autopilot_hardware_code;
  std::optional<std::string> autopilot_software_code;
  std::optional<std::string> country_of_origin;
  std::optional<Timestamp> production_date;
  std::optional<std::string> max_power;      // maxPowerInKw, "158 kW (front); 303 kW (rear)"
  std::optional<std::string> battery_range;  // batteryRangeInKm, "571 km"
  std::optional<double> battery_range_km;    // 571 (parsed)
};

// The leading decimal number of a text such as "82.3kWh", "100 %" or "571 km"; nullopt when the
// text does not start with one.
std::optional<double> leading_number(std::string_view text);

}  // namespace cpt::tesla
