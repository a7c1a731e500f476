#include "cpt/http/router.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cpt/http/server.h"
#include "cpt/sim/fleet.h"
#include "cpt/sim/respond.h"

namespace cpt::sim {
namespace {

enum class Need { user, partner };

// One Fleet API endpoint: what it costs, which token and scope it needs, whether it is bound to
// the app's registration and to the user's region.
struct Endpoint {
  std::string_view method;
  std::string_view pattern;  // "{}" matches one path segment
  Category category;
  Need token;
  std::string_view scopes;  // any one of these ('|'-separated); empty = none
  bool needs_registration;
  bool region_bound;
  void (*handler)(Call&);
};

constexpr std::string_view kDeviceData = "vehicle_device_data";
constexpr std::string_view kCharging = "vehicle_charging_cmds";
constexpr std::string_view kAnyScope =
    "vehicle_device_data|vehicle_location|vehicle_charging_cmds|vehicle_cmds|energy_cmds|"
    "energy_device_data|user_data";

using C = Category;
namespace e = endpoints;
constexpr Endpoint kEndpoints[] = {
    {"GET", "/api/1/vehicles", C::data, Need::user, kDeviceData, true, true, e::vehicles},
    {"GET", "/api/1/products", C::data, Need::user, "vehicle_device_data|energy_device_data", true,
     true, e::products},
    {"POST", "/api/1/vehicles/fleet_status", C::data, Need::user, kDeviceData, true, true,
     e::fleet_status},
    {"GET", "/api/1/vehicles/{}", C::data, Need::user, kDeviceData, true, true, e::vehicle},
    {"GET", "/api/1/vehicles/{}/vehicle_data", C::data, Need::user, kDeviceData, true, true,
     e::vehicle_data},
    {"POST", "/api/1/vehicles/{}/wake_up", C::wake, Need::user, kDeviceData, true, true,
     e::wake_up},
    {"POST", "/api/1/vehicles/{}/command/{}", C::command, Need::user, "vehicle_cmds", true, true,
     e::command},
    {"GET", "/api/1/vehicles/{}/service_data", C::data, Need::user, kDeviceData, true, true,
     e::service_data},
    {"GET", "/api/1/vehicles/{}/recent_alerts", C::data, Need::user, kDeviceData, true, true,
     e::recent_alerts},
    {"GET", "/api/1/vehicles/{}/release_notes", C::data, Need::user, kDeviceData, true, true,
     e::release_notes},
    {"GET", "/api/1/vehicles/{}/specs", C::specs, Need::partner, "vehicle_specs", true, false,
     e::specs},
    {"GET", "/api/1/dx/warranty/details", C::data, Need::user, kDeviceData, true, true,
     e::warranty},
    {"GET", "/api/1/dx/vehicles/options", C::data, Need::user, kDeviceData, true, true, e::options},
    {"GET", "/api/1/dx/charging/history", C::data, Need::user, kCharging, true, true,
     e::charging_history},
    {"GET", "/api/1/dx/charging/invoice/{}", C::data, Need::user, kCharging, true, true,
     e::charging_invoice},
    {"GET", "/api/1/dx/charging/sessions", C::data, Need::user, kCharging, true, true,
     e::charging_sessions},
    {"GET", "/api/1/users/me", C::data, Need::user, "user_data", true, true, e::users_me},
    {"GET", "/api/1/users/orders", C::data, Need::user, kDeviceData, true, true, e::users_orders},
    {"GET", "/api/1/users/feature_config", C::data, Need::user, "user_data", true, true,
     e::users_feature_config},
    {"GET", "/api/1/users/region", C::data, Need::user, kAnyScope, true, false, e::users_region},
    {"POST", "/api/1/partner_accounts", C::auth, Need::partner, "", false, false,
     e::partner_register},
    {"GET", "/api/1/partner_accounts/public_key", C::auth, Need::partner, "", false, false,
     e::partner_public_key},
};

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::string>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/')
      return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto p_end = std::min(pattern.find('/'), pattern.size());
    auto s_end = std::min(path.find('/'), path.size());
    auto p_seg = pattern.substr(0, p_end);
    auto s_seg = path.substr(0, s_end);
    if (p_seg == "{}") {
      if (s_seg.empty()) return false;
      params.emplace_back(s_seg);
    } else if (p_seg != s_seg) {
      return false;
    }
    pattern.remove_prefix(p_end);
    path.remove_prefix(s_end);
  }
  return true;
}

// The endpoint for a request; `path_known` tells a 405 from a 404 when nothing matches.
const Endpoint* find_endpoint(const http::Request& req, std::vector<std::string>& params,
                              bool& path_known) {
  path_known = false;
  for (const auto& ep : kEndpoints) {
    if (!match_pattern(ep.pattern, req.path, params)) continue;
    path_known = true;
    if (ep.method == req.method) return &ep;
  }
  return nullptr;
}

