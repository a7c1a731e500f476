// The report's invariants: every sample report keeps them, and each kind of contradiction, planted
// in an otherwise good report, is named by the checker.
#include "cpt/report/invariants.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cpt/core/units.h"
#include "cpt/report/judgement.h"
#include "cpt/snapshot/sample.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using snapshot::ModuleResult;
using snapshot::Package;
using testing::bare_snapshot;

Timestamp at(std::string_view iso) {
  return *parse_iso8601(iso);
}

snapshot::VehicleSnapshot with_package(snapshot::VehicleSnapshot s, Package package) {
  s.provenance.package = package;
  return s;
}

bool names(const std::vector<Violation>& violations, std::string_view invariant,
           std::string_view section) {
  return std::any_of(violations.begin(), violations.end(), [&](const Violation& v) {
    return v.invariant == invariant && v.section == section;
  });
}

std::string all(const std::vector<Violation>& violations) {
  std::string out;
  for (const auto& v : violations) out += v.describe() + "\n";
  return out;
}

Section& section(Report& r, SectionId id) {
  for (auto& s : r.sections) {
    if (s.id == id) return s;
  }
  throw std::logic_error("no section");
}

Field& field(Section& s, std::string_view key) {
  for (auto& f : s.fields) {
    if (f.def->key == key) return f;
  }
  throw std::logic_error("no field " + std::string(key));
}

Table& table(Section& s, std::string_view id) {
  for (auto& t : s.tables) {
    if (t.id == id) return t;
  }
  throw std::logic_error("no table " + std::string(id));
}

std::size_t column(const Table& t, std::string_view key) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].def->key == key) return i;
  }
  throw std::logic_error("no column " + std::string(key));
}

TEST(Invariants, AreNamedInOnePlace) {
  EXPECT_EQ(kInvariants.size(), 12u);
  for (auto name : kInvariants) EXPECT_FALSE(name.empty());
}

TEST(Invariants, EverySampleReportInEveryPackageAndLanguageKeepsThem) {
  int reports = 0;
  for (const auto& sample : {snapshot::sample_eu_model3(), snapshot::sample_us_model_y(),
                             snapshot::sample_all_failed()}) {
    for (Package package : {Package::basic, Package::pro, Package::expert}) {
      for (Language language : kAllLanguages) {
        const Report r = build_report(with_package(sample, package), language);
        EXPECT_EQ(all(check_invariants(r)), "");
        ++reports;
      }
    }
  }
  EXPECT_EQ(reports, 81);
}

TEST(Invariants, ParseDisplayedReadsEachLanguagesNumbers) {
  EXPECT_DOUBLE_EQ(*parse_displayed("\u22120,20 bar", Language::fi), -0.2);
  EXPECT_DOUBLE_EQ(*parse_displayed("-3 psi", Language::en), -3);
  EXPECT_DOUBLE_EQ(*parse_displayed("1,234.5 mi", Language::en), 1234.5);
  EXPECT_DOUBLE_EQ(*parse_displayed("1.234,5 km", Language::de), 1234.5);
  EXPECT_DOUBLE_EQ(*parse_displayed("12\u202f345 km", Language::fr), 12345);
  EXPECT_FALSE(parse_displayed("\u2014", Language::en).has_value());
}

// A US car whose tyre is 2.9 psi under: "-3 psi" is shown, so the status must be "OK" (the limit
// is 3 psi); in bar the same car reads "-0.20 bar", also OK.
TEST(Invariants, TyreStatusIsJudgedOnTheDisplayedDifference) {
  auto s = bare_snapshot();
  snapshot::Tyres tyres;
  tyres.recommended_front_bar = units::psi_to_bar(45);
  tyres.recommended_rear_bar = units::psi_to_bar(45);
  tyres.front_left.pressure_bar = units::psi_to_bar(42.1);   // -2.9 psi: shown as 42 and -3
  tyres.front_right.pressure_bar = units::psi_to_bar(41.4);  // -3.6: shown as 41 and -4
  tyres.rear_left.pressure_bar = units::psi_to_bar(45);
  tyres.rear_right.pressure_bar = units::psi_to_bar(49.6);  // +4.6: shown as 50 and +5
  s.tyres.set(tyres, ModuleResult::ok("vehicle_data", at("2026-02-20T10:00:00Z")));
  snapshot::DisplayPreferences units;
  units.pressure = snapshot::PressureUnit::psi;
  s.display.set(units, ModuleResult::ok("vehicle_data", at("2026-02-20T10:00:00Z")));
  Report r = build_report(s, Language::en);
  const Table& t = table(section(r, SectionId::tyres), "tyres.pressures");
  const auto diff = column(t, "tyres.difference"), status = column(t, "tyres.status");
  EXPECT_EQ(t.rows[0][diff].display, "-3 psi");
  EXPECT_EQ(t.rows[0][status].display, "OK");
  EXPECT_EQ(t.rows[1][diff].display, "-4 psi");
  EXPECT_EQ(t.rows[1][status].display, "Low");
  EXPECT_EQ(t.rows[3][status].display, "High");
  EXPECT_EQ(all(check_invariants(r)), "");
}

