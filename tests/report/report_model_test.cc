#include <gtest/gtest.h>

#include "cpt/core/units.h"
#include "cpt/report/report_model.h"
#include "cpt/snapshot/sample.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using snapshot::ModuleOutcome;
using snapshot::ModuleResult;
using testing::bare_snapshot;
using testing::session;

const Field* find_field(const Report& report, SectionId id, std::string_view key) {
  const Section* s = report.section(id);
  if (!s) return nullptr;
  for (const auto& f : s->fields) {
    if (f.def->key == key) return &f;
  }
  return nullptr;
}

const Table* find_table(const Report& report, SectionId id, std::string_view table_id) {
  const Section* s = report.section(id);
  if (!s) return nullptr;
  for (const auto& t : s->tables) {
    if (t.id == table_id) return &t;
  }
  return nullptr;
}

Timestamp at(std::string_view iso) {
  return *parse_iso8601(iso);
}

// The cell of a row in the column with this field key.
const Cell& cell(const Table& table, std::size_t row, std::string_view key) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].def->key == key) return table.rows.at(row).at(c);
  }
  static const Cell none{};
  ADD_FAILURE() << "no column " << key;
  return none;
}

TEST(ReportModel, HasThirteenSectionsInReportOrderStartingWithTheSummary) {
  const Report r = build_report(snapshot::sample_eu_model3(), {});
  ASSERT_EQ(r.sections.size(), 13u);
  EXPECT_EQ(r.sections.front().id, SectionId::summary);
  EXPECT_EQ(r.sections[1].id, SectionId::identity);
  EXPECT_EQ(r.sections.back().id, SectionId::provenance);
  EXPECT_EQ(r.schema_version, "1.0");
}

TEST(ReportModel, HeaderMasksTheVinAndNamesTheCar) {
  const auto s = snapshot::sample_eu_model3();
  const Report r = build_report(s, Language::en);
  EXPECT_EQ(r.header.vin, s.vin);
  EXPECT_EQ(r.header.vin_masked, "LRW\u20267364");
  EXPECT_EQ(r.header.vehicle_name, "2023 Model 3 Long Range All-Wheel Drive");
  // No zone ordered: the main zone of the car's market (it charges in Finland).
  EXPECT_EQ(r.region.time_zone, "Europe/Helsinki");
  EXPECT_EQ(r.header.generated_display, "Feb 20, 2026, 12:16\u202fPM GMT+2");
}

TEST(ReportModel, RangeIsShownInTheCarsDistanceUnit) {
  auto s = bare_snapshot();
  snapshot::Battery battery;
  battery.rated_range_km = units::miles_to_km(250.0);
  battery.level_pct = 50;
  s.battery.set(battery, ModuleResult::ok("vehicle_data", at("2026-02-20T10:00:00Z")));
  s.display.set({snapshot::DistanceUnit::mi, {}, {}}, ModuleResult::ok("vehicle_data", {}));
  const Report miles = build_report(s, {});
  EXPECT_EQ(find_field(miles, SectionId::battery, "battery.rated_range")->cell.display, "250 mi");
  // Range at 100 % is derived: 250 mi at 50 % -> 500 mi.
  EXPECT_EQ(find_field(miles, SectionId::battery, "battery.range_at_full")->cell.display, "500 mi");
  s.display.set({snapshot::DistanceUnit::km, {}, {}}, ModuleResult::ok("vehicle_data", {}));
  const Report km = build_report(s, {});
  const Field* range = find_field(km, SectionId::battery, "battery.rated_range");
  EXPECT_EQ(range->cell.display, "402 km");
  EXPECT_NEAR(std::get<double>(range->cell.value), 402.336, 1e-9);  // canonical stays km
}

