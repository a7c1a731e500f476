// A car whose owner turned Mobile Access off (the simulator's mobile-access-disabled quirk: each
// user's last car answers 401 mobile_access_disabled) is reported as such in every language: its
// own condition, what the owner can do, and never "asleep or offline", which would be false.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "acquire/sim_account.h"
#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "cpt/report/renderers.h"
#include "cpt/report/report_model.h"
#include "cpt/sim/quirks.h"

namespace cpt::report {
namespace {

using snapshot::ModuleOutcome;

// Every car of one account, acquired with Mobile Access off in the last one.
std::vector<snapshot::VehicleSnapshot> cars_with_mobile_access_off_in_the_last() {
  sim::SimOptions options;
  options.seed = 7;
  options.users = 1;
  options.vehicles_per_user = 2;
  EXPECT_TRUE(sim::apply_quirks("mobile-access-disabled", options.quirks).has_value());
  auto account = cpt::testing::start_sim_account(options);
  EXPECT_TRUE(account.client);
  if (!account.client) return {};
  // Awake, so "asleep or offline" would be plainly false.
  for (const auto& vin : account.vins) account.sim->set_vehicle_state(vin, "online");
  acquire::Order order;
  order.id = "ord-mobile-access";
  order.package = snapshot::Package::basic;
  order.vins = account.vins;
  acquire::InMemoryRawStore store;
  auto result = acquire::run_order(order, *account.client, store, SystemClock::instance());
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
  return result ? std::move(result->snapshots) : std::vector<snapshot::VehicleSnapshot>{};
}

// Every status message and note of a report.
std::string statuses_and_notes(const Report& report) {
  std::string out;
  for (const Section& section : report.sections) {
    out.append(section.status.message).append("\n");
    for (const auto& note : section.notes) out.append(note).append("\n");
  }
  return out;
}

TEST(MobileAccess, ACarWithMobileAccessOffIsReportedAsSuchNeverAsAsleep) {
  const auto cars = cars_with_mobile_access_off_in_the_last();
  ASSERT_EQ(cars.size(), 2u);
  const auto& off = cars.back();
  ASSERT_EQ(off.battery.result.condition, "mobile_access_disabled") << off.battery.result.reason;

  // English: the battery section (live data) says why and what the owner can do.
  const Report en = build_report(off, Language::en);
  const Section* battery = en.section(SectionId::battery);
  ASSERT_NE(battery, nullptr);
  EXPECT_EQ(battery->status.outcome, ModuleOutcome::unavailable);
  EXPECT_EQ(battery->status.condition, "mobile_access_disabled");
  EXPECT_EQ(battery->status.message,
            "Not available: Mobile Access is turned off in the car, so Tesla cannot reach it, "
            "whether it is awake or asleep. The owner can turn on Allow Mobile Access in the "
            "car's Safety settings.");
  const std::string html = render_html(en);
  EXPECT_NE(html.find("Allow Mobile Access"), std::string::npos);
  EXPECT_EQ(html.find("asleep or offline"), std::string::npos);
  auto text = render_json(en);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->find("asleep or offline"), std::string::npos);
  const auto json = nlohmann::json::parse(*text);
  for (const auto& section : json.at("sections")) {
    if (section.at("id") != "battery") continue;
    EXPECT_EQ(section.at("status").value("condition", ""), "mobile_access_disabled");
  }

  // Every language says it in its own words, never with its "asleep or offline" sentence.
  for (Language language : kAllLanguages) {
    const Catalog& words = Catalog::get(language);
    const std::string said = statuses_and_notes(build_report(off, language));
    EXPECT_NE(said.find(words.text("condition.mobile_access_disabled")), std::string::npos)
        << to_string(language) << ":\n"
        << said;
    EXPECT_EQ(said.find(words.text("error.vehicle_unavailable")), std::string::npos)
        << to_string(language) << ":\n"
        << said;
  }

  // The other car has Mobile Access on: its live data arrived, and no condition is named.
  const Report other = build_report(cars.front(), Language::en);
  const Section* other_battery = other.section(SectionId::battery);
  ASSERT_NE(other_battery, nullptr);
  EXPECT_EQ(other_battery->status.outcome, ModuleOutcome::ok);
  EXPECT_TRUE(other_battery->status.condition.empty());
}

}  // namespace
}  // namespace cpt::report
