// The Fleet API detail rows: shown when they mean something (a charger's power while charging,
// a departure time with departure charging), in the reader's units and language.
#include <gtest/gtest.h>

#include "cpt/report/report_model.h"
#include "cpt/snapshot/sample.h"

namespace cpt::report {
namespace {

const Field* find(const Report& report, SectionId id, std::string_view key) {
  const Section* section = report.section(id);
  if (section == nullptr) return nullptr;
  for (const Field& field : section->fields) {
    if (field.def->key == key) return &field;
  }
  return nullptr;
}

std::string shown(const Report& report, SectionId id, std::string_view key) {
  const Field* field = find(report, id, key);
  return field ? field->cell.display : "<absent>";
}

TEST(DetailRows, ACarChargingAtHomeShowsPowerRateAndTimeToFullInItsUnits) {
  const Report r = build_report(snapshot::sample_us_model_y(), Language::en);
  EXPECT_EQ(shown(r, SectionId::battery, "battery.charger_power"), "11");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.charger_voltage"), "240");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.charger_current"), "48");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.charge_rate"), "44 mi");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.minutes_to_full"), "135");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.energy_added"), "21.3 kWh");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.charge_cable"), "SAE");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.scheduled_charging_mode"), "Off");
  // No schedule: no departure or start time, and no "waiting" flag.
  EXPECT_EQ(find(r, SectionId::battery, "battery.scheduled_departure"), nullptr);
  EXPECT_EQ(find(r, SectionId::battery, "battery.scheduled_charging_pending"), nullptr);
  EXPECT_EQ(find(r, SectionId::software, "software.download_progress"), nullptr);
  EXPECT_EQ(shown(r, SectionId::battery, "battery.charge_port_latch"), "Engaged");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.max_charge_current"), "48");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.lifetime_energy"), "11,850 kWh");
}

TEST(DetailRows, HardwareAndDrivingLimitsAreShownWithValetModeFlagged) {
  snapshot::VehicleSnapshot snap = snapshot::sample_us_model_y();
  snap.security.data->valet_mode = true;
  const Report r = build_report(snap, Language::de);
  EXPECT_EQ(shown(r, SectionId::identity, "identity.driver_assist"), "TeslaAP4");
  EXPECT_EQ(shown(r, SectionId::identity, "identity.seat_cooling"), "Ja");
  EXPECT_EQ(shown(r, SectionId::identity, "identity.third_row_seats"), "Nein");
  const Field* valet = find(r, SectionId::condition, "condition.valet_mode");
  ASSERT_NE(valet, nullptr);
  EXPECT_EQ(valet->label, "Valet-Modus");
  EXPECT_EQ(valet->cell.tone, Tone::warn);
  EXPECT_EQ(find(r, SectionId::condition, "condition.speed_limit_active")->cell.tone, Tone::normal);
  EXPECT_EQ(shown(r, SectionId::condition, "condition.dashcam_state"), "Recording");
}

TEST(DetailRows, AParkedCarWithDepartureChargingShowsTheScheduleAndNoChargerRows) {
  const Report r = build_report(snapshot::sample_eu_model3(), Language::fi);
  EXPECT_EQ(find(r, SectionId::battery, "battery.charger_power"), nullptr);
  EXPECT_EQ(find(r, SectionId::battery, "battery.charge_cable"), nullptr);
  const Field* mode = find(r, SectionId::battery, "battery.scheduled_charging_mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->label, "Ajastettu lataus");
  EXPECT_EQ(mode->cell.display, "Valmis lähtöön mennessä");
  EXPECT_NE(find(r, SectionId::battery, "battery.scheduled_departure"), nullptr);
  EXPECT_EQ(shown(r, SectionId::battery, "battery.preconditioning"), "Kyllä");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.energy_added"), "18,6 kWh");
  EXPECT_EQ(shown(r, SectionId::battery, "battery.range_added"), "122 km");
}

TEST(DetailRows, VehicleConfigurationAndAPendingUpdateAreShown) {
  const Report r = build_report(snapshot::sample_eu_model3(), Language::en);
  EXPECT_EQ(shown(r, SectionId::identity, "identity.trim_badging"), "74d");
  EXPECT_EQ(shown(r, SectionId::identity, "identity.performance_package"), "Base");
  EXPECT_EQ(shown(r, SectionId::identity, "identity.wheel_type"), "Photon18");
  EXPECT_EQ(shown(r, SectionId::identity, "identity.eu_vehicle"), "Yes");
  EXPECT_EQ(shown(r, SectionId::identity, "identity.right_hand_drive"), "No");
  EXPECT_EQ(shown(r, SectionId::software, "software.download_progress"), "100%");
  EXPECT_EQ(shown(r, SectionId::software, "software.install_progress"), "0%");
  EXPECT_EQ(shown(r, SectionId::software, "software.install_minutes"), "25");
}

}  // namespace
}  // namespace cpt::report