TEST(ReportModel, ChargingTotalsAreKeptPerCurrencyWithAveragePricePerKwh) {
  auto s = bare_snapshot();
  snapshot::Charging charging;
  charging.sessions = {
      session("1", "Truckee, CA", "USD", 1840, 40.0, "2023-07-27T11:43:45-07:00"),
      session("2", "Gilroy, CA", "USD", 1000, 20.0, "2023-08-02T09:00:00-07:00"),
      session("3", "Vancouver, BC", "CAD", 2240, 40.0, "2023-08-10T15:00:00-07:00")};
  s.charging.set(charging, ModuleResult::ok("charging_history", {}));
  const Report r = build_report(s, Language::en);
  const Table* totals = find_table(r, SectionId::charging, "charging.totals");
  ASSERT_NE(totals, nullptr);
  ASSERT_EQ(totals->rows.size(), 2u);
  // Rows sorted by currency code: CAD, USD.
  EXPECT_EQ(cell(*totals, 0, "charging.currency").display, "CAD");
  EXPECT_EQ(cell(*totals, 1, "charging.currency").display, "USD");
  EXPECT_EQ(std::get<std::int64_t>(cell(*totals, 1, "charging.sessions").value), 2);
  EXPECT_EQ(std::get<Money>(cell(*totals, 1, "charging.total").value), (Money{"USD", 2840}));
  EXPECT_EQ(cell(*totals, 1, "charging.total").display, "$28.40");
  // 2840 cents over 60 kWh.
  EXPECT_EQ(cell(*totals, 1, "charging.average_price_per_kwh").display, "$0.47");
  EXPECT_EQ(cell(*totals, 0, "charging.average_price_per_kwh").display, "CA$0.56");
  // Nobody paid congestion or other fees: those columns are left out, idle fees stay.
  EXPECT_EQ(totals->columns.size(), 7u);
  EXPECT_EQ(cell(*totals, 1, "charging.parking_fees").display, "$0.00");
  EXPECT_EQ(find_field(r, SectionId::charging, "charging.total_energy")->cell.display, "100.0 kWh");
  EXPECT_EQ(find_field(r, SectionId::charging, "charging.session_count")->cell.display, "3");
}

TEST(ReportModel, MonthlyEnergyChartFillsEmptyMonthsInLocalTime) {
  auto s = bare_snapshot();
  snapshot::Charging charging;
  // 23:30 local on Jan 31 at UTC-8 is already February in UTC: it must count for January.
  charging.sessions = {session("1", "A", "USD", 100, 10.0, "2026-01-31T23:30:00-08:00"),
                       session("2", "B", "USD", 100, 5.0, "2026-03-15T10:00:00-07:00")};
  s.charging.set(charging, ModuleResult::ok("charging_history", {}));
  const Report r = build_report(s, {});
  const auto& charts = r.section(SectionId::charging)->charts;
  ASSERT_EQ(charts.size(), 1u);
  ASSERT_EQ(charts[0].points.size(), 3u);
  EXPECT_EQ(charts[0].points[0].key, "2026-01");
  EXPECT_DOUBLE_EQ(charts[0].points[0].value, 10.0);
  EXPECT_EQ(charts[0].points[1].key, "2026-02");
  EXPECT_DOUBLE_EQ(charts[0].points[1].value, 0.0);
  EXPECT_EQ(charts[0].points[2].label, "Mar 2026");
}

TEST(ReportModel, SectionsOutsideThePackageSaySo) {
  auto s = snapshot::sample_eu_model3();
  s.provenance.package = snapshot::Package::basic;
  const Report r = build_report(s, Language::en);
  for (SectionId id : {SectionId::charging, SectionId::tyres, SectionId::service,
                       SectionId::warranty, SectionId::specs}) {
    const Section* section = r.section(id);
    EXPECT_EQ(section->status.outcome, ModuleOutcome::not_in_package) << to_string(id);
    EXPECT_EQ(section->status.message, "Not included in the Basic package.");
    EXPECT_FALSE(section->has_content()) << to_string(id);
  }
  EXPECT_EQ(r.section(SectionId::battery)->status.outcome, ModuleOutcome::ok);
  EXPECT_TRUE(r.invoices.empty());
}

