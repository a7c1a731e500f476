// RegionContext: the language, units and time zone a report is written for, and the conversions
// from canonical units (km, degrees Celsius, bar) into them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpt/report/catalog.h"
#include "cpt/report/field_schema.h"
#include "cpt/snapshot/vehicle_state.h"

namespace cpt::report {

// Where and for whom a report is formatted. Value type; thread-safe.
struct RegionContext {
  Language language = Language::en;
  snapshot::DistanceUnit distance = snapshot::DistanceUnit::km;
  snapshot::TemperatureUnit temperature = snapshot::TemperatureUnit::celsius;
  snapshot::PressureUnit pressure = snapshot::PressureUnit::bar;
  std::string time_zone = "UTC";  // IANA zone for instants that carry no UTC offset

  // The ICU locale id of the language ("en", "fi", "nb", ...).
  std::string_view icu_locale() const;
};

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
