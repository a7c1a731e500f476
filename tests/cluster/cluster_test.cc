// Several `cpt serve` instances on Redis behind nginx, as operators run them: orders spread over
// the instances, one instance is killed (SIGKILL) in the middle of its orders, and the other
// finishes every order from the answers already stored; after the session TTL, no key of any
// session is left in Redis. A browser makes the whole UI journey through nginx over TLS.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "cluster/cluster.h"
#include "e2e/journey.h"
#include "support/report_content.h"

namespace cpt::cluster {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Two runs minutes apart differ in their clock readings (report time, the times of answers the
// simulator stamps with its clock) and their order ids; neither is what a report says.
void forget_run(nlohmann::json& value) {
  static const std::regex instant(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2})");
  if (value.is_object()) {
    if (value.contains("value") && value["value"].is_string() &&
        std::regex_search(value["value"].get<std::string>(), instant)) {
      value.erase("value");
      value.erase("display");
    }
    for (auto& [key, item] : value.items()) forget_run(item);
  } else if (value.is_array()) {
    for (auto& item : value) forget_run(item);
  } else if (value.is_string() && value.get<std::string>().starts_with("ord_")) {
    value = "<order>";
  }
}

// What the JSON report of the browser's first vehicle says, without fetch times and signatures,
// and the (UTC) date it was made on.
struct ReportContent {
  nlohmann::json content;
  std::string date;
};

ReportContent report_content(Cluster& cluster, const BrowserSession& browser) {
  auto res = cluster.through_nginx()->Get(
      "/api/v1/sessions/" + browser.session + "/reports/" + browser.vins.front() + ".json",
      {{"Cookie", browser.cookie}});
  EXPECT_TRUE(res && res->status == 200) << browser.user;
  auto report = nlohmann::json::parse(res ? res->body : "{}", nullptr, false);
  const auto generated = report.is_object() ? report["report"].value("generated_at", "") : "";
  cpt::testing::strip_volatile(report);
  forget_run(report);
  return {std::move(report), generated.substr(0, 10)};
}

// The battery's typical health is an expectation for the car's age on the report's date; two
// reports made either side of a UTC midnight rightly differ there.
void forget_dated_expectation(nlohmann::json& value) {
  if (value.is_object()) {
    if (value.value("key", "") == "battery.soh_typical") {
      value.erase("value");
      value.erase("display");
    }
    for (auto& [key, item] : value.items()) forget_dated_expectation(item);
  } else if (value.is_array()) {
    for (auto& item : value) forget_dated_expectation(item);
  }
}

TEST(Cluster, EveryOrderCompletesWhenAnInstanceIsKilledMidOrder) {
  constexpr int kOrders = 20;
  std::string why;
  auto cluster = Cluster::start({.instances = 2,
                                 .sim_users = kOrders,
                                 .sim_latency_ms = 100,
                                 .job_lease_seconds = 2,
                                 // Long enough for the takeover's orders on a loaded CI machine
                                 // (about 25 s there), short enough to watch Redis expire them.
                                 .session_ttl_seconds = 60},
                                why);
  ASSERT_NE(cluster, nullptr) << why;
  // Twenty browsers sign in at once, each as its own simulated user; then each orders all its
  // vehicles, all at once, so that both instances are in the middle of orders.
  const auto browsers = cluster->login_everyone(why);
  ASSERT_EQ(browsers.size(), static_cast<std::size_t>(kOrders)) << why;
  std::set<std::string> vins;
  for (const auto& browser : browsers) vins.insert(browser.vins.begin(), browser.vins.end());
  const auto started = std::chrono::steady_clock::now();
  for (const auto& browser : browsers) {
    ASSERT_TRUE(cluster->place_order(browser, "pro", why)) << browser.user << ": " << why;
  }
  // Instance 0 dies while orders run (100 ms per Tesla call: an order takes a few seconds).
  std::this_thread::sleep_for(500ms);
  cluster->kill_instance(0);
  const auto killed_at = std::chrono::steady_clock::now();

  std::map<std::string, int> statuses;
  auto nginx = cluster->through_nginx();
  std::map<std::string, ReportContent> first_reports;
  for (const auto& browser : browsers) {
    ++statuses[cluster->wait_for_order(browser, 120s)];
    first_reports[browser.user] = report_content(*cluster, browser);
    auto pdf = nginx->Get(
        "/api/v1/sessions/" + browser.session + "/reports/" + browser.vins.front() + ".pdf",
        {{"Cookie", browser.cookie}});
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->status, 200) << browser.user;
    EXPECT_TRUE(pdf->body.starts_with("%PDF")) << browser.user;
  }
  const auto finished = std::chrono::steady_clock::now();
  EXPECT_EQ(statuses["done"], kOrders) << "orders lost or failed: " << kOrders - statuses["done"];