bool any_scope(const AccessInfo& token, std::string_view scopes) {
  while (!scopes.empty()) {
    auto end = std::min(scopes.find('|'), scopes.size());
    if (token.has_scope(scopes.substr(0, end))) return true;
    scopes.remove_prefix(std::min(end + 1, scopes.size()));
  }
  return false;
}

std::string first_scope(std::string_view scopes) {
  return std::string(scopes.substr(0, scopes.find('|')));
}

// Calls that need the car itself online (not Tesla's records of it): mobile access gates these.
bool reaches_the_car(const Endpoint& ep) {
  return ep.handler == endpoints::vehicle_data || ep.handler == endpoints::wake_up ||
         ep.handler == endpoints::command;
}

// The mobile-access-disabled quirk: each user's last car has Mobile access switched off.
bool mobile_access_disabled(const SimContext& ctx, std::string_view vin) {
  if (!ctx.options.quirks.mobile_access_disabled || vin.empty()) return false;
  const Vehicle* v = ctx.world.find_vehicle(vin);
  if (v == nullptr) return false;
  const auto& owned = ctx.world.users[v->owner].vehicles;
  return !owned.empty() && owned.back() == ctx.vehicle_index(*v);
}

// Token, registration, token kind, region and scope checks, in that order. Answers and returns
// false at the first failure.
bool admit(Call& call, const Endpoint& ep) {
  auto& ctx = call.ctx;
  auto& res = call.res;
  const std::string token = bearer_token(call.req);
  if (token.empty()) {
    send_tesla_error(res, 401, "unauthorized", "missing bearer token");
    return false;
  }
  // With CN on its own auth host, each Fleet host knows only its own realm's tokens.
  switch (ctx.tokens_of(ctx.realm_of(call.host)).check(token, ctx.clock.now(), call.token)) {
    case TokenCheck::ok:
      break;
    case TokenCheck::expired:
      res.status = 401;
      return false;  // Tesla sends no body
    case TokenCheck::revoked:
      send_tesla_error(res, 401, "token revoked", "");
      return false;
    case TokenCheck::unknown:
      send_tesla_error(res, 401, "invalid bearer token", "");
      return false;
  }
  const auto& host_url = ctx.fleet_url(call.host);
  if (call.token.partner && std::find(call.token.audience.begin(), call.token.audience.end(),
                                      host_url) == call.token.audience.end()) {
    send_tesla_error(res, 401, "invalid audience", "token audience does not include " + host_url);
    return false;
  }
  if (ep.needs_registration && !ctx.registered(call.host)) {
    send_json(res, 412,
              {{"error", "Account " + ctx.options.client_id +
                             " must be registered in the current region " + host_url +
                             "/, please see https://developer.tesla.com/docs/fleet-api/"
                             "endpoints/partner-endpoints#register"}});
    return false;
  }
  if (ep.token == Need::partner && !call.token.partner) {
    send_tesla_error(res, 403, "Unauthorized missing scopes",
                     "this endpoint requires a partner token");
    return false;
  }
  if (ep.token == Need::user && call.token.partner) {
    send_tesla_error(res, 403, "Unauthorized missing scopes",
                     "this endpoint requires a third-party token");
    return false;
  }
  if (!call.token.partner) {
    call.user = &ctx.world.users[call.token.user];
    if (ep.region_bound && call.user->region != call.host) {
      send_tesla_error(res, 421,
                       "user out of region, use base URL: " + ctx.fleet_url(call.user->region) +
                           ", see https://developer.tesla.com/docs/fleet-api#regional-requirements",
                       "");
      return false;
    }
  }
  // The wake-vehicle-cmds quirk follows Tesla's scope table rather than the endpoint entry.
  const std::string_view scopes =
      ep.handler == endpoints::wake_up && ctx.options.quirks.wake_needs_vehicle_cmds
          ? std::string_view("vehicle_cmds")
          : ep.scopes;
  if (!scopes.empty() && !any_scope(call.token, scopes)) {
    send_tesla_error(res, 403, "Unauthorized missing scopes", "requires " + first_scope(scopes));
    return false;
  }
  if (reaches_the_car(ep) && mobile_access_disabled(ctx, call.vin)) {
    send_tesla_error(res, 401, "mobile_access_disabled",
                     "the vehicle owner has disabled Mobile access");
    return false;
  }
  return true;
}

// The VIN a request is about (for the per-vehicle rate limit): the {vehicle_tag} of
// /api/1/vehicles/{tag}/... or the vin query parameter.
std::string vin_of(const SimContext& ctx, const http::Request& req,
                   const std::vector<std::string>& params) {
  if (req.path.starts_with("/api/1/vehicles/") && !params.empty()) {
    const Vehicle* v = ctx.world.find_vehicle(params.front());
    return v ? v->vin : params.front();
  }
  return req.has_param("vin") ? req.get_param_value("vin") : std::string{};
}

