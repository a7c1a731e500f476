// The battery's state of health, estimated the only way the Fleet API allows: the rated range at
// 100 % against the original rated range of that model, trim, model year and market (EPA for North
// America, WLTP for Europe), from the table in data/original_range.csv. Internal to the report
// layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/time.h"
#include "cpt/report/formatter.h"
#include "cpt/report/judgement.h"
#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::report {

// One row of the original-range table. Value type.
struct OriginalRange {
  std::string model;  // "Model 3"
  std::string trim;   // sr, lr, perf, plaid
  int model_year = 0;
  std::string market;  // NA, EU
  std::string cycle;   // EPA, WLTP
  double range_km = 0;
  std::string unit;  // the unit the rating was published in: mi or km
  double published = 0;
  std::optional<double> usable_kwh;
  std::string source;  // public URL
};

// The whole table, parsed once. Thread-safe.
const std::vector<OriginalRange>& original_ranges();

// The trim class of a trim name: "Long Range All-Wheel Drive" -> "lr"; "" when unknown.
std::string trim_class(std::string_view trim);
// The table's market for a car: NA for North America, EU for Europe, "" otherwise.
std::string market_of(const snapshot::VehicleSnapshot& snapshot);

// The row for a car: same model, trim class and market, the car's model year or else the
// nearest model year in the table. nullopt when the table has no such model, trim and market.
const OriginalRange* find_original_range(std::string_view model, std::string_view trim,
                                         int model_year, std::string_view market);

// The consumption implied by the car's original rating, in kWh per km: usable capacity / rated
// range, when the table gives the capacity of the car's model, trim and market.
std::optional<double> rated_consumption_kwh_per_km(const snapshot::VehicleSnapshot& snapshot);

// What the report says about battery health. Percentages are of the original rated range.
struct HealthEstimate {
  double soh_pct = 0;  // capped at 100
  double low_pct = 0;  // confidence band
  double high_pct = 0;
  double range_at_full_km = 0;
  const OriginalRange* original = nullptr;
  bool other_model_year = false;  // the table's row is of another model year
  double age_years = 0;
  double odometer_km = 0;
  double typical_pct = 0;           // typical for that age and distance
  double loss_by_age_pct = 0;       // Geotab's 1.8 % per year
  double loss_by_distance_pct = 0;  // Tesla's 15 % (3/Y) or 12 % (S/X) per 200,000 mi
  std::optional<double> estimated_capacity_kwh;
};

// The estimate, or nullopt when the charge level, rated range, model, model year or a table row
// is missing.
std::optional<HealthEstimate> estimate_health(const snapshot::VehicleSnapshot& snapshot,
                                              const Timestamp& report_date);

// The battery verdict: soh_verdict() of the estimate as displayed, and at least "attention" when
// even the top of the band is more than 5 points below what is typical for the car's age and
// distance.
Verdict health_verdict(const Formatter& fmt, const HealthEstimate& estimate);

}  // namespace cpt::report
