// A running service against an in-process simulator, a fake browser (cookie jar of one cookie)
// and a stand-in acquisition engine, for the service's integration tests.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/service/service.h"
#include "cpt/sim/simulator.h"

namespace cpt::service::testing {

// One browser: its cookie, sent with every request once the service set it.
struct Browser {
  std::string cookie;  // "cpt_browser=..." or empty
};

// A minimal acquisition engine: per VIN it reads GET /api/1/vehicles/{vin} unless the raw store
// already has it, reports progress and the VIN's report as ready, and returns a sample snapshot
// with that VIN. With
// `hold_after_first`, it waits after the first VIN until the order is cancelled (a service stop).
OrderRunner fake_runner(bool hold_after_first = false, std::atomic<int>* held = nullptr);

// Renders tiny stand-in artifacts (fast), or nothing special: real renderers are used when the
// harness is built with real_reports.
ArtifactRenderer fake_renderer();

struct HarnessOptions {
  bool real_reports = false;
  bool real_runner = false;  // acquire::run_order instead of fake_runner
  bool hold_after_first = false;
  RateLimitOptions oauth_rate{600, 100};
  std::size_t max_body_bytes = 64 * 1024;
};

class ServiceHarness : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Builds and starts a service (again, after stop_service(), on the same database).
  void start_service(const HarnessOptions& options = {});
  void stop_service();
  // (Re)starts the simulator with `options` (auto-approve, registrations and a short wake delay
  // added) and points config_ at it; SetUp calls it with sim_options_. Stop the service first.
  void start_sim(sim::SimOptions options);

  // The whole sign-in: initiate, the simulator's consent (auto-approved), the callback.
  // Returns the session id from the UI redirect (empty on failure, with a test failure).
  std::string login(Browser& browser);
  // initiate only: the authorize URL and state.
  std::pair<std::string, std::string> initiate(Browser& browser);
  // Follows the authorize URL at the simulator; returns the callback path + query it redirects to.
  std::string authorize_at_sim(const std::string& auth_url);

  httplib::Result get(const std::string& path, const Browser& browser);
  httplib::Result post(const std::string& path, const Browser& browser, const std::string& body);
  httplib::Result del(const std::string& path, const Browser& browser);
  // Orders `vins` and waits until the order is no longer running.
  void order_and_wait(const std::string& session, const Browser& browser,
                      const std::vector<std::string>& vins, const std::string& package = "basic");
  std::vector<std::string> first_user_vins() const;
  // Rows of `table` in the service database (read directly, as an auditor would).
  int count_rows(const std::string& table);

  std::filesystem::path dir_;
  sim::SimOptions sim_options_;  // what SetUp starts; a fixture may set it (quirks) beforehand
  std::unique_ptr<sim::Simulator> sim_;
  std::shared_ptr<FakeClock> clock_;
  ServiceConfig config_;
  std::unique_ptr<Service> service_;
  std::vector<std::string> log_lines_;
  std::mutex log_mutex_;
};

}  // namespace cpt::service::testing
