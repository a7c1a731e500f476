// Static catalogs the world generator draws from: countries, Supercharger sites, names, alerts,
// option codes. Internal to the simulator; constant data, thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "cpt/sim/world.h"

namespace cpt::sim::tables {

// An account's home market.
struct Country {
  std::string_view code;  // "FI"
  Region region;
  std::string_view currency;  // "EUR"
  std::string_view locale;    // "fi_FI"
  bool metric;
  std::string_view market;  // vehicle configuration: "US", "EU", "CN"
  int utc_offset_s;
  double latitude, longitude;
  double vat;  // VAT included in Supercharger prices (0 for the US)
};

// A Supercharger site.
struct Site {
  std::string_view name;  // "Helsinki, Finland"
  std::string_view country;
  std::string_view currency;
  int utc_offset_s;
  double price_per_kwh;  // in the currency's major unit
  Region region;
};

struct AlertKind {
  std::string_view name;
  std::string_view user_text;
  bool customer_visible;
};

struct OptionRow {
  std::string_view code;
  std::string_view display_name;
  std::string_view color_code;  // empty when not a paint
};

// One car model: VIN letters, badge, battery and the option rows that describe it.
struct ModelInfo {
  std::string_view car_type;    // "model3"
  std::string_view model_code;  // "m3"
  char vin_letter;              // position 4
  std::string_view vin_body;    // positions 5-7
  std::string_view motors;      // candidates for position 8
  std::string_view trims;       // candidates for trim_badging, '|' separated
  std::string_view display;     // "Model 3"
  double battery_kwh;
  double full_range_mi;
  std::string_view body_type;
  int seats;
};

std::span<const Country> countries(Region region);
std::span<const Site> sites(Region region);
const Country& country(std::string_view code);
std::span<const std::string_view> first_names();
std::span<const std::string_view> last_names();
std::span<const std::string_view> vehicle_names();
std::span<const AlertKind> alerts();
std::span<const OptionRow> paints();
std::span<const OptionRow> wheels(std::string_view car_type);
std::span<const OptionRow> interiors();
std::span<const ModelInfo> models();
std::span<const std::string_view> firmware_versions();

}  // namespace cpt::sim::tables