TEST(ReportModel, BatteryHealthOutsideThePackageIsSaidOnceInTheClosingLine) {
  const Report r = build_report(snapshot::sample_us_model_y(), Language::en);
  const Section* battery = r.section(SectionId::battery);
  for (const auto& note : battery->notes) EXPECT_EQ(note.find("Not included"), std::string::npos);
  EXPECT_EQ(find_field(r, SectionId::battery, "battery.soh"), nullptr);
  EXPECT_EQ(r.sections.back().notes.back(),
            "This is a Pro report. Expert adds the battery capacity figures, the full battery "
            "method and the factory specification.");
}

TEST(ReportModel, AllFailedSnapshotExplainsEverySectionInTheReadersLanguage) {
  const Report r = build_report(snapshot::sample_all_failed(), Language::de);
  EXPECT_EQ(r.section(SectionId::battery)->status.outcome, ModuleOutcome::unavailable);
  EXPECT_EQ(r.section(SectionId::battery)->status.message,
            "Nicht verfügbar: Das Fahrzeug war im Ruhezustand oder offline.");
  EXPECT_EQ(r.section(SectionId::warranty)->status.outcome, ModuleOutcome::failed);
  EXPECT_EQ(r.section(SectionId::warranty)->status.http_status, 503);
  for (const auto& section : r.sections) {
    if (section.id == SectionId::provenance || section.id == SectionId::summary) continue;
    EXPECT_FALSE(section.status.message.empty()) << to_string(section.id);
  }
  // The VIN is still known and shown.
  EXPECT_EQ(find_field(r, SectionId::identity, "identity.vin")->cell.display,
            snapshot::sample_all_failed().vin);
}

TEST(ReportModel, WarrantyTimeAndDistanceLeftAreMeasuredFromGenerationAndOdometer) {
  auto s = bare_snapshot();
  s.odometer.set({30000.0}, ModuleResult::ok("vehicle_data", {}));
  snapshot::Warranty warranty;
  warranty.items = {{"NEW_MFG_WARRANTY",
                     "Basic",
                     snapshot::WarrantyState::active,
                     at("2026-03-02T12:00:00Z"),
                     80000.0,
                     "km",
                     4,
                     {}},
                    {"ROADSIDE",
                     "Roadside",
                     snapshot::WarrantyState::expired,
                     at("2025-01-01T00:00:00Z"),
                     50000.0,
                     "km",
                     2,
                     {}}};
  s.warranty.set(warranty, ModuleResult::ok("warranty_details", {}));
  const Report r = build_report(s, Language::en);
  const Table* items = find_table(r, SectionId::warranty, "warranty.items");
  ASSERT_NE(items, nullptr);
  // Feb 20 -> Mar 2.
  EXPECT_EQ(std::get<std::int64_t>(cell(*items, 0, "warranty.time_left").value), 10);
  EXPECT_EQ(cell(*items, 0, "warranty.time_left").display, "10 days");
  EXPECT_EQ(cell(*items, 0, "warranty.distance_left").display, "50,000 km");
  EXPECT_EQ(cell(*items, 0, "warranty.state").tone, Tone::good);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(cell(*items, 1, "warranty.time_left").value));
  EXPECT_EQ(cell(*items, 1, "warranty.state").display, "Expired");
}

