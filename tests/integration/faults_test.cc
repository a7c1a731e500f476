// Every fault the simulator can inject, met by the real client stack over HTTP, each checked
// against the simulator's ledger.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cpt/tesla/fleet_client_typed.h"
#include "integration/sim_session.h"

namespace cpt::integration {
namespace {

using tesla::Endpoint;

std::string module_path(const sim::Vehicle& v, std::string_view module) {
  return "/api/1/vehicles/" + v.vin + "/" + std::string(module);
}

sim::FaultRule rule(std::string path, sim::FaultKind kind, int status = 500, int count = 1) {
  sim::FaultRule r;
  r.path_prefix = std::move(path);
  r.kind = kind;
  r.status = status;
  r.count = count;
  return r;
}

TEST(SimFaults, AsleepVehicleIs408VehicleUnavailableAndNeverWoken) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  s->sim->set_vehicle_state(v.vin, "asleep");
  auto data = s->client().vehicle_data(v.vin);
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().kind, ErrorKind::vehicle_unavailable);
  EXPECT_EQ(data.error().http_status(), 408);
  const auto ledger = s->sim->ledger();
  EXPECT_EQ(ledger.count(module_path(v, "vehicle_data")), 1);  // billed once, not retried
  EXPECT_EQ(ledger.count(module_path(v, "wake_up")), 0);
  EXPECT_EQ(s->sim->vehicle_state(v.vin), "asleep");
}

TEST(SimFaults, ExplicitWakeRepostsUntilOnline) {
  sim::SimOptions options;
  options.wake_delay = std::chrono::seconds(25);
  auto s = SimSession::start(options);
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  s->sim->set_vehicle_state(v.vin, "asleep");
  tesla::WakeOptions wake;
  wake.interval = std::chrono::seconds(10);
  wake.deadline = std::chrono::seconds(90);
  auto woken = s->client().wake_up(v.vin, wake);
  ASSERT_TRUE(woken.has_value()) << woken.error().describe();
  EXPECT_EQ(s->sim->vehicle_state(v.vin), "online");
  // Posts at t = 0, 10, 20, 30 s (fake clock): online from 25 s.
  EXPECT_EQ(s->sim->ledger().count(module_path(v, "wake_up")), 4);
  EXPECT_EQ(s->sim->ledger().billed(sim::Category::wake), 4);
  EXPECT_TRUE(s->client().vehicle_data(v.vin).has_value());
}

TEST(SimFaults, UnregisteredRegionIs412NamingRegionAndFix) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  s->sim->set_region_registered(s->user->region, false);
  auto vehicles = s->client().vehicles();
  ASSERT_FALSE(vehicles.has_value());
  EXPECT_EQ(vehicles.error().kind, ErrorKind::region_not_registered);
  const std::string region(tesla::to_string(s->region));
  EXPECT_EQ(vehicles.error().get("region").value_or(""), region);
  EXPECT_NE(vehicles.error().user_message.find("cpt partner register --region " + region +
                                               " --domain <your domain>"),
            std::string::npos);
  EXPECT_EQ(s->sim->ledger().count("/api/1/vehicles"), 1);
}

TEST(SimFaults, WrongRegionIs421AndReroutesOnceToTheNamedHost) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const tesla::Region wrong =
      s->region == tesla::Region::eu ? tesla::Region::na : tesla::Region::eu;
  tesla::FleetClient client = s->client(wrong);
  auto vehicles = client.vehicles();
  ASSERT_TRUE(vehicles.has_value()) << vehicles.error().describe();
  EXPECT_EQ(vehicles->base_url, s->urls.of(s->region));
  EXPECT_EQ(client.connection().base_url(), s->urls.of(s->region));
  std::map<int, int> statuses;
  for (const auto& entry : s->sim->ledger().entries) {
    if (entry.path == "/api/1/vehicles") ++statuses[entry.status];
  }
  EXPECT_EQ(statuses[421], 1);
  EXPECT_EQ(statuses[200], 1);
}

TEST(SimFaults, RateLimitWithRetryAfterWaitsOnTheFakeClock) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  auto r = rule(module_path(v, "service_data"), sim::FaultKind::status, 429);
  r.retry_after_s = 7;
  s->sim->faults().add_rule(r);
  const auto slept_before = s->clock->slept();
  auto answer = s->client().service_data(v.vin);
  ASSERT_TRUE(answer.has_value()) << answer.error().describe();
  EXPECT_EQ(answer->attempts, 2);
  EXPECT_EQ(s->clock->slept() - slept_before, std::chrono::seconds(7));
  EXPECT_EQ(s->billed_successes()["GET " + module_path(v, "service_data")], 1);
}

