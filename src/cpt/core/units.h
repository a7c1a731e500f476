// Unit conversions used when presenting Tesla's numbers (miles, Celsius, bar) in a reader's units.
#pragma once

namespace cpt::units {

inline constexpr double kKmPerMile = 1.609344;
inline constexpr double kPsiPerBar = 14.503773773;
inline constexpr double kKpaPerBar = 100.0;

constexpr double miles_to_km(double miles) { return miles * kKmPerMile; }
constexpr double km_to_miles(double km) { return km / kKmPerMile; }
constexpr double celsius_to_fahrenheit(double c) { return c * 9.0 / 5.0 + 32.0; }
constexpr double fahrenheit_to_celsius(double f) { return (f - 32.0) * 5.0 / 9.0; }
constexpr double bar_to_psi(double bar) { return bar * kPsiPerBar; }
constexpr double psi_to_bar(double psi) { return psi / kPsiPerBar; }
constexpr double bar_to_kpa(double bar) { return bar * kKpaPerBar; }

}  // namespace cpt::units
