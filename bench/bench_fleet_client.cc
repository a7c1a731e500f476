// Fetches every module of 10 vehicles from the simulator with 100 ms injected latency, in parallel
// and one after another in the same run, and prints both, the ratio and CPU time per call.
// Goal: parallel <= 4 x the latency, >= 10 x faster than sequential.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "cpt/http/curl_client.h"
#include "cpt/sim/simulator.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/fleet_client.h"

namespace {

using namespace cpt;
using Clock = std::chrono::steady_clock;

constexpr int kVehicles = 10;
constexpr int kLatencyMs = 100;
constexpr int kInFlight = 48;  // 90 calls in two rounds

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Stack {
  std::unique_ptr<sim::Simulator> sim;
  std::shared_ptr<http::HttpClient> http;
  std::shared_ptr<tesla::auth::OAuthClient> oauth;
  std::shared_ptr<tesla::auth::UserTokenSource> tokens;
  std::shared_ptr<tesla::auth::PartnerTokenSource> partner;
  tesla::RegionUrls urls;
  tesla::Region region = tesla::Region::na;
  std::vector<std::string> vins;
};

int fail_with(const Error& error) {
  std::fprintf(stderr, "bench_fleet_client: %s\n", error.describe().c_str());
  return 1;
}

Result<Stack> start() {
  sim::SimOptions options;
  options.users = 1;
  options.vehicles_per_user = kVehicles;
  options.auto_approve = "";
  options.regions_registered = true;
  auto sim = sim::Simulator::start(options);
  if (!sim) return std::unexpected(sim.error());
  Stack stack;
  stack.sim = std::move(*sim);
  http::CurlOptions curl;
  curl.max_idle_handles = 64;  // keep a connection per worker
  stack.http = std::shared_ptr<http::HttpClient>(std::move(*http::CurlHttpClient::create(curl)));
  const auto& urls = stack.sim->urls();
  stack.urls = {urls.fleet_na, urls.fleet_eu, urls.fleet_cn};
  tesla::AuthConfig auth;
  auth.authorize_url = urls.authorize_url;
  auth.token_url = urls.token_url;
  auth.client_id = stack.sim->options().client_id;
  auth.client_secret = stack.sim->options().client_secret;
  auth.redirect_uri = stack.sim->options().redirect_uris.front();
  stack.oauth = std::make_shared<tesla::auth::OAuthClient>(auth, stack.http);
  const auto& user = stack.sim->world().users.front();
  stack.region = tesla::parse_region(sim::to_string(user.region)).value_or(tesla::Region::na);
  for (std::size_t index : user.vehicles) {
    stack.vins.push_back(stack.sim->world().vehicles[index].vin);
    stack.sim->set_vehicle_state(stack.vins.back(), "online");
  }
  // Sign in over HTTP: authorize (auto-approved) -> 302 with the code -> exchange.
  auto pkce = tesla::auth::generate_pkce();
  tesla::auth::AuthorizeRequest request;
  request.authorize_url = auth.authorize_url;
  request.client_id = auth.client_id;
  request.redirect_uri = auth.redirect_uri;
  request.scopes = auth.scopes;
  request.state = "bench";
  request.code_challenge = pkce->challenge;
  http::HttpRequest get;
  get.url = tesla::auth::build_authorize_url(request);
  auto redirect = stack.http->send(get);
  if (!redirect) return std::unexpected(redirect.error());
  auto code = tesla::auth::parse_redirect(std::string(redirect->header("location").value_or("")));
  if (!code) return std::unexpected(code.error());
  auto tokens = stack.oauth->exchange_code(code->code, stack.urls.of(stack.region), pkce->verifier);
  if (!tokens) return std::unexpected(tokens.error());
  auto store = std::make_shared<tesla::auth::InMemoryTokenStore>();
  stack.tokens =
      std::make_shared<tesla::auth::UserTokenSource>(store, stack.oauth, SystemClock::instance());
  if (auto adopted = stack.tokens->adopt(
          "bench", tesla::auth::token_set_from(*tokens, std::chrono::system_clock::now()));
      !adopted) {
    return std::unexpected(adopted.error());
  }
  stack.partner = std::make_shared<tesla::auth::PartnerTokenSource>(
      stack.oauth, SystemClock::instance(), "openid vehicle_device_data vehicle_specs");
  return stack;
}

tesla::FleetClient client_for(const Stack& stack, int in_flight) {
  tesla::FleetOptions options;
  options.urls = stack.urls;
  options.region = stack.region;
  options.account = "bench";
  options.extra_allowed_hosts = {http::url_host(stack.urls.na)};
  options.max_in_flight = in_flight;
  tesla::FleetDeps deps{
      tesla::make_http_stub(stack.http), stack.tokens, stack.partner, nullptr, nullptr, nullptr,
      nullptr};
  return tesla::FleetClient(tesla::make_fleet_connection(options, deps));
}

std::vector<tesla::FleetRequest> every_module(tesla::FleetClient& client,
                                              const std::vector<std::string>& vins) {
  using tesla::Endpoint;
  const auto endpoints = client.vehicle_data_endpoints({}).value_or("charge_state");
  std::vector<tesla::FleetRequest> requests;
  for (const auto& vin : vins) {
    for (Endpoint e : {Endpoint::vehicle, Endpoint::vehicle_data, Endpoint::service_data,
                       Endpoint::recent_alerts, Endpoint::release_notes, Endpoint::options,
                       Endpoint::warranty, Endpoint::fleet_status, Endpoint::specs}) {
      auto request = tesla::FleetRequest::for_vin(e, vin);
      if (e == Endpoint::vehicle_data) request.params.query.emplace_back("endpoints", endpoints);
      requests.push_back(std::move(request));
    }
  }
  return requests;
}

struct Run {
  double seconds = 0;
  double cpu = 0;
  int failures = 0;
};

Run run(tesla::FleetClient& client, const std::vector<tesla::FleetRequest>& requests) {
  const double cpu_before = cpu_seconds();
  const auto start = Clock::now();
  auto results = client.call_all(requests);
  Run out;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.cpu = cpu_seconds() - cpu_before;
  for (const auto& result : results) out.failures += result ? 0 : 1;
  return out;
}

}  // namespace

