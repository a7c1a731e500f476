#include "cpt/report/battery_health.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "cpt/core/units.h"

namespace cpt::report {

std::string_view original_range_csv();  // generated from data/original_range.csv

namespace {

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto end = line.find(separator, start);
    out.push_back(line.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

double number(std::string_view text) {
  return std::strtod(std::string(text).c_str(), nullptr);
}

std::vector<OriginalRange> parse_table(std::string_view text) {
  std::vector<OriginalRange> rows;
  bool header = true;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    if (header) {
      header = false;  // model,trim,model_year,market,cycle,range,unit,usable_kwh,source
      continue;
    }
    const auto cells = split(line, ',');
    if (cells.size() != 9) continue;
    OriginalRange row;
    row.model = cells[0];
    row.trim = cells[1];
    row.model_year = static_cast<int>(number(cells[2]));
    row.market = cells[3];
    row.cycle = cells[4];
    row.published = number(cells[5]);
    row.unit = cells[6];
    row.range_km = row.unit == "mi" ? units::miles_to_km(row.published) : row.published;
    if (!cells[7].empty()) row.usable_kwh = number(cells[7]);
    row.source = cells[8];
    rows.push_back(std::move(row));
  }
  return rows;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Years from 1 January of the model year (the middle of a model year's production, which runs
// from about mid-year before to mid-year) to the report date.
// Whole days to the report's date (UTC): the expectation is a fact of the report's date, so two
// reports of one car on one day say the same, whatever hour each was built at.
double age_years(int model_year, const Timestamp& report_date) {
  using namespace std::chrono;
  const sys_days built{year{model_year} / January / 1};
  const auto age = floor<days>(report_date.utc) - built;
  return std::max(0.0, static_cast<double>(age.count()) / 365.25);
}

}  // namespace

const std::vector<OriginalRange>& original_ranges() {
  static const std::vector<OriginalRange> table = parse_table(original_range_csv());
  return table;
}

std::string trim_class(std::string_view trim) {
  if (contains(trim, "Plaid")) return "plaid";
  if (contains(trim, "Performance")) return "perf";
  if (contains(trim, "Long Range")) return "lr";
  if (contains(trim, "Standard") || contains(trim, "Rear-Wheel")) return "sr";
  return "";
}

std::string market_of(const snapshot::VehicleSnapshot& snapshot) {
  std::string market;
  if (snapshot.identity.data && snapshot.identity.data->market) {
    market = *snapshot.identity.data->market;
  }
  if (market == "US" || market == "CA" || market == "NA") return "NA";
  if (market == "EU") return "EU";
  const auto& region = snapshot.provenance.region;
  if (region == "na") return "NA";
  if (region == "eu") return "EU";
  return "";
}

const OriginalRange* find_original_range(std::string_view model, std::string_view trim,
                                         int model_year, std::string_view market) {
  const OriginalRange* best = nullptr;
  for (const auto& row : original_ranges()) {
    if (row.model != model || row.trim != trim || row.market != market) continue;
    // The nearest model year; on a tie the earlier one (a rating carries over until re-rated).
    const int distance = std::abs(row.model_year - model_year);
    if (!best || distance < std::abs(best->model_year - model_year)) best = &row;
  }
  return best;
}

std::optional<double> rated_consumption_kwh_per_km(const snapshot::VehicleSnapshot& snapshot) {
  const auto& id = snapshot.identity.data;
  if (!id || !id->model || !id->model_year || !id->trim) return std::nullopt;
  const OriginalRange* row =
      find_original_range(*id->model, trim_class(*id->trim), *id->model_year, market_of(snapshot));
  if (!row || !row->usable_kwh || row->range_km <= 0) return std::nullopt;
  return *row->usable_kwh / row->range_km;
}

std::optional<HealthEstimate> estimate_health(const snapshot::VehicleSnapshot& snapshot,
                                              const Timestamp& report_date) {
  const auto& battery = snapshot.battery.data;
  const auto& id = snapshot.identity.data;
  if (!battery || !id || !id->model || !id->model_year || !id->trim) return std::nullopt;
  const auto range_at_full = battery->range_at_full_km();
  // Below 10 % the extrapolation to 100 % magnifies the range's rounding too much.
  if (!range_at_full || *battery->level_pct < 10) return std::nullopt;
  const OriginalRange* row =
      find_original_range(*id->model, trim_class(*id->trim), *id->model_year, market_of(snapshot));
  if (!row || row->range_km <= 0) return std::nullopt;

  HealthEstimate e;
  e.original = row;
  e.other_model_year = row->model_year != *id->model_year;
  e.range_at_full_km = *range_at_full;
  e.soh_pct = std::min(100.0, *range_at_full / row->range_km * 100.0);
  // ±2 points for the drift of one reading (VoltValue's published figure), up to 3 more for the
  // extrapolation from a partial charge, 1 more when the rating is of another model year.
  const double half =
      2.0 + 3.0 * (1.0 - *battery->level_pct / 100.0) + (e.other_model_year ? 1 : 0);
  e.low_pct = std::max(0.0, e.soh_pct - half);
  e.high_pct = std::min(100.0, e.soh_pct + half);
  e.age_years = age_years(*id->model_year, report_date);
  e.odometer_km = snapshot.odometer.data ? snapshot.odometer.data->km : 0.0;
  // Geotab: 1.8 % per year (2024, about 10,000 EVs). Tesla Impact Report 2023: Model 3/Y lose
  // about 15 % after 200,000 mi; Impact Report 2022: Model S/X about 12 %. Loss is front-loaded,
  // so straight lines understate it early: the larger of the two is the expectation.
  e.loss_by_age_pct = 1.8 * e.age_years;
  const bool large = row->model == "Model S" || row->model == "Model X";
  e.loss_by_distance_pct = (large ? 12.0 : 15.0) * units::km_to_miles(e.odometer_km) / 200000.0;
  e.typical_pct =
      std::clamp(100.0 - std::max(e.loss_by_age_pct, e.loss_by_distance_pct), 0.0, 100.0);
  if (row->usable_kwh) e.estimated_capacity_kwh = *row->usable_kwh * e.soh_pct / 100.0;
  return e;
}

}  // namespace cpt::report
