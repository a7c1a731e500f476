// RegionContext: the language, units and time zone a report is written for, and the conversions
// from canonical units (km, degrees Celsius, bar) into them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpt/report/catalog.h"
#include "cpt/report/field_schema.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/snapshot/vehicle_state.h"

namespace cpt::report {

// Where and for whom a report is formatted. Value type; thread-safe.
struct RegionContext {
  Language language = Language::en;
  snapshot::DistanceUnit distance = snapshot::DistanceUnit::km;
  snapshot::TemperatureUnit temperature = snapshot::TemperatureUnit::celsius;
  snapshot::PressureUnit pressure = snapshot::PressureUnit::bar;
  // IANA zone every instant of the report is shown in (ICU converts, DST included): the order's
  // zone, else the market's main zone (report_time_zone), "UTC" when neither is known. Charging
  // sessions keep their site's own offset and calendar dates stay as written (docs/time-zones.md).
  std::string time_zone = "UTC";
  // The car's market as an ISO 3166 country ("GB"), or empty. Dates and the clock follow it
  // when the report's language is spoken there (en-GB, fr-CA); numbers keep the language's style
  // and units the car's settings.
  std::string market;

  // The ICU locale id: the language ("en", "fi", "nb"), with the market when the language is
  // one of the market's ("en-GB", "fr-CA", "sv-FI"), else the language alone.
  std::string icu_locale() const;
};

// Whether `language` is written in `market` (an ISO country): en in GB, fr in CA, sv in FI.
bool is_market_language(Language language, std::string_view market);

// The car's market: the country of most of its charging sessions (ties: the alphabetically
// first), or empty when no session names one.
std::string market_country(const snapshot::VehicleSnapshot& snapshot);

// A context for `language` whose units follow the car's display preferences; a preference that
// is missing defaults by region: "na" means miles, Fahrenheit and psi, anything else is metric.
RegionContext make_region_context(Language language,
                                  const std::optional<snapshot::DisplayPreferences>& preferences,
                                  std::optional<std::string_view> region);

// A canonical quantity in the context's display unit (km -> mi, C -> F, bar -> psi/kPa).
double to_display(double canonical, Unit unit, const RegionContext& context);
// The display unit's short symbol: "km", "mi", "°C", "°F", "bar", "psi", "kPa", "kWh", or "".
std::string_view display_unit_symbol(Unit unit, const RegionContext& context);

std::string_view to_string(snapshot::DistanceUnit unit);
std::string_view to_string(snapshot::TemperatureUnit unit);
std::string_view to_string(snapshot::PressureUnit unit);

}  // namespace cpt::report