TEST(Invariants, WarrantyPastItsDateIsExpiredWhateverTheListSays) {
  auto s = bare_snapshot();  // report date 2026-02-20
  snapshot::Odometer odometer;
  odometer.km = 30000.0;
  s.odometer.set(odometer, ModuleResult::ok("vehicle_data", {}));
  snapshot::Warranty warranty;
  snapshot::WarrantyItem item;
  item.type = "BATTERY";
  item.display_name = "Battery and Drive Unit";
  item.state = snapshot::WarrantyState::active;  // Tesla still lists it as active
  item.expiration_date = at("2025-10-01T00:00:00Z");
  warranty.items.push_back(item);
  s.warranty.set(warranty, ModuleResult::ok("warranty", {}));
  const Report r = build_report(s, Language::en);
  const Section* w = r.section(SectionId::warranty);
  const Table& t = w->tables.front();
  EXPECT_EQ(t.rows[0][column(t, "warranty.state")].display, "Expired");
  EXPECT_EQ(t.rows[0][column(t, "warranty.time_left")].display, "\u2014");
  ASSERT_EQ(w->notes.size(), 1u);
  EXPECT_NE(w->notes[0].find("Tesla still lists this warranty as active"), std::string::npos);
  EXPECT_EQ(all(check_invariants(r)), "");
}

// Each planted contradiction is named: the invariant, the section and the values.
class Planted : public ::testing::Test {
 protected:
  Report good(Package package = Package::expert, Language language = Language::en) {
    Report r = build_report(with_package(snapshot::sample_eu_model3(), package), language);
    EXPECT_EQ(all(check_invariants(r)), "");
    return r;
  }
};

TEST_F(Planted, TyreStatusThatDisagreesWithItsDifference) {
  Report r = good();
  Table& t = table(section(r, SectionId::tyres), "tyres.pressures");
  Cell& status = t.rows[0][column(t, "tyres.status")];
  status.value = std::string("low");
  status.display = "Low";
  status.tone = Tone::warn;
  const auto v = check_invariants(r);
  EXPECT_TRUE(names(v, invariant::kStatusAgreesWithValue, "tyres")) << all(v);
  EXPECT_NE(all(v).find("Low"), std::string::npos);
}

TEST_F(Planted, DifferenceRoundedApartFromThePressure) {
  Report r = good();
  Table& t = table(section(r, SectionId::tyres), "tyres.pressures");
  t.rows[0][column(t, "tyres.difference")].display = "-0.30 bar";
  EXPECT_TRUE(names(check_invariants(r), invariant::kDifferenceOfDisplayed, "tyres"));
}

TEST_F(Planted, ActiveWarrantyPastItsExpiry) {
  Report r = good();
  Table& t = table(section(r, SectionId::warranty), "warranty.items");
  t.rows[0][column(t, "warranty.expires")].value = at("2025-01-01T00:00:00Z");
  const auto v = check_invariants(r);
  EXPECT_TRUE(names(v, invariant::kDatesAgreeWithReportDate, "warranty")) << all(v);
}

TEST_F(Planted, TotalThatIsNotTheSumOfItsRows) {
  Report r = good();
  Field& total = field(section(r, SectionId::charging), "charging.total_energy");
  total.cell.value = std::get<double>(total.cell.value) + 1.0;
  EXPECT_TRUE(names(check_invariants(r), invariant::kTotalsEqualRows, "charging"));
}

TEST_F(Planted, ShareAbove100) {
  Report r = good();
  Field& level = field(section(r, SectionId::battery), "battery.level");
  level.cell.display = "104%";
  EXPECT_TRUE(names(check_invariants(r), invariant::kSharesWithinRange, "battery"));
}

