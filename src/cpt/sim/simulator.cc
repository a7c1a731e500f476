#include "cpt/sim/simulator.h"

#include <array>

#include "cpt/http/server.h"
#include "cpt/sim/context.h"
#include "cpt/sim/fleet.h"

namespace cpt::sim {

struct Simulator::Impl {
  std::array<std::unique_ptr<http::HttpServer>, 5> servers;  // auth, na, eu, cn, cn auth (quirk)
  std::unique_ptr<SimContext> ctx;
};

namespace {

Result<void> validate(const SimOptions& o) {
  if (o.users < 1 || o.vehicles_per_user < 1) {
    return fail(ErrorKind::invalid_argument, "users and vehicles_per_user must be at least 1");
  }
  if (o.redirect_uris.empty()) {
    return fail(ErrorKind::invalid_argument, "at least one redirect URI must be registered");
  }
  if (o.access_token_lifetime.count() <= 0) {
    return fail(ErrorKind::invalid_argument, "the access token lifetime must be positive");
  }
  return {};
}

// The auth server's memory for one realm: its issuer, and the Fleet hosts its tokens are for.
TokenRegistry::Settings realm_settings(const SimContext& ctx, AuthRealm realm) {
  const auto& u = ctx.urls;
  const bool own_cn = ctx.options.quirks.cn_auth_host;
  TokenRegistry::Settings settings;
  // A separate realm signs with a key of its own: a token of one is worthless at the other.
  settings.seed = realm == AuthRealm::cn ? ctx.options.seed ^ 0xC41A0000ULL : ctx.options.seed;
  const std::string& base = realm == AuthRealm::cn ? u.cn_auth_base : u.auth_base;
  settings.issuer = base + "/oauth2/v3/nts";
  if (realm == AuthRealm::cn) {
    settings.user_audience = {u.fleet_cn};
  } else if (own_cn) {
    settings.user_audience = {u.fleet_na, u.fleet_eu};
  } else {
    settings.user_audience = {u.fleet_na, u.fleet_eu, u.fleet_cn};
  }
  settings.user_audience.push_back(base + "/oauth2/v3/userinfo");
  settings.access_lifetime = ctx.options.access_token_lifetime;
  return settings;
}

using Servers = std::array<std::unique_ptr<http::HttpServer>, 5>;

Result<void> bind_hosts(const SimOptions& options, Servers& servers,
                        std::array<std::string, 5>& urls) {
  const std::array<int, 5> ports = {options.auth_port, options.na_port, options.eu_port,
                                    options.cn_port, options.cn_auth_port};
  const std::size_t hosts = options.quirks.cn_auth_host ? 5 : 4;
  for (std::size_t i = 0; i < hosts; ++i) {
    http::ServerOptions server_options;
    server_options.host = options.host;
    server_options.port = ports[i];
    server_options.max_threads = options.max_threads_per_host;
    servers[i] = std::make_unique<http::HttpServer>(server_options);
    auto bound = servers[i]->bind();
    if (!bound) return std::unexpected(bound.error());
    urls[i] = servers[i]->base_url();
  }
  if (hosts == 4) urls[4] = urls[0];  // one auth host serves every account
  return {};
}

}  // namespace

Simulator::Simulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Simulator::~Simulator() {
  stop();
}

Result<std::unique_ptr<Simulator>> Simulator::start(SimOptions options) {
  if (auto ok = validate(options); !ok) return std::unexpected(ok.error());
  auto impl = std::make_unique<Impl>();
  std::array<std::string, 5> urls;
  // Bind every host first: the URLs go into tokens and error bodies before any request is served.
  if (auto bound = bind_hosts(options, impl->servers, urls); !bound)
    return std::unexpected(bound.error());
  SimUrls sim_urls{urls[0],
                   urls[0] + "/oauth2/v3/authorize",
                   urls[0] + "/oauth2/v3/token",
                   urls[1],
                   urls[2],
                   urls[3],
                   urls[4],
                   urls[4] + "/oauth2/v3/authorize",
                   urls[4] + "/oauth2/v3/token"};
  impl->ctx = std::make_unique<SimContext>(std::move(options), sim_urls);
  auto& ctx = *impl->ctx;
  if (ctx.options.auto_approve && !ctx.options.auto_approve->empty() &&
      ctx.world.find_user(*ctx.options.auto_approve) == nullptr) {
    return fail(ErrorKind::invalid_argument, "auto-approve names no simulated user",
                "--auto-approve must name a simulated user's e-mail or id.");
  }
  ctx.tokens.emplace(realm_settings(ctx, AuthRealm::global), ctx.world);
  install_auth_routes(impl->servers[0]->routes(), ctx, AuthRealm::global);
  install_fleet_routes(impl->servers[1]->routes(), ctx, Region::na);
  install_fleet_routes(impl->servers[2]->routes(), ctx, Region::eu);
  install_fleet_routes(impl->servers[3]->routes(), ctx, Region::cn);
  if (impl->servers[4]) {
    ctx.cn_tokens.emplace(realm_settings(ctx, AuthRealm::cn), ctx.world);
    install_auth_routes(impl->servers[4]->routes(), ctx, AuthRealm::cn);
  }
  for (auto& server : impl->servers) {
    if (!server) continue;
    if (auto started = server->start(); !started) return std::unexpected(started.error());
  }
  return std::unique_ptr<Simulator>(new Simulator(std::move(impl)));
}

const SimUrls& Simulator::urls() const {
  return impl_->ctx->urls;
}

const std::string& Simulator::fleet_url(Region region) const {
  return impl_->ctx->fleet_url(region);
}

std::vector<std::pair<std::string, std::string>> Simulator::env() const {
  const auto& u = urls();
  const auto& o = impl_->ctx->options;
  return {
      {"TESLA_AUTH_URL", u.authorize_url},       {"TESLA_TOKEN_URL", u.token_url},
      {"TESLA_CN_AUTH_URL", u.cn_authorize_url}, {"TESLA_CN_TOKEN_URL", u.cn_token_url},
      {"TESLA_FLEET_URL_NA", u.fleet_na},        {"TESLA_FLEET_URL_EU", u.fleet_eu},
      {"TESLA_FLEET_URL_CN", u.fleet_cn},        {"TESLA_CLIENT_ID", o.client_id},
      {"TESLA_CLIENT_SECRET", o.client_secret},  {"TESLA_REDIRECT_URI", o.redirect_uris.front()},
      {"TESLA_DOMAIN", o.allowed_origin}};
}

const SimOptions& Simulator::options() const {
  return impl_->ctx->options;
}
const World& Simulator::world() const {
  return impl_->ctx->world;
}
Ledger Simulator::ledger() const {
  return impl_->ctx->ledger.snapshot();
}
void Simulator::reset_ledger() {
  impl_->ctx->ledger.reset();
}
FaultControl& Simulator::faults() {
  return impl_->ctx->faults;
}

void Simulator::set_vehicle_state(std::string_view vin, std::string_view state) {
  auto& ctx = *impl_->ctx;
  if (const Vehicle* v = ctx.world.find_vehicle(vin)) {
    ctx.set_state(ctx.vehicle_index(*v), std::string(state));
  }
}

std::string Simulator::vehicle_state(std::string_view vin) const {
  auto& ctx = *impl_->ctx;
  const Vehicle* v = ctx.world.find_vehicle(vin);
  return v ? ctx.state_of(ctx.vehicle_index(*v)) : std::string{};
}

void Simulator::set_region_registered(Region region, bool registered) {
  impl_->ctx->set_registered(region, registered);
}

bool Simulator::region_registered(Region region) const {
  return impl_->ctx->registered(region);
}

int Simulator::revoke_tokens(std::string_view user) {
  return impl_->ctx->revoke(user);
}

void Simulator::advance_clock(std::chrono::milliseconds duration) {
  impl_->ctx->clock.advance(duration);
}

std::chrono::system_clock::time_point Simulator::now() const {
  return impl_->ctx->clock.now();
}

void Simulator::stop() {
  if (!impl_) return;
  for (auto& server : impl_->servers) {
    if (server) server->stop();
  }
}

}  // namespace cpt::sim