// Re-serves a finished body in ten pieces spread over `total`.
void make_slow(http::Response& res, std::chrono::milliseconds total) {
  auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  const std::size_t piece = std::max<std::size_t>(1, (body->size() + 9) / 10);
  const auto pause = total / 10;
  res.set_content_provider(
      body->size(), type,
      [body, piece, pause](std::size_t offset, std::size_t length, http::DataSink& sink) {
        std::this_thread::sleep_for(pause);
        return sink.write(body->data() + offset, std::min(piece, length));
      });
}

void handle_fleet(SimContext& ctx, Region host, const http::Request& req, http::Response& res) {
  if (handle_admin(ctx, req, res)) return;
  std::vector<std::string> params;
  bool path_known = false;
  const Endpoint* ep = find_endpoint(req, params, path_known);
  const std::string vin = vin_of(ctx, req, params);
  const FaultDecision fault = ctx.faults.decide(req.method, req.path, vin, true);
  LedgerEntry entry{std::string(to_string(host)),       req.method, req.path, 0,
                    ep ? ep->category : Category::data, false,      0};
  entry.vin = vin;
  for (const auto& [key, value] : req.params) {
    entry.query += (entry.query.empty() ? "" : "&") + key + "=" + value;
  }
  if (begin_faulted(ctx, fault, req, res, entry)) return;
  if (ep) {
    Call call{ctx, host, req, res, {}, nullptr, std::move(params), vin};
    if (admit(call, *ep)) ep->handler(call);
  } else if (path_known) {
    send_tesla_error(res, 405, "invalid_method", req.method + " is not allowed on " + req.path);
  } else {
    send_tesla_error(res, 404, "not_found", "");
  }
  finish_faulted(ctx, fault, res, entry);
}

// The fault as the ledger names it: "429", "503", "reset", "malformed", "slow" or "".
std::string fault_name(const FaultDecision& fault) {
  if (fault.kind == FaultKind::status) return std::to_string(fault.status);
  if (fault.kind == FaultKind::none) return "";
  return std::string(to_string(fault.kind));
}

// Whose token a request carried, valid or not: a 401 for a revoked token and a refused refresh
// count against their account in the chaos run's audits, not against nobody.
std::string owner_of_token(SimContext& ctx, std::string_view token) {
  if (token.empty()) return "";
  for (const auto* tokens : {&ctx.tokens, &ctx.cn_tokens}) {
    if (!*tokens) continue;
    if (auto user = (*tokens)->owner_of(token)) return ctx.world.users[*user].id;
  }
  return "";
}

// Who a request was for, and which grant a token request asked: the chaos run's per-account
// figures (refreshes, billed calls) come from these.
void note_request(SimContext& ctx, const FaultDecision& fault, const http::Request& req,
                  LedgerEntry& entry) {
  entry.fault = fault_name(fault);
  if (req.path.ends_with("/oauth2/v3/token")) {
    auto fields = request_fields(req);
    entry.grant = fields["grant_type"];
    if (entry.grant == "refresh_token") entry.user = owner_of_token(ctx, fields["refresh_token"]);
  } else {
    entry.user = owner_of_token(ctx, bearer_token(req));
  }
}

}  // namespace

bool begin_faulted(SimContext& ctx, const FaultDecision& fault, const http::Request& req,
                   http::Response& res, LedgerEntry& entry) {
  note_request(ctx, fault, req, entry);
  if (fault.latency.count() > 0) std::this_thread::sleep_for(fault.latency);
  if (fault.kind == FaultKind::reset) {
    http::drop_connection(req);
  } else if (fault.kind == FaultKind::status) {
    send_fault_status(res, fault.status, fault.retry_after_s, fault.limit);
    entry.status = res.status;
  } else {
    return false;
  }
  ctx.ledger.record(std::move(entry));
  return true;
}

void finish_faulted(SimContext& ctx, const FaultDecision& fault, http::Response& res,
                    LedgerEntry& entry) {
  if (fault.kind == FaultKind::malformed && !res.body.empty()) {
    res.body.resize(res.body.size() / 2);
  } else if (fault.kind == FaultKind::slow) {
    make_slow(res, std::chrono::milliseconds(ctx.faults.options().slow_body_ms));
  }
  entry.status = res.status;
  ctx.ledger.record(std::move(entry));
}

const Vehicle* owned_vehicle(Call& call, std::string_view tag) {
  const Vehicle* v = call.ctx.world.find_vehicle(tag);
  if (v == nullptr || call.user == nullptr || &call.ctx.world.users[v->owner] != call.user) {
    send_tesla_error(call.res, 404, "not_found", "");
    return nullptr;
  }
  return v;
}

void install_fleet_routes(http::Router& server, SimContext& ctx, Region region) {
  auto handler = [&ctx, region](const http::Request& req, http::Response& res) {
    handle_fleet(ctx, region, req, res);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
}

}  // namespace cpt::sim