TEST(ReportModel, TyreBelowRecommendedPressureIsFlaggedLow) {
  auto s = bare_snapshot();
  snapshot::Tyres tyres;
  tyres.front_left.pressure_bar = 2.5;
  tyres.front_right.pressure_bar = 2.9;
  tyres.rear_left.pressure_bar = 2.9;
  tyres.rear_left.hard_warning = true;
  tyres.rear_right.pressure_bar = 2.9;
  tyres.recommended_front_bar = 2.9;
  tyres.recommended_rear_bar = 2.9;
  s.tyres.set(tyres, ModuleResult::ok("vehicle_data", {}));
  const Report r = build_report(s, Language::en);
  const Table* t = find_table(r, SectionId::tyres, "tyres.pressures");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(cell(*t, 0, "tyres.status").display, "Low");
  EXPECT_EQ(cell(*t, 0, "tyres.difference").display, "-0.40 bar");
  EXPECT_EQ(cell(*t, 1, "tyres.status").display, "OK");
  EXPECT_EQ(cell(*t, 2, "tyres.status").display, "Severe pressure warning");
  EXPECT_EQ(cell(*t, 2, "tyres.status").tone, Tone::bad);
}

TEST(ReportModel, ProvenanceListsEveryModuleWithItsOutcome) {
  const Report r = build_report(snapshot::sample_us_model_y(), Language::en);
  const Table* modules = find_table(r, SectionId::provenance, "provenance.modules");
  ASSERT_NE(modules, nullptr);
  // Every module the package included; what it did not is said once, in the closing line.
  ASSERT_EQ(modules->rows.size(), static_cast<std::size_t>(snapshot::kModuleCount) - 2);
  for (const auto& row : modules->rows) EXPECT_NE(row[1].display, "Not in package");
  EXPECT_EQ(modules->rows[0][0].display, "Vehicle identity");  // module, then outcome
  EXPECT_EQ(modules->rows[0][1].display, "Fetched");
  // Prices and call counts are the operator's, not the reader's.
  EXPECT_EQ(find_field(r, SectionId::provenance, "provenance.cost"), nullptr);
  EXPECT_EQ(find_field(r, SectionId::provenance, "provenance.calls"), nullptr);
}

TEST(ReportModel, InvoicesTravelWithTheModelForTheZip) {
  const Report r = build_report(snapshot::sample_us_model_y(), {});
  ASSERT_EQ(r.invoices.size(), 16u);
  int missing = 0;
  for (const auto& invoice : r.invoices) missing += invoice.bytes ? 0 : 1;
  EXPECT_EQ(missing, 1);
  const Section* charging = r.section(SectionId::charging);
  EXPECT_EQ(charging->notes.back(), "Charging invoices: 1 of 16 invoices could not be downloaded.");
}

// A report read before its invoices are in (the acquisition notes them as pending): no invoice
// is called missing, and the note says how many are on their way, in the reader's language.
TEST(ReportModel, InvoicesStillOnTheirWayAreSaidToFollowNotToBeMissing) {
  snapshot::VehicleSnapshot early = snapshot::sample_us_model_y();
  for (auto& session : early.charging.data->sessions) {
    for (auto& invoice : session.invoices) invoice.bytes.reset();
  }
  early.invoices = snapshot::ModuleResult::ok("charging_invoice", early.provenance.generated_at, 0);
  early.invoices.note = {"invoices_pending", {{"wanted", "16"}}};
  for (Language language : {Language::en, Language::de}) {
    const Report r = build_report(early, language);
    const Section* charging = r.section(SectionId::charging);
    ASSERT_NE(charging, nullptr);
    const Table* table = nullptr;
    for (const Table& t : charging->tables) {
      if (t.id == "charging.invoices") table = &t;
    }
    ASSERT_NE(table, nullptr);
    ASSERT_EQ(table->rows.size(), 16u);
    for (const auto& row : table->rows) {
      EXPECT_EQ(std::get<std::string>(row.back().value), "pending");
      EXPECT_EQ(row.back().display, language == Language::en ? "On its way" : "Folgt");
    }
    EXPECT_EQ(charging->notes.back(),
              language == Language::en
                  ? "Charging invoices: Invoices still being downloaded: 16. They follow in the "
                    "invoice ZIP."
                  : "Laderechnungen: Rechnungen, die noch heruntergeladen werden: 16. Sie "
                    "folgen im ZIP mit den Rechnungen.")
        << to_string(language);
  }
}

}  // namespace
}  // namespace cpt::report