TEST_F(Planted, CountThatIsNotTheNumberOfRows) {
  Report r = good();
  Field& count = field(section(r, SectionId::alerts), "alerts.count");
  count.cell.value = std::get<std::int64_t>(count.cell.value) + 1;
  EXPECT_TRUE(names(check_invariants(r), invariant::kCountEqualsRows, "alerts"));
}

TEST_F(Planted, MilesBesideKilometres) {
  Report r = good();
  Field& range = field(section(r, SectionId::battery), "battery.rated_range");
  range.cell.display = "178 mi";
  const auto v = check_invariants(r);
  EXPECT_TRUE(names(v, invariant::kOneUnitPerKind, "summary")) << all(v);
  EXPECT_NE(all(v).find("km, mi"), std::string::npos);
}

TEST_F(Planted, PriceOfACallInTheCustomersReport) {
  Report r = good();
  static constexpr FieldDef kCost{"provenance.cost", FieldType::cost};
  section(r, SectionId::provenance)
      .fields.push_back({&kCost, "API cost", {std::int64_t{380000}, "$0.38"}});
  section(r, SectionId::battery).status.message = "Not available (HTTP 503)";
  const auto v = check_invariants(r);
  EXPECT_TRUE(names(v, invariant::kNoOperatorFigures, "provenance")) << all(v);
  EXPECT_TRUE(names(v, invariant::kNoOperatorFigures, "battery")) << all(v);
}

TEST_F(Planted, MaskedVinBesideTheWholeOne) {
  Report r = good();
  field(section(r, SectionId::identity), "identity.vin").cell.display = "LRW\u20267364";
  EXPECT_TRUE(names(check_invariants(r), invariant::kOneVinForm, "identity"));
}

TEST_F(Planted, SummaryThatSaysOtherwiseThanItsSection) {
  Report r = good();
  field(section(r, SectionId::summary), "condition.odometer").cell.display = "1 km";
  EXPECT_TRUE(names(check_invariants(r), invariant::kSummaryAgrees, "summary"));
}

TEST_F(Planted, EstimateWithoutItsMethod) {
  Report r = good();
  section(r, SectionId::battery).notes.clear();
  EXPECT_TRUE(names(check_invariants(r), invariant::kNumberHasMethod, "battery"));
}

TEST_F(Planted, StandardEquipmentPricedAtZero) {
  Report r = good();
  Table& t = table(section(r, SectionId::specs), "specs.equipment");
  const auto price = column(t, "specs.equipment.price");
  Cell& cell = t.rows.front()[price];
  cell.value = Money{"EUR", 0};
  cell.display = "0,00 \u20ac";
  EXPECT_TRUE(names(check_invariants(r), invariant::kStandardEquipmentUnpriced, "specs"));
}

TEST_F(Planted, BatteryVerdictThatDisagreesWithTheEstimate) {
  Report r = good();
  Section& battery = section(r, SectionId::battery);
  Field& verdict = field(battery, "battery.verdict");
  verdict.cell.value = std::string("problem");
  verdict.cell.tone = Tone::bad;
  const auto v = check_invariants(r);
  EXPECT_TRUE(names(v, invariant::kStatusAgreesWithValue, "battery")) << all(v);
  EXPECT_TRUE(names(v, invariant::kSummaryAgrees, "summary")) << all(v);
}

TEST(Judgement, TyreLimitsPerDisplayUnit) {
  using snapshot::PressureUnit;
  EXPECT_EQ(tyre_code(false, false, -0.20, PressureUnit::bar), "ok");
  EXPECT_EQ(tyre_code(false, false, -0.21, PressureUnit::bar), "low");
  EXPECT_EQ(tyre_code(false, false, -3, PressureUnit::psi), "ok");
  EXPECT_EQ(tyre_code(false, false, 5, PressureUnit::psi), "high");
  EXPECT_EQ(tyre_code(false, false, -21, PressureUnit::kpa), "low");
  EXPECT_EQ(tyre_code(true, false, 0, PressureUnit::bar), "hard_warning");
  EXPECT_EQ(soh_verdict(85), Verdict::good);
  EXPECT_EQ(soh_verdict(84), Verdict::attention);
  EXPECT_EQ(soh_verdict(69), Verdict::problem);
}

}  // namespace
}  // namespace cpt::report
