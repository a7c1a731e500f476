// Identity: who and what the vehicle is, from the best source for each fact (options names over
// specs text over vehicle_config codes; car_type over the VIN).
#include <array>
#include <utility>

#include "cpt/core/vin.h"
#include "cpt/tesla/normalize.h"
#include "cpt/tesla/normalize_detail.h"

namespace cpt::tesla::normalize {
namespace detail {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The display name of the first active option of `family`.
std::optional<std::string> option_name(const VehicleOptions* options, OptionFamily family) {
  if (!options) return std::nullopt;
  for (const auto& option : options->codes) {
    if (option.is_active == false || option_family(option) != family) continue;
    if (auto name = nonblank(option.display_name)) return name;
  }
  return std::nullopt;
}

// The first present value of a list of candidates.
std::optional<std::string> first_of(std::initializer_list<std::optional<std::string>> candidates) {
  for (const auto& candidate : candidates) {
    if (candidate) return candidate;
  }
  return std::nullopt;
}

// The specs API abbreviates models ("m3").
std::optional<std::string> model_from_specs(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kModels = {
      {{"m3", "Model 3"}, {"ms", "Model S"}, {"mx", "Model X"}, {"my", "Model Y"}}};
  for (const auto& [short_name, name] : kModels) {
    if (iequals(trim(code), short_name)) return std::string(name);
  }
  return std::nullopt;
}

// Tesla's trim badge ("74d", "p90d", "50"): a trailing "d" means dual motor.
std::optional<snapshot::Drive> drive_from_badge(std::string_view badge) {
  badge = trim(badge);
  if (badge.empty()) return std::nullopt;
  if (badge.back() == 'd' || badge.back() == 'D') return snapshot::Drive::awd;
  if (is_digit(badge.back())) return snapshot::Drive::rwd;
  return std::nullopt;
}

std::optional<snapshot::Drive> drive(const IdentitySources& s, const snapshot::Identity& id) {
  if (id.trim) {
    if (auto drive = drive_from_text(*id.trim)) return drive;
  }
  if (s.specs && s.specs->type_of_drive) {
    if (auto drive = drive_from_text(*s.specs->type_of_drive)) return drive;
  }
  const VehicleConfig* config =
      s.data && s.data->vehicle_config ? &*s.data->vehicle_config : nullptr;
  if (config && config->trim_badging) return drive_from_badge(*config->trim_badging);
  return std::nullopt;
}

// The car's own flag first (eu_vehicle); else the account's region.
std::optional<std::string> market(const VehicleConfig* config, std::string_view region) {
  const std::optional<bool> eu = config ? config->eu_vehicle : std::nullopt;
  if (eu == true) return "EU";
  const std::string upper = to_upper(trim(region));
  if (upper.empty() || (eu == false && upper == "EU")) return std::nullopt;
  return upper;
}

}  // namespace

OptionFamily option_family(const OptionCode& option) {
  const std::string_view code = option.code ? trim(*option.code) : std::string_view{};
  if (starts_with_ci(code, "$MT")) return OptionFamily::trim;
  if (nonblank(option.color_code) || starts_with_ci(code, "$PP") || starts_with_ci(code, "$PM")) {
    return OptionFamily::paint;
  }
  // "$W40B" wheels; a digit follows so that other $W... families stay out.
  if (starts_with_ci(code, "$W") && code.size() > 2 && is_digit(code[2])) {
    return OptionFamily::wheels;
  }
  if (starts_with_ci(code, "$IP") || starts_with_ci(code, "$IN")) return OptionFamily::interior;
  return OptionFamily::other;
}

std::optional<snapshot::Drive> drive_from_text(std::string_view text) {
  for (std::string_view awd : {"All-Wheel Drive", "All Wheel Drive", "Dual Motor", "Tri Motor",
                               "Tri-Motor", "Quad Motor"}) {
    if (icontains(text, awd)) return snapshot::Drive::awd;
  }
  if (icontains(text, "Rear-Wheel Drive") || icontains(text, "Rear Wheel Drive")) {
    return snapshot::Drive::rwd;
  }
  const std::string_view code = trim(text);
  if (iequals(code, "AWD") || iequals(code, "4WD")) return snapshot::Drive::awd;
  if (iequals(code, "RWD")) return snapshot::Drive::rwd;
  if (iequals(code, "FWD")) return snapshot::Drive::fwd;
  return std::nullopt;
}

snapshot::Identity identity(const IdentitySources& s, int reference_year) {
  const Vehicle* root = s.data ? static_cast<const Vehicle*>(s.data) : s.vehicle;
  const Vehicle* other_root = s.data ? s.vehicle : nullptr;
  const VehicleConfig* config =
      s.data && s.data->vehicle_config ? &*s.data->vehicle_config : nullptr;
  const VehicleState* state = s.data && s.data->vehicle_state ? &*s.data->vehicle_state : nullptr;
  const VehicleSpecs* specs = s.specs;
  const auto parsed_vin = Vin::parse(s.vin);
  const Vin* vin = parsed_vin ? &*parsed_vin : nullptr;

  snapshot::Identity id;
  id.display_name = first_of({root ? nonblank(root->display_name) : std::nullopt,
                              other_root ? nonblank(other_root->display_name) : std::nullopt,
                              state ? nonblank(state->vehicle_name) : std::nullopt});
  id.make = "Tesla";
  if (config && config->car_type) id.model = model_name(*config->car_type);
  if (!id.model && vin) {
    if (auto model = vin->tesla_model()) id.model = std::string(*model);
  }
  if (!id.model && specs && specs->model) id.model = model_from_specs(*specs->model);
  if (vin) id.model_year = vin->model_year(reference_year);
  if (!id.model_year && specs) id.model_year = specs->model_year;

  id.trim = first_of({option_name(s.options, OptionFamily::trim),
                      specs ? nonblank(specs->trim) : std::nullopt,
                      config ? nonblank(config->trim_badging) : std::nullopt});
  id.paint = first_of({option_name(s.options, OptionFamily::paint),
                       specs ? nonblank(specs->paint_code) : std::nullopt,
                       config ? nonblank(config->exterior_color) : std::nullopt});
  id.wheels = first_of({option_name(s.options, OptionFamily::wheels),
                        specs ? nonblank(specs->wheels_code) : std::nullopt,
                        config ? nonblank(config->wheel_type) : std::nullopt});
  id.interior = first_of({option_name(s.options, OptionFamily::interior),
                          specs ? nonblank(specs->interior_code) : std::nullopt,
                          config ? nonblank(config->interior_trim_type) : std::nullopt});
  id.drive = drive(s, id);
  if (config) {
    id.charge_port = nonblank(config->charge_port_type);
    id.performance_package = nonblank(config->performance_package);
    id.wheel_type = nonblank(config->wheel_type);
    id.trim_badging = nonblank(config->trim_badging);
    id.eu_vehicle = config->eu_vehicle;
    id.right_hand_drive = config->rhd;
    id.air_suspension = config->has_air_suspension;
    id.ludicrous_mode = config->has_ludicrous_mode;
    id.seat_cooling = config->has_seat_cooling;
    // "None", or the kind of third row ("FuturisFoldFlat", ...).
    if (auto third_row = nonblank(config->third_row_seats)) {
      id.third_row_seats = !iequals(*third_row, "None");
    }
    id.driver_assist_hardware = nonblank(config->driver_assist);
  }
  id.market = market(config, s.region);
  if (state && state->car_version) id.software_version = software_version(*state->car_version);
  for (const Vehicle* v : {root, other_root}) {
    if (!id.access_type && v) {
      if (auto access = nonblank(v->access_type)) id.access_type = to_lower(*access);
    }
  }
  return id;
}

}  // namespace detail

std::optional<std::string> model_name(std::string_view car_type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kTypes = {{
      {"model3", "Model 3"},
      {"models", "Model S"},
      {"models2", "Model S"},
      {"modelx", "Model X"},
      {"modely", "Model Y"},
      {"cybertruck", "Cybertruck"},
  }};
  for (const auto& [type, name] : kTypes) {
    if (detail::iequals(detail::trim(car_type), type)) return std::string(name);
  }
  return std::nullopt;
}

}  // namespace cpt::tesla::normalize
