#include "sim_account.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "cpt/core/clock.h"
#include "cpt/http/curl_client.h"
#include "cpt/sim/world.h"
#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/auth/token_store.h"
#include "cpt/tesla/auth/unattended.h"

namespace cpt::testing {

SimAccount start_sim_account(sim::SimOptions options, std::string_view extra_scopes,
                             std::size_t user) {
  options.auto_approve = "";
  if (user > 0) {
    // The world is the seed's: its user's e-mail is known before the simulator starts.
    const auto world = sim::generate_world(options.seed, options.users, options.vehicles_per_user,
                                           options.today_epoch_s.value_or(sim::kFixedToday));
    EXPECT_LT(user, world.users.size());
    if (user < world.users.size()) options.auto_approve = world.users[user].email;
  }
  options.regions_registered = true;
  SimAccount account;
  auto started = sim::Simulator::start(options);
  EXPECT_TRUE(started.has_value());
  account.sim = std::move(*started);
  const auto& urls = account.sim->urls();

  account.http = std::shared_ptr<http::HttpClient>(http::CurlHttpClient::create({}).value());
  tesla::AuthConfig auth;
  auth.authorize_url = urls.authorize_url;
  auth.token_url = urls.token_url;
  auth.client_id = options.client_id;
  auth.client_secret = options.client_secret;
  auth.redirect_uri = options.redirect_uris.front();
  auth.scopes = std::string(tesla::kDefaultScopes) + " vehicle_location";
  if (!extra_scopes.empty()) auth.scopes += " " + std::string(extra_scopes);
  auto oauth = std::make_shared<tesla::auth::OAuthClient>(auth, account.http);
  auto tokens = tesla::auth::sign_in_unattended(*account.http, *oauth, urls.fleet_na);
  EXPECT_TRUE(tokens.has_value()) << (tokens ? "" : tokens.error().describe());

  tesla::FleetOptions fleet;
  fleet.urls = {urls.fleet_na, urls.fleet_eu, urls.fleet_cn};
  if (auto claims = tesla::auth::decode_jwt_claims(tokens->access_token)) {
    if (auto region = tesla::auth::region_from_claims(*claims)) fleet.region = *region;
  }
  fleet.extra_allowed_hosts = {"127.0.0.1"};
  fleet.wake.interval = std::chrono::milliseconds(50);
  fleet.wake.deadline = std::chrono::milliseconds(5000);
  fleet.retry.initial_backoff = std::chrono::milliseconds(1);
  tesla::FleetDeps deps;
  deps.stub = tesla::make_http_stub(account.http);
  deps.user_tokens = std::make_shared<tesla::auth::UserTokenSource>(
      std::make_shared<tesla::auth::InMemoryTokenStore>(), oauth, SystemClock::instance());
  EXPECT_TRUE(deps.user_tokens->adopt(fleet.account, *tokens).has_value());
  deps.partner_tokens = std::make_shared<tesla::auth::PartnerTokenSource>(
      oauth, SystemClock::instance(),
      "openid vehicle_device_data vehicle_charging_cmds vehicle_specs");
  account.client = std::make_unique<tesla::FleetClient>(
      tesla::make_fleet_connection(std::move(fleet), std::move(deps)));

  const auto& world = account.sim->world();
  account.user = user;
  EXPECT_EQ(world.users.at(user).email, options.auto_approve.value_or("").empty()
                                            ? world.users.front().email
                                            : *options.auto_approve);
  for (std::size_t v : world.users[account.user].vehicles) {
    account.vins.push_back(world.vehicles[v].vin);
  }
  account.sim->reset_ledger();
  return account;
}

std::vector<std::string> repeated_billed_requests(const sim::Ledger& ledger) {
  // The ledger keeps paths without their query: calls told apart only by a query (options and
  // warranty per VIN, history pages) are checked by count in the tests instead.
  static constexpr std::string_view kQueryKeyed[] = {
      "/api/1/dx/vehicles/options", "/api/1/dx/warranty/details", "/api/1/dx/charging/history"};
  std::map<std::string, int> seen;
  for (const auto& entry : ledger.entries) {
    if (!entry.billed) continue;
    if (std::ranges::find(kQueryKeyed, entry.path) != std::end(kQueryKeyed)) continue;
    ++seen[entry.method + " " + entry.host + entry.path];
  }
  std::vector<std::string> repeated;
  for (const auto& [request, count] : seen) {
    if (count > 1) repeated.push_back(request + " x" + std::to_string(count));
  }
  return repeated;
}

}  // namespace cpt::testing
