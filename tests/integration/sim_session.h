// A simulator plus a signed-in client stack talking to it over real sockets (port 0).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "cpt/core/clock.h"
#include "cpt/http/curl_client.h"
#include "cpt/sim/simulator.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::integration {

inline tesla::Region to_tesla(sim::Region region) {
  return tesla::parse_region(sim::to_string(region)).value_or(tesla::Region::na);
}

inline constexpr std::string_view kAllScopes =
    "openid offline_access vehicle_device_data vehicle_charging_cmds vehicle_specs user_data";

// One simulator and the client collaborators around it. Not thread-safe to set up; the client
// parts are thread-safe once built.
struct SimSession {
  std::shared_ptr<FakeClock> clock;
  std::unique_ptr<sim::Simulator> sim;
  std::shared_ptr<http::HttpClient> http;
  tesla::AuthConfig auth;
  tesla::RegionUrls urls;
  std::vector<std::string> extra_hosts;
  std::shared_ptr<tesla::auth::InMemoryTokenStore> store =
      std::make_shared<tesla::auth::InMemoryTokenStore>();
  std::shared_ptr<tesla::CallLedger> ledger = std::make_shared<tesla::CallLedger>();
  std::shared_ptr<tesla::auth::OAuthClient> oauth;
  std::shared_ptr<tesla::auth::UserTokenSource> user_tokens;
  std::shared_ptr<tesla::auth::PartnerTokenSource> partner_tokens;
  const sim::User* user = nullptr;
  tesla::Region region = tesla::Region::na;

  // Starts a simulator (all regions registered, first user auto-approved) on a fake clock.
  static std::unique_ptr<SimSession> start(sim::SimOptions options = {}) {
    auto session = std::make_unique<SimSession>();
    session->clock = std::make_shared<FakeClock>(std::chrono::system_clock::now());
    if (!options.auto_approve) options.auto_approve = "";
    options.regions_registered = true;
    options.clock = session->clock;
    auto sim = sim::Simulator::start(std::move(options));
    if (!sim) {
      ADD_FAILURE() << sim.error().describe();
      return nullptr;
    }
    session->sim = std::move(*sim);
    auto curl = http::CurlHttpClient::create();
    session->http = std::shared_ptr<http::HttpClient>(std::move(*curl));
    const auto& urls = session->sim->urls();
    session->auth.authorize_url = urls.authorize_url;
    session->auth.token_url = urls.token_url;
    session->auth.client_id = session->sim->options().client_id;
    session->auth.client_secret = session->sim->options().client_secret;
    session->auth.redirect_uri = session->sim->options().redirect_uris.front();
    session->auth.scopes = std::string(kAllScopes);
    session->urls = {urls.fleet_na, urls.fleet_eu, urls.fleet_cn};
    session->extra_hosts = {http::url_host(urls.fleet_na)};
    session->oauth =
        std::make_shared<tesla::auth::OAuthClient>(session->auth, session->http, session->ledger);
    session->user_tokens = std::make_shared<tesla::auth::UserTokenSource>(
        session->store, session->oauth, *session->clock);
    session->partner_tokens = std::make_shared<tesla::auth::PartnerTokenSource>(
        session->oauth, *session->clock, "openid vehicle_device_data vehicle_specs");
    session->user = &session->sim->world().users.front();
    session->region = to_tesla(session->user->region);
    return session;
  }

  // GET the authorize URL without following the redirect: the 302 Location carries the code.
  Result<std::string> authorize_code(const tesla::auth::Pkce& pkce, const std::string& state) {
    tesla::auth::AuthorizeRequest request;
    request.authorize_url = auth.authorize_url;
    request.client_id = auth.client_id;
    request.redirect_uri = auth.redirect_uri;
    request.scopes = auth.scopes;
    request.state = state;
    request.code_challenge = pkce.challenge;
    http::HttpRequest get;
    get.url = tesla::auth::build_authorize_url(request);
    auto response = http->send(get);
    if (!response) return std::unexpected(response.error());
    if (response->status != 302) {
      return fail(ErrorKind::internal, "authorize answered " + std::to_string(response->status));
    }
    auto redirect =
        tesla::auth::parse_redirect(std::string(response->header("location").value_or("")));
    if (!redirect) return std::unexpected(redirect.error());
    if (redirect->state != state) return fail(ErrorKind::internal, "state mismatch");
    return redirect->code;
  }

  // The whole OAuth flow over HTTP; the tokens land in the store under "user".
  Result<tesla::auth::TokenSet> sign_in() {
    auto pkce = tesla::auth::generate_pkce();
    auto state = tesla::auth::generate_state();
    auto code = authorize_code(*pkce, *state);
    if (!code) return std::unexpected(code.error());
    auto tokens = oauth->exchange_code(*code, urls.of(region), pkce->verifier);
    if (!tokens) return std::unexpected(tokens.error());
    auto set = tesla::auth::token_set_from(*tokens, clock->now());
    if (auto adopted = user_tokens->adopt("user", set); !adopted) {
      return std::unexpected(adopted.error());
    }
    return set;
  }

  tesla::FleetClient client(std::optional<tesla::Region> home = {},
                            std::shared_ptr<tesla::Budget> budget = nullptr,
                            int max_in_flight = 8) {
    tesla::FleetOptions options;
    options.urls = urls;
    options.region = home.value_or(region);
    options.account = "user";
    options.extra_allowed_hosts = extra_hosts;
    options.max_in_flight = max_in_flight;
    tesla::FleetDeps deps{tesla::make_http_stub(http), user_tokens, partner_tokens, ledger,
                          std::move(budget),           clock,          nullptr};
    return tesla::FleetClient(tesla::make_fleet_connection(std::move(options), std::move(deps)));
  }

  // The user's vehicles in the simulated world.
  std::vector<const sim::Vehicle*> vehicles() const {
    std::vector<const sim::Vehicle*> out;
    for (std::size_t index : user->vehicles) out.push_back(&sim->world().vehicles[index]);
    return out;
  }
  const sim::Vehicle& online_vehicle() {
    const sim::Vehicle& v = *vehicles().front();
    sim->set_vehicle_state(v.vin, "online");
    return v;
  }

  // Successful billed answers per "METHOD path" in the simulator's ledger.
  std::map<std::string, int> billed_successes() const {
    std::map<std::string, int> out;
    for (const auto& entry : sim->ledger().entries) {
      if (entry.billed && entry.status >= 200 && entry.status < 300) {
        ++out[entry.method + " " + entry.path];
      }
    }
    return out;
  }
};

}  // namespace cpt::integration