TEST(SimFaults, RetryAfterBeyondTheCapFailsFastAsRateLimited) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  auto r = rule(module_path(v, "recent_alerts"), sim::FaultKind::status, 429);
  r.retry_after_s = 3600;
  s->sim->faults().add_rule(r);
  auto answer = s->client().recent_alerts(v.vin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::rate_limited);
  EXPECT_EQ(answer.error().get("retry_after_s").value_or(""), "3600");
  EXPECT_EQ(s->sim->ledger().count(module_path(v, "recent_alerts")), 1);
}

TEST(SimFaults, ServerErrorThenSuccessIsRetriedAndBilledOnce) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  s->sim->faults().add_rule(rule(module_path(v, "release_notes"), sim::FaultKind::status, 503, 2));
  auto answer = s->client().release_notes(v.vin);
  ASSERT_TRUE(answer.has_value()) << answer.error().describe();
  EXPECT_EQ(answer->attempts, 3);
  const auto ledger = s->sim->ledger();
  EXPECT_EQ(ledger.count(module_path(v, "release_notes")), 3);
  EXPECT_EQ(s->billed_successes()["GET " + module_path(v, "release_notes")], 1);
  EXPECT_EQ(ledger.total_billed(), 1);  // the two 503s are free
}

TEST(SimFaults, DroppedConnectionIsRetriedAsTransport) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  s->sim->faults().add_rule(rule("/api/1/dx/warranty/details", sim::FaultKind::reset));
  auto answer = s->client().warranty(v.vin);
  ASSERT_TRUE(answer.has_value()) << answer.error().describe();
  EXPECT_EQ(answer->attempts, 2);
  EXPECT_EQ(s->sim->ledger().total_billed(), 1);
}

TEST(SimFaults, MalformedBodyIsMalformedAndNotFetchedAgain) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = *s->vehicles().front();
  s->sim->faults().add_rule(rule("/api/1/dx/vehicles/options", sim::FaultKind::malformed));
  tesla::TypedFleetClient typed(s->client());
  auto options = typed.options(v.vin);
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().kind, ErrorKind::malformed);
  EXPECT_EQ(options.error().get("endpoint").value_or(""), "options");
  EXPECT_EQ(s->sim->ledger().count("/api/1/dx/vehicles/options"), 1);
}

TEST(SimFaults, RevokedTokenIsLoginRequired) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  EXPECT_GT(s->sim->revoke_tokens(s->user->id), 0);
  auto vehicles = s->client().vehicles();
  ASSERT_FALSE(vehicles.has_value());
  EXPECT_EQ(vehicles.error().kind, ErrorKind::login_required);
  EXPECT_EQ(s->sim->ledger().count("/oauth2/v3/token", "POST"), 2);  // exchange + one refresh
}

TEST(SimFaults, FiftyConcurrentCallsWithAnExpiredTokenRefreshOnce) {
  auto s = SimSession::start();
  ASSERT_TRUE(s);
  auto tokens = s->sign_in();
  ASSERT_TRUE(tokens.has_value());
  s->sim->advance_clock(std::chrono::hours(9));  // past the 8 h access-token lifetime
  s->clock->advance(std::chrono::hours(9));
  s->sim->reset_ledger();
  tesla::FleetClient client = s->client(std::nullopt, nullptr, 50);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] { ok += client.vehicles().has_value() ? 1 : 0; });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 50);
  EXPECT_EQ(s->sim->ledger().count("/oauth2/v3/token", "POST"), 1);
  EXPECT_NE(s->store->load("user").value()->refresh_token, tokens->refresh_token);
}

TEST(SimFaults, BudgetStopsBilledCallsBeforeTheySend) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = s->online_vehicle();
  auto budget = std::make_shared<tesla::Budget>(3 * 2'000);
  tesla::FleetClient client = s->client(std::nullopt, budget);
  std::vector<tesla::FleetRequest> requests;
  for (Endpoint e : {Endpoint::vehicle, Endpoint::service_data, Endpoint::recent_alerts,
                     Endpoint::release_notes, Endpoint::options}) {
    requests.push_back(tesla::FleetRequest::for_vin(e, v.vin));
  }
  auto results = client.call_all(requests);
  int ok = 0, refused = 0;
  for (const auto& result : results) {
    if (result) ++ok;
    if (!result && result.error().kind == ErrorKind::budget_exceeded) ++refused;
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(refused, 2);
  EXPECT_EQ(s->sim->ledger().total_billed(), 3);
  EXPECT_EQ(budget->spent(), 6'000);
}

}  // namespace
}  // namespace cpt::integration
