// Reports built from real sources, each checked against every invariant: every car of the
// simulator in every package and language (through the real acquisition), and every public Fleet
// API fixture and documented example (through the real normalizer).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "acquire/sim_account.h"
#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "cpt/report/invariants.h"
#include "cpt/tesla/normalize.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

using snapshot::Package;

std::string data_file(const std::string& relative) {
  std::ifstream in(std::filesystem::path(CPT_TEST_DATA_DIR) / relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Builds the report in every package and language; returns how many it checked.
int check_everywhere(const snapshot::VehicleSnapshot& base, const std::string& name) {
  int checked = 0;
  for (Package package : {Package::basic, Package::pro, Package::expert}) {
    auto s = base;
    s.provenance.package = package;
    for (Language language : kAllLanguages) {
      const Report r = build_report(s, language);
      for (const auto& v : check_invariants(r)) {
        ADD_FAILURE() << name << " (" << to_string(language) << ", " << snapshot::to_string(package)
                      << "): " << v.describe();
      }
      ++checked;
    }
  }
  return checked;
}

TEST(ReportSources, EverySimulatorCarInEveryPackageAndLanguage) {
  sim::SimOptions options;
  options.seed = 7;
  options.users = 1;
  options.vehicles_per_user = 6;
  auto account = cpt::testing::start_sim_account(options);
  ASSERT_TRUE(account.client);
  for (const auto& vin : account.vins) account.sim->set_vehicle_state(vin, "online");
  int checked = 0;
  int order = 0;
  for (Package package : {Package::basic, Package::pro, Package::expert}) {
    acquire::Order o;
    o.id = "ord-report-" + std::to_string(++order);
    o.package = package;
    o.vins = account.vins;
    acquire::InMemoryRawStore store;
    auto result = acquire::run_order(o, *account.client, store, SystemClock::instance());
    ASSERT_TRUE(result.has_value()) << result.error().describe();
    for (const auto& s : result->snapshots) {
      for (Language language : kAllLanguages) {
        const Report r = build_report(s, language);
        for (const auto& v : check_invariants(r)) {
          ADD_FAILURE() << s.vin << " (" << to_string(language) << ", "
                        << snapshot::to_string(package) << "): " << v.describe();
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(account.vins.size()) * 3 * 9);
  EXPECT_GE(account.vins.size(), 6u);
}

tesla::normalize::VehiclePayloads payloads(std::string vin, std::string vehicle_data) {
  tesla::normalize::VehiclePayloads p;
  p.vin = std::move(vin);
  p.vehicle_data = std::move(vehicle_data);
  return p;
}

TEST(ReportSources, EveryPublicFixtureAndTheDocumentedExamples) {
  const Timestamp fetched = *parse_iso8601("2024-01-20T12:00:00Z");
  std::vector<std::pair<std::string, tesla::normalize::VehiclePayloads>> cars;
  cars.emplace_back(
      "home-assistant/vehicle_data",
      payloads("LRWXF7EK4KC700000", data_file("public/home-assistant/vehicle_data.json")));
  cars.emplace_back(
      "home-assistant/vehicle_data_alt",
      payloads("LRWXF7EK4KC700000", data_file("public/home-assistant/vehicle_data_alt.json")));
  auto model_s = payloads("5YJSA1E41GF167745",
                          data_file("public/timdorr-tesla-api/vehicle_data_model_s_2020.json"));
  model_s.release_notes = data_file("public/timdorr-tesla-api/release_notes.json");
  cars.emplace_back("timdorr-tesla-api/vehicle_data_model_s_2020", std::move(model_s));
  // The documented examples of every module, as one car.
  auto seed = payloads("TEST00000000VIN01", data_file("seed/vehicle_data_root.json"));
  seed.vehicle = data_file("seed/vehicle_root.json");
  seed.options = data_file("seed/options.json");
  seed.service_data = data_file("seed/service_data.json");
  seed.recent_alerts = data_file("seed/recent_alerts_root.json");
  seed.release_notes = data_file("seed/release_notes_nested.json");
  seed.warranty = data_file("seed/warranty.json");
  seed.specs = data_file("seed/specs.json");
  seed.fleet_status = data_file("seed/fleet_status.json");
  seed.charging_history_pages = {data_file("seed/charging_history.json")};
  seed.region = "na";
  cars.emplace_back("seed examples", std::move(seed));

  int checked = 0;
  for (const auto& [name, p] : cars) {
    snapshot::VehicleSnapshot s;
    s.vin = p.vin;
    s.provenance.order_id = "ord_FIXTURE";
    s.provenance.generated_at = fetched;
    tesla::normalize::fill_snapshot(p, s, fetched);
    checked += check_everywhere(s, name);
  }
  EXPECT_EQ(checked, 4 * 27);
}

}  // namespace
}  // namespace cpt::report
