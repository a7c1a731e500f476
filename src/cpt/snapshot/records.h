// Records kept about a vehicle outside the car: charging sessions and invoices, alerts, service,
// warranty and specifications. Brand-agnostic; money in minor units, energy in kWh, km.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cpt/core/money.h"
#include "cpt/core/time.h"

namespace cpt::snapshot {

// One fee of a charging session (energy, parking/idle, congestion, ...). Value type.
struct ChargingFee {
  std::string type;                 // upper case as the provider names it: "CHARGING", "PARKING"
  Money amount;                     // total due, in the fee's currency
  std::optional<Money> net_amount;  // before tax, when given
  std::optional<double> rate;       // price per unit, in major units of the currency
  std::optional<double> usage;      // units used, in `uom`
  std::string uom;                  // "kwh" or "min"
  std::optional<bool> paid;
  std::optional<std::string> pricing_type;  // "PAYMENT", "NO_CHARGE"
};

// An invoice document of a session; `bytes` holds the PDF once downloaded. Value type.
struct Invoice {
  std::string file_name;
  std::string content_id;
  std::optional<std::string> type;
  std::optional<std::string> bytes;
};

// One charging session at a public charger. Times keep the site's UTC offset. Value type.
struct ChargingSession {
  std::string id;
  std::string vin;
  std::string site;
  std::optional<std::string> country;  // ISO 3166 alpha-2
  std::optional<Timestamp> start;
  std::optional<Timestamp> stop;
  std::optional<double> energy_kwh;
  std::vector<ChargingFee> fees;
  std::vector<Invoice> invoices;
  std::optional<std::string> billing_type;

  // energy_kwh when given, else the usage of the kWh-priced charging fees.
  std::optional<double> energy_or_fee_usage_kwh() const;
};

// The vehicle's charging history (already partitioned to this vehicle). Value type.
struct Charging {
  std::vector<ChargingSession> sessions;
};

// One alert the vehicle raised. Value type.
struct Alert {
  std::string name;
  std::optional<Timestamp> time;
  std::vector<std::string> audiences;  // e.g. "customer", "service-fix"
  std::optional<std::string> user_text;

  bool customer_facing() const;
};

// Recent alerts, newest first as received. Value type.
struct Alerts {
  std::vector<Alert> items;
};

// The current service visit, when there is one. Value type.
struct Service {
  std::optional<std::string> status;  // e.g. "car_in_repair"
  std::optional<Timestamp> estimated_completion;
  std::optional<std::string> visit_number;
};

enum class WarrantyState { active, upcoming, expired };

// One warranty. The distance limit is kept in km; `odometer_unit` says in which unit it was
// written ("km" or "mi"). Value type.
struct WarrantyItem {
  std::string type;
  std::string display_name;
  WarrantyState state = WarrantyState::active;
  std::optional<Timestamp> expiration_date;
  std::optional<double> expiration_km;
  std::optional<std::string> odometer_unit;
  std::optional<double> coverage_years;
  std::optional<Timestamp> expired_on;
};

// All warranties of the vehicle. Value type.
struct Warranty {
  std::vector<WarrantyItem> items;
};

// One equipment line of the specification, with its list price. Value type.
struct EquipmentItem {
  std::string code;
  std::string name;
  std::optional<Money> price;
};

// The manufacturer's specification of this vehicle (expert package). Value type.
struct Specs {
  std::optional<std::string> body_type;
  std::optional<int> seats;
  std::optional<int> doors;
  std::optional<Money> price;
  std::optional<std::string> max_power;  // as written, e.g. "158 kW (front); 303 kW (rear)"
  std::optional<double> range_km;
  std::optional<Timestamp> production_date;
  std::optional<std::string> country_of_origin;
  std::optional<std::string> vehicle_type;
  std::optional<std::string> fuel_type;
  std::optional<std::string> transmission;
  std::optional<std::string> autopilot;
  std::vector<EquipmentItem> equipment;
};

}  // namespace cpt::snapshot
