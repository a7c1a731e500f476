#include <algorithm>

#include "cpt/sim/world_detail.h"

namespace cpt::sim::detail {
namespace {

struct TrimOption {
  std::string_view car_type, badge, code, name;
};

constexpr TrimOption kTrims[] = {
    {"model3", "50", "$MT336", "Standard Range Plus Rear-Wheel Drive"},
    {"model3", "74d", "$MT337", "Long Range All-Wheel Drive"},
    {"model3", "p74d", "$MT340", "Performance All-Wheel Drive"},
    {"modelY", "50", "$MTY07", "Rear-Wheel Drive"},
    {"modelY", "74d", "$MTY13", "Long Range All-Wheel Drive"},
    {"modelY", "p74d", "$MTY14", "Performance All-Wheel Drive"},
    {"models", "100d", "$MTS13", "Long Range All-Wheel Drive"},
    {"models", "p100d", "$MTS14", "Plaid Tri-Motor All-Wheel Drive"},
    {"modelx", "100d", "$MTX13", "Long Range All-Wheel Drive"},
    {"modelx", "p100d", "$MTX14", "Plaid Tri-Motor All-Wheel Drive"},
};

OptionCode row(const tables::OptionRow& r) {
  OptionCode code{std::string(r.code), std::string(r.display_name), std::nullopt};
  if (!r.color_code.empty()) code.color_code = std::string(r.color_code);
  return code;
}

constexpr std::int64_t kYear = 365 * 86400 + 6 * 3600;

}  // namespace

void add_options(Rng& rng, Vehicle& v, const tables::ModelInfo& model) {
  for (const auto& trim : kTrims) {
    if (trim.car_type == model.car_type && trim.badge == v.trim_badging) {
      v.options.push_back({std::string(trim.code), std::string(trim.name), std::nullopt});
    }
  }
  const auto& paint = rng.pick(tables::paints());
  v.options.push_back(row(paint));
  v.exterior_color = std::string(paint.display_name.substr(0, paint.display_name.find(' ')));
  const auto& wheel = rng.pick(tables::wheels(model.car_type));
  v.options.push_back(row(wheel));
  v.wheel_type = std::string(wheel.code.substr(1));
  v.options.push_back(row(rng.pick(tables::interiors())));
  v.options.push_back({"$APBS", "Basic Autopilot", std::nullopt});
  if (rng.chance(0.4)) v.options.push_back({"$APF2", "Full Self-Driving Capability", std::nullopt});
  const bool free_supercharging =
      (model.vin_letter == 'S' || model.vin_letter == 'X') && v.model_year < 2018;
  if (free_supercharging) {
    v.options.push_back({"$SC01", "Supercharger Network Access + Free Unlimited", std::nullopt});
  } else {
    v.options.push_back({"$SC04", "Supercharger Network Access + Pay-as-you-go", std::nullopt});
  }
}

void add_warranties(Rng& rng, Vehicle& v, std::int64_t delivered) {
  const bool km = v.metric;
  const auto now = reference_epoch_s();
  const double odometer = km ? v.odometer_mi * 1.609344 : v.odometer_mi;
  auto add = [&](std::string type, std::string name, int years, std::int64_t mi, std::int64_t k,
                 std::int64_t starts) {
    Warranty w;
    w.type = std::move(type);
    w.display_name = std::move(name);
    const std::int64_t ends = starts + years * kYear;
    w.expiration_date = iso_date(ends) + "T00:00:00Z";
    w.expiration_odometer = km ? k : mi;
    w.odometer_unit = km ? "KM" : "MI";
    w.coverage_age_years = years;
    if (starts > now) {
      w.bucket = "upcoming";
    } else if (ends < now || odometer > static_cast<double>(w.expiration_odometer)) {
      w.bucket = "expired";
    } else {
      w.bucket = "active";
    }
    v.warranties.push_back(std::move(w));
  };
  add("NEW_MFG_WARRANTY", "Basic Vehicle Limited Warranty", 4, 50000, 80000, delivered);
  const bool small_pack = v.car_type == "model3" && v.trim_badging == "50";
  add("BATTERY_WARRANTY", "Battery and Drive Unit Limited Warranty", 8,
      small_pack ? 100000 : 120000, small_pack ? 160000 : 192000, delivered);
  add("SRS_WARRANTY", "Supplemental Restraint System Limited Warranty", 5, 60000, 100000,
      delivered);
  if (rng.chance(0.35)) {
    add("EXTENDED_SERVICE_AGREEMENT", "Extended Service Agreement", 2, 100000, 160000,
        delivered + 4 * kYear);
  }
}

void add_alerts(Rng& rng, Vehicle& v) {
  const auto count = rng.between(0, 8);
  const auto now = reference_epoch_s();
  for (std::int64_t i = 0; i < count; ++i) {
    const auto& kind = rng.pick(tables::alerts());
    Alert a;
    a.name = std::string(kind.name);
    a.user_text = std::string(kind.user_text);
    a.time =
        iso_time(now - rng.between(3600, 90 * 86400), 0, static_cast<int>(rng.between(0, 999)));
    a.audience = kind.customer_visible ? std::vector<std::string>{"service-fix", "customer"}
                                       : std::vector<std::string>{"service"};
    v.alerts.push_back(std::move(a));
  }
  std::sort(v.alerts.begin(), v.alerts.end(),
            [](const Alert& a, const Alert& b) { return a.time > b.time; });
}

}  // namespace cpt::sim::detail
