#include "cpt/sim/world_tables.h"

#include <array>

namespace cpt::sim::tables {
namespace {

using R = Region;

constexpr std::array kNaCountries = {
    Country{"US", R::na, "USD", "en_US", false, "US", -8 * 3600, 37.7765, -122.4195, 0.0},
    Country{"US", R::na, "USD", "en_US", false, "US", -5 * 3600, 40.7306, -73.9866, 0.0},
    Country{"CA", R::na, "CAD", "en_CA", true, "US", -5 * 3600, 43.6532, -79.3832, 0.13},
    Country{"AU", R::na, "AUD", "en_AU", true, "CN", 10 * 3600, -33.8688, 151.2093, 0.10},
};
constexpr std::array kEuCountries = {
    Country{"FI", R::eu, "EUR", "fi_FI", true, "EU", 2 * 3600, 60.1699, 24.9384, 0.255},
    Country{"NO", R::eu, "NOK", "nb_NO", true, "EU", 1 * 3600, 59.9139, 10.7522, 0.25},
    Country{"DE", R::eu, "EUR", "de_DE", true, "EU", 1 * 3600, 52.5200, 13.4050, 0.19},
    Country{"SE", R::eu, "SEK", "sv_SE", true, "EU", 1 * 3600, 59.3293, 18.0686, 0.25},
    Country{"GB", R::eu, "GBP", "en_GB", false, "EU", 0, 51.5072, -0.1276, 0.20},
};
constexpr std::array kCnCountries = {
    Country{"CN", R::cn, "CNY", "zh_CN", true, "CN", 8 * 3600, 31.2304, 121.4737, 0.13},
};

constexpr std::array kNaSites = {
    Site{"Truckee, CA - Soaring Way", "US", "USD", -7 * 3600, 0.46, R::na},
    Site{"Gilroy, CA", "US", "USD", -7 * 3600, 0.43, R::na},
    Site{"Kettleman City, CA", "US", "USD", -7 * 3600, 0.48, R::na},
    Site{"Newark, DE", "US", "USD", -4 * 3600, 0.44, R::na},
    Site{"Buffalo, NY - Walden Ave", "US", "USD", -4 * 3600, 0.41, R::na},
    Site{"Toronto, ON - Yorkdale", "CA", "CAD", -4 * 3600, 0.58, R::na},
    Site{"Kingston, ON", "CA", "CAD", -4 * 3600, 0.55, R::na},
    Site{"Sydney, NSW - Broadway", "AU", "AUD", 10 * 3600, 0.69, R::na},
};
constexpr std::array kEuSites = {
    Site{"Helsinki, Finland", "FI", "EUR", 2 * 3600, 0.39, R::eu},
    Site{"Lahti, Finland", "FI", "EUR", 2 * 3600, 0.36, R::eu},
    Site{"Tampere - Lempäälä, Finland", "FI", "EUR", 2 * 3600, 0.37, R::eu},
    Site{"Oslo - Økern, Norway", "NO", "NOK", 1 * 3600, 4.95, R::eu},
    Site{"Lillehammer, Norway", "NO", "NOK", 1 * 3600, 5.20, R::eu},
    Site{"Berlin - Schönefeld, Germany", "DE", "EUR", 1 * 3600, 0.52, R::eu},
    Site{"Stockholm - Kungens Kurva, Sweden", "SE", "SEK", 1 * 3600, 5.45, R::eu},
    Site{"London - Park Royal, UK", "GB", "GBP", 0, 0.56, R::eu},
};
constexpr std::array kCnSites = {
    Site{"上海市 - 静安嘉里中心", "CN", "CNY", 8 * 3600, 2.20, R::cn},
    Site{"Beijing - Sanlitun", "CN", "CNY", 8 * 3600, 2.05, R::cn},
    Site{"Shenzhen - Futian", "CN", "CNY", 8 * 3600, 1.95, R::cn},
};

constexpr std::array<std::string_view, 16> kFirstNames = {
    "Aino", "Mikko", "Sofia", "James", "Olivia", "Lars",  "Ingrid", "Wei",
    "Mei",  "Lukas", "Emma",  "Noah",  "Elsa",   "Jonas", "Maria",  "Yuki"};
constexpr std::array<std::string_view, 16> kLastNames = {
    "Virtanen", "Korhonen", "Smith",     "Johnson",  "Hansen", "Berg",     "Zhang",     "Li",
    "Müller",   "Schmidt",  "Andersson", "Nieminen", "García", "Williams", "Lindqvist", "Chen"};
constexpr std::array<std::string_view, 12> kVehicleNames = {
    "MyTesla",    "Blue Thunder", "Mökkiauto", "Snowflake", "Family Y",     "Sparky",
    "Red Rocket", "Härligt",      "Stella",    "Nordlys",   "The Commuter", "Volt Vader"};

constexpr std::array kAlerts = {
    AlertKind{"UI_a212_AEBSFaulted", "Automatic Emergency Braking is unavailable", true},
    AlertKind{"UI_a066_ISAFaulted", "Intelligent Speed Assistance unavailable", true},
    AlertKind{"CP_a043_chargePortFault", "Charge port fault - Charging stopped", true},
    AlertKind{"UMC_a025_ChargingInterrupted", "Charging interrupted - Check power source", true},
    AlertKind{"BMS_a079_SW_Brick_Voltage_Low", "Battery cell voltage low", false},
    AlertKind{"VCFRONT_a180_lowVoltageBattery", "Low voltage battery needs service", true},
    AlertKind{"UI_a020_CameraCalibration", "Camera calibration in progress", true},
    AlertKind{"TAS_a306_tpmsHardWarning", "Tire pressure low - Check tires", true},
    AlertKind{"DI_a175_driveInverterOverheat", "Vehicle power reduced - Inverter hot", false},
    AlertKind{"APP_w222_getReady", "Autopilot features limited - Clean cameras", true},
};

constexpr std::array kPaints = {
    OptionRow{"$PPSW", "Pearl White Multi-Coat", "PPSW"},
    OptionRow{"$PPSB", "Deep Blue Metallic", "PPSB"},
    OptionRow{"$PBSB", "Solid Black", "PBSB"},
    OptionRow{"$PMNG", "Midnight Silver Metallic", "PMNG"},
    OptionRow{"$PR01", "Ultra Red", "PR01"},
    OptionRow{"$PN01", "Stealth Grey", "PN01"},
};
constexpr std::array kWheels3 = {
    OptionRow{"$W38A", "18’’ Photon Wheels", ""},
    OptionRow{"$W40B", "18’’ Aero Wheels", ""},
    OptionRow{"$W41B", "19’’ Sport Wheels", ""},
};
constexpr std::array kWheelsY = {
    OptionRow{"$WY19B", "19’’ Gemini Wheels", ""},
    OptionRow{"$WY20P", "20’’ Induction Wheels", ""},
};
constexpr std::array kWheelsSX = {
    OptionRow{"$WS90", "19’’ Tempest Wheels", ""},
    OptionRow{"$WX20", "20’’ Cyberstream Wheels", ""},
};
constexpr std::array kInteriors = {
    OptionRow{"$IPB0", "All Black Premium Interior", ""},
    OptionRow{"$IPB3", "Black", ""},
    OptionRow{"$IPW1", "Black and White Premium Interior", ""},
};

constexpr std::array kModels = {
    ModelInfo{"model3", "m3", '3', "E1E", "ABC", "50|74d|p74d", "Model 3", 75.0, 333.0,
              "Sedan, Fastback", 5},
    ModelInfo{"modelY", "my", 'Y', "GDE", "EF", "74d|p74d|50", "Model Y", 78.1, 330.0, "SUV", 5},
    ModelInfo{"models", "ms", 'S', "A1E", "23", "100d|p100d", "Model S", 100.0, 405.0,
              "Sedan, Liftback", 5},
    ModelInfo{"modelx", "mx", 'X', "CBE", "56", "100d|p100d", "Model X", 100.0, 348.0, "SUV", 7},
};

constexpr std::array<std::string_view, 6> kFirmware = {
    "2026.2.3",   "2025.44.25.4 7e1b0e1f2c9a", "2025.38.9 1a2b3c4d5e6f",
    "2024.14.30", "2025.20.7 e4d3c2b1a0f9",    "2023.44.30.8 06f534d46010"};

}  // namespace

std::span<const Country> countries(Region region) {
  switch (region) {
    case R::na:
      return kNaCountries;
    case R::eu:
      return kEuCountries;
    case R::cn:
      return kCnCountries;
  }
  return kNaCountries;
}

std::span<const Site> sites(Region region) {
  switch (region) {
    case R::na:
      return kNaSites;
    case R::eu:
      return kEuSites;
    case R::cn:
      return kCnSites;
  }
  return kNaSites;
}

const Country& country(std::string_view code) {
  for (auto region : {R::na, R::eu, R::cn}) {
    for (const auto& c : countries(region)) {
      if (c.code == code) return c;
    }
  }
  return kNaCountries.front();
}

std::span<const std::string_view> first_names() {
  return kFirstNames;
}
std::span<const std::string_view> last_names() {
  return kLastNames;
}
std::span<const std::string_view> vehicle_names() {
  return kVehicleNames;
}
std::span<const AlertKind> alerts() {
  return kAlerts;
}
std::span<const OptionRow> paints() {
  return kPaints;
}
std::span<const OptionRow> wheels(std::string_view car_type) {
  if (car_type == "model3") return kWheels3;
  if (car_type == "modelY") return kWheelsY;
  return kWheelsSX;
}
std::span<const OptionRow> interiors() {
  return kInteriors;
}
std::span<const ModelInfo> models() {
  return kModels;
}
std::span<const std::string_view> firmware_versions() {
  return kFirmware;
}

}  // namespace cpt::sim::tables