  // Calls billed twice: a per-vehicle request the simulator billed more than once. Only a call in
  // flight at the kill (billed by Tesla, its answer never stored) can be repeated by the takeover.
  std::map<std::string, int> per_request;
  int vehicle_calls = 0;
  for (const auto& request : cluster->billed_requests()) {
    for (const auto& vin : vins) {
      if (request.find(vin) != std::string::npos) {
        ++per_request[request];
        ++vehicle_calls;
        break;
      }
    }
  }
  int repeated = 0;
  for (const auto& [request, count] : per_request) {
    repeated += count - 1;
    if (count > 1) std::cout << "  billed " << count << "x: " << request << "\n";
  }
  std::cout << "cluster: " << kOrders << " orders over 2 instances, one killed; done "
            << statuses["done"] << "; per-vehicle calls billed " << vehicle_calls << ", repeated "
            << repeated << "; all done "
            << std::chrono::duration_cast<std::chrono::milliseconds>(finished - started).count()
            << " ms after the orders were placed, "
            << std::chrono::duration_cast<std::chrono::milliseconds>(finished - killed_at).count()
            << " ms after the kill\n";
  // At most the calls the killed instance had in flight (8 per order it was running).
  EXPECT_LE(repeated, 8 * kOrders / 2);

  // The same orders again, with no instance killed: every report says what the first run's said,
  // whichever instance ran it or took it over.
  const auto again = cluster->login_everyone(why);
  ASSERT_EQ(again.size(), static_cast<std::size_t>(kOrders)) << why;
  for (const auto& browser : again) ASSERT_TRUE(cluster->place_order(browser, "pro", why)) << why;
  for (const auto& browser : again) {
    ASSERT_EQ(cluster->wait_for_order(browser, 120s), "done") << browser.user;
    std::vector<std::string> diff;
    auto first = first_reports[browser.user];
    auto second = report_content(*cluster, browser);
    if (first.date != second.date) {
      forget_dated_expectation(first.content);
      forget_dated_expectation(second.content);
    }
    cpt::testing::json_differences(first.content, second.content, "", diff);
    std::string listed;
    for (const auto& d : diff) listed += "\n  " + d;
    EXPECT_TRUE(diff.empty()) << browser.user << ":" << listed;
  }

  // After the session TTL, Redis itself has removed every key of every session.
  std::vector<BrowserSession> everyone = browsers;
  everyone.insert(everyone.end(), again.begin(), again.end());
  std::set<std::string> left;
  const auto ttl_deadline = std::chrono::steady_clock::now() + 100s;
  do {
    left.clear();
    for (const auto& key : cluster->redis_keys()) {
      for (const auto& browser : everyone) {
        if (key.find(browser.session) != std::string::npos) left.insert(key);
      }
    }
    if (!left.empty()) std::this_thread::sleep_for(1s);
  } while (!left.empty() && std::chrono::steady_clock::now() < ttl_deadline);
  EXPECT_TRUE(left.empty()) << left.size() << " keys of sessions outlived the TTL, e.g. "
                            << (left.empty() ? "" : *left.begin());
}

// A person's whole journey in the UI (connect, order, progress, read, download, verify, delete)
// through nginx over TLS, with every request free to land on either instance.
TEST(Cluster, TheBrowserJourneyWorksThroughNginxOverTwoInstances) {
  std::string why;
  auto cluster = Cluster::start({.instances = 2,
                                 .sim_users = 1,
                                 .sim_latency_ms = 20,
                                 .job_lease_seconds = 2,
                                 .session_ttl_seconds = 120,
                                 .auto_approve = true},
                                why);
  ASSERT_NE(cluster, nullptr) << why;
  const auto users = cluster->users();
  ASSERT_FALSE(users.empty());
  auto browser = e2e::TestBrowser::start(
      cluster->dir(), e2e::headless_chromium_args((cluster->dir() / "profile").string(), "", true),
      why, "Australia/Perth");
  if (browser == nullptr && why.find("missing") != std::string::npos) GTEST_SKIP() << why;
  ASSERT_NE(browser, nullptr) << why;
  e2e::run_journey(browser->web(), {.home = cluster->origin() + "/",
                                    .lang = "en",
                                    .vehicles = users.front().second.size(),
                                    .artifact_dir = CPT_E2E_ARTIFACT_DIR,
                                    .screenshot_tag = "-nginx",
                                    .time_zone = "Australia/Perth"});
}

}  // namespace
}  // namespace cpt::cluster