int main() {
  auto stack = start();
  if (!stack) return fail_with(stack.error());
  tesla::FleetClient parallel = client_for(*stack, kInFlight);
  tesla::FleetClient default_bound = client_for(*stack, 8);
  tesla::FleetClient sequential = client_for(*stack, 1);
  const auto requests = every_module(parallel, stack->vins);
  const double calls = static_cast<double>(requests.size());

  // Warm-up without latency: opens the keep-alive connections and fetches the partner tokens.
  run(parallel, requests);
  sim::FaultOptions faults;
  faults.latency_ms = kLatencyMs;
  stack->sim->faults().set_options(faults);

  const Run par = run(parallel, requests);
  const Run bounded = run(default_bound, requests);
  const Run seq = run(sequential, requests);
  std::printf("bench_fleet_client: %d vehicles x %zu modules = %zu calls, %d ms injected latency\n",
              kVehicles, requests.size() / kVehicles, requests.size(), kLatencyMs);
  std::printf("  parallel (%2d in flight): %8.1f ms  = %.2f x latency  (failures %d)\n", kInFlight,
              par.seconds * 1000, par.seconds * 1000 / kLatencyMs, par.failures);
  std::printf("  parallel ( 8 in flight): %8.1f ms  = %.2f x latency  (failures %d)\n",
              bounded.seconds * 1000, bounded.seconds * 1000 / kLatencyMs, bounded.failures);
  std::printf("  sequential             : %8.1f ms  (failures %d)\n", seq.seconds * 1000,
              seq.failures);
  std::printf("  speed-up: %.1f x (%d in flight), %.1f x (8 in flight)\n",
              seq.seconds / par.seconds, kInFlight, seq.seconds / bounded.seconds);
  std::printf(
      "  CPU per call (client + in-process simulator): parallel %.0f us, sequential %.0f us\n",
      par.cpu / calls * 1e6, seq.cpu / calls * 1e6);
  const bool goal = par.seconds * 1000 <= 4.0 * kLatencyMs && seq.seconds / par.seconds >= 10.0;
  std::printf("  goal (parallel <= 4 x latency and >= 10 x faster): %s\n",
              goal ? "met" : "NOT met");
  return par.failures + seq.failures + bounded.failures == 0 ? 0 : 1;
}
