#include "cpt/report/region_context.h"

#include <map>

#include "cpt/core/units.h"

namespace cpt::report {

using snapshot::DistanceUnit;
using snapshot::PressureUnit;
using snapshot::TemperatureUnit;

namespace {

// The languages each market we sell in writes (ISO country -> languages).
struct MarketLanguages {
  std::string_view market;
  std::initializer_list<Language> languages;
};
const MarketLanguages kMarkets[] = {
    {"US", {Language::en, Language::es}},
    {"CA", {Language::en, Language::fr}},
    {"GB", {Language::en}},
    {"IE", {Language::en}},
    {"AU", {Language::en}},
    {"NZ", {Language::en}},
    {"FI", {Language::fi, Language::sv}},
    {"SE", {Language::sv}},
    {"NO", {Language::no}},
    {"DK", {Language::da}},
    {"DE", {Language::de}},
    {"AT", {Language::de}},
    {"CH", {Language::de, Language::fr, Language::it}},
    {"LU", {Language::fr, Language::de}},
    {"BE", {Language::fr}},
    {"FR", {Language::fr}},
    {"ES", {Language::es}},
    {"MX", {Language::es}},
    {"IT", {Language::it}},
};

}  // namespace

bool is_market_language(Language language, std::string_view market) {
  for (const MarketLanguages& entry : kMarkets) {
    if (entry.market != market) continue;
    for (Language spoken : entry.languages) {
      if (spoken == language) return true;
    }
  }
  return false;
}

std::string RegionContext::icu_locale() const {
  // ICU knows Norwegian Bokmål as "nb"; every other language code is its own locale id.
  std::string id(language == Language::no ? std::string_view("nb") : to_string(language));
  if (is_market_language(language, market)) id.append("-").append(market);
  return id;
}

std::string market_country(const snapshot::VehicleSnapshot& snapshot) {
  if (!snapshot.charging.data) return {};
  std::map<std::string, int> count;
  for (const snapshot::ChargingSession& session : snapshot.charging.data->sessions) {
    if (session.country && session.country->size() == 2) ++count[*session.country];
  }
  std::string best;
  int most = 0;
  for (const auto& [country, n] : count) {  // ordered: the first of a tie wins
    if (n > most) {
      best = country;
      most = n;
    }
  }
  return best;
}

RegionContext make_region_context(Language language,
                                  const std::optional<snapshot::DisplayPreferences>& preferences,
                                  std::optional<std::string_view> region) {
  RegionContext context;
  context.language = language;
  const bool imperial = region && (*region == "na" || *region == "NA");
  context.distance = imperial ? DistanceUnit::mi : DistanceUnit::km;
  context.temperature = imperial ? TemperatureUnit::fahrenheit : TemperatureUnit::celsius;
  context.pressure = imperial ? PressureUnit::psi : PressureUnit::bar;
  if (preferences) {
    if (preferences->distance) context.distance = *preferences->distance;
    if (preferences->temperature) context.temperature = *preferences->temperature;
    if (preferences->pressure) context.pressure = *preferences->pressure;
  }
  return context;
}

double to_display(double canonical, Unit unit, const RegionContext& context) {
  switch (unit) {
    case Unit::distance:
      return context.distance == DistanceUnit::mi ? units::km_to_miles(canonical) : canonical;
    case Unit::temperature:
      return context.temperature == TemperatureUnit::fahrenheit
                 ? units::celsius_to_fahrenheit(canonical)
                 : canonical;
    case Unit::pressure:
    case Unit::pressure_delta:
      switch (context.pressure) {
        case PressureUnit::bar:
          return canonical;
        case PressureUnit::psi:
          return units::bar_to_psi(canonical);
        case PressureUnit::kpa:
          return units::bar_to_kpa(canonical);
      }
      return canonical;
    default:
      return canonical;
  }
}

std::string_view display_unit_symbol(Unit unit, const RegionContext& context) {
  switch (unit) {
    case Unit::distance:
      return to_string(context.distance);
    case Unit::temperature:
      return context.temperature == TemperatureUnit::fahrenheit ? "\u00b0F" : "\u00b0C";
    case Unit::pressure:
    case Unit::pressure_delta:
      return to_string(context.pressure);
    case Unit::energy:
      return "kWh";
    default:
      return "";
  }
}

std::string_view to_string(DistanceUnit unit) {
  return unit == DistanceUnit::mi ? "mi" : "km";
}

std::string_view to_string(TemperatureUnit unit) {
  return unit == TemperatureUnit::fahrenheit ? "F" : "C";
}

std::string_view to_string(PressureUnit unit) {
  switch (unit) {
    case PressureUnit::bar:
      return "bar";
    case PressureUnit::psi:
      return "psi";
    case PressureUnit::kpa:
      return "kPa";
  }
  return "bar";
}

}  // namespace cpt::report
