// Property test: randomized snapshots, edge values included (limits met exactly, values that round
// across a threshold, empty and missing modules, every package, language and unit), each built
// into a report that must keep every invariant. Seeded, so a failure reproduces.
#include <gtest/gtest.h>

#include <random>

#include "cpt/core/units.h"
#include "cpt/report/invariants.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using snapshot::ModuleResult;

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  snapshot::VehicleSnapshot snapshot() {
    auto s = testing::bare_snapshot(
        pick({snapshot::Package::basic, snapshot::Package::pro, snapshot::Package::expert}));
    s.provenance.region = pick<std::string>({"na", "eu", "cn"});
    if (chance(0.9)) s.identity.set(identity(), ok());
    if (chance(0.9)) s.battery.set(battery(), ok());
    if (chance(0.9)) {
      snapshot::Odometer odometer;
      odometer.km = odometer_km_ = pick({0.0, 0.4, 99999.6, real(0, 400000)});
      s.odometer.set(odometer, ok());
    }
    if (chance(0.8)) s.display.set(units(), ok());
    if (chance(0.8)) s.tyres.set(tyres(), ok());
    if (chance(0.8)) s.warranty.set(warranty(s.provenance.generated_at), ok());
    if (chance(0.8)) s.alerts.set(alerts(s.provenance.generated_at), ok());
    if (chance(0.8)) s.charging.set(charging(), ok());
    if (chance(0.3)) {
      snapshot::Service service;
      service.status = "car_in_repair";
      s.service.set(service, ok());
    }
    if (chance(0.3)) {
      snapshot::BatteryHealth health;
      health.soh_pct = real(60, 101);  // a calibration may read above 100 %
      health.capacity_kwh = real(40, 100);
      s.battery_health.set(health, ok());
    }
    if (chance(0.5)) s.specs.set(specs(), ok());
    // Some modules fail or come back empty instead.
    for (auto id : {snapshot::ModuleId::battery, snapshot::ModuleId::alerts,
                    snapshot::ModuleId::warranty, snapshot::ModuleId::charging}) {
      if (chance(0.1)) s.result(id) = ModuleResult::empty("x", s.provenance.generated_at);
      if (chance(0.05)) {
        s.result(id) = ModuleResult::from_error(make_error(ErrorKind::server, "down"), "x");
      }
    }
    return s;
  }

  Language language() { return kAllLanguages[index(kAllLanguages.size())]; }

 private:
  ModuleResult ok() {
    return ModuleResult::ok("vehicle_data", *parse_iso8601("2026-02-20T10:00:00Z"));
  }

  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  std::size_t index(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  template <class T>
  T pick(std::initializer_list<T> list) {
    return *(list.begin() + static_cast<std::ptrdiff_t>(index(list.size())));
  }

  snapshot::Identity identity() {
    snapshot::Identity id;
    id.make = "Tesla";
    id.model = pick<std::string>({"Model 3", "Model Y", "Model S", "Model X", "Cybertruck"});
    if (chance(0.9)) id.model_year = static_cast<int>(real(2012, 2028));
    if (chance(0.9)) {
      id.trim = pick<std::string>({"Long Range All-Wheel Drive", "Performance All-Wheel Drive",
                                   "Standard Range Plus Rear-Wheel Drive", "Plaid", "Base", ""});
    }
    id.market = pick<std::string>({"EU", "US", "CA", "CN"});
    return id;
  }

  snapshot::Battery battery() {
    snapshot::Battery b;
    if (chance(0.95))
      b.level_pct = pick({0.0, 0.5, 1.0, 9.9, 10.0, 50.0, 99.9, 100.0, real(0, 100)});
    if (chance(0.95)) b.rated_range_km = pick({0.0, 1.0, real(0, 700), 900.0});
    if (chance(0.8))
      b.charge_limit_pct = pick({50.0, 80.0, 80.4, 80.5, 90.0, 90.5, 100.0, real(50, 100)});
    if (chance(0.8)) b.default_charge_limit_pct = 90;
    return b;
  }

  snapshot::DisplayPreferences units() {
    snapshot::DisplayPreferences d;
    d.distance = pick({snapshot::DistanceUnit::km, snapshot::DistanceUnit::mi});
    d.temperature =
        pick({snapshot::TemperatureUnit::celsius, snapshot::TemperatureUnit::fahrenheit});
    d.pressure = pick(
        {snapshot::PressureUnit::bar, snapshot::PressureUnit::psi, snapshot::PressureUnit::kpa});
    return d;
  }

  snapshot::Tyres tyres() {
    snapshot::Tyres t;
    t.recommended_front_bar = pick({2.9, 3.1, units::psi_to_bar(42), real(2, 4)});
    t.recommended_rear_bar = t.recommended_front_bar;
    for (auto* r : {&t.front_left, &t.front_right, &t.rear_left, &t.rear_right}) {
      // Differences exactly at and around each unit's limits.
      const double diff =
          pick({-0.2, -0.2049, -0.205, 0.3, 0.3049, units::psi_to_bar(-3), units::psi_to_bar(-3.5),
                units::psi_to_bar(4.4), -0.195, real(-1, 1)});
      if (chance(0.95)) r->pressure_bar = *t.recommended_front_bar + diff;
      r->soft_warning = chance(0.05);
      r->hard_warning = chance(0.03);
    }
    return t;
  }

  snapshot::Warranty warranty(const Timestamp& now) {
    snapshot::Warranty w;
    const auto n = index(4);
    for (std::size_t i = 0; i < n; ++i) {
      snapshot::WarrantyItem item;
      item.type = "T" + std::to_string(i);
      item.display_name = "Warranty " + std::to_string(i);
      item.state = pick({snapshot::WarrantyState::active, snapshot::WarrantyState::upcoming,
                         snapshot::WarrantyState::expired});
      const auto offset = std::chrono::hours(pick<int>({0, -1, 1, -24, 24, -24 * 400, 24 * 900}));
      if (chance(0.9)) item.expiration_date = Timestamp{now.utc + offset, std::nullopt};
      if (chance(0.7))
        item.expiration_km = pick({odometer_km_, odometer_km_ + 0.4, odometer_km_ - 0.4, 160000.0});
      w.items.push_back(item);
    }
    return w;
  }

  snapshot::Alerts alerts(const Timestamp& now) {
    snapshot::Alerts a;
    const auto n = index(5);
    for (std::size_t i = 0; i < n; ++i) {
      snapshot::Alert alert;
      alert.name = "Alert_" + std::to_string(i);
      alert.time = Timestamp{now.utc - std::chrono::hours(24 * static_cast<int>(i)), std::nullopt};
      alert.audiences = chance(0.5) ? std::vector<std::string>{"customer"}
                                    : std::vector<std::string>{"service-fix"};
      a.items.push_back(alert);
    }
    return a;
  }

  snapshot::Charging charging() {
    snapshot::Charging c;
    const auto n = index(25);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string currency = pick<std::string>({"EUR", "USD", "SEK"});
      const auto minor = static_cast<std::int64_t>(real(0, 9000));
      const std::string day = std::to_string(10 + index(18));
      const std::string month = pick<std::string>({"01", "03", "07", "11", "12"});
      auto s = testing::session("s" + std::to_string(i), "Site " + std::to_string(index(4)),
                                currency, minor, pick({0.0, real(1, 90)}),
                                "2025-" + month + "-" + day + "T10:00:00Z");
      if (chance(0.1)) s.fees.clear();
      if (chance(0.1)) s.start.reset();
      if (chance(0.2)) s.energy_kwh = real(0, 80);
      c.sessions.push_back(std::move(s));
    }
    return c;
  }

  snapshot::Specs specs() {
    snapshot::Specs sp;
    sp.body_type = "Sedan";
    for (int i = 0; i < 3; ++i) {
      snapshot::EquipmentItem item;
      item.code = "E" + std::to_string(i);
      item.name = "Item";
      item.price = Money{"EUR", chance(0.5) ? 0 : static_cast<std::int64_t>(real(1, 500000))};
      sp.equipment.push_back(item);
    }
    return sp;
  }

  std::mt19937 rng_;
  double odometer_km_ = 0;
};

TEST(ReportProperty, RandomSnapshotsWithEdgeValuesKeepEveryInvariant) {
  Generator generate(20261202);
  constexpr int kReports = 500;
  for (int i = 0; i < kReports; ++i) {
    const auto s = generate.snapshot();
    const Language language = generate.language();
    const Report r = build_report(s, language);
    const auto violations = check_invariants(r);
    for (const auto& v : violations) ADD_FAILURE() << "snapshot " << i << ": " << v.describe();
    if (!violations.empty()) break;  // the first failing snapshot says enough
  }
}

}  // namespace
}  // namespace cpt::report
