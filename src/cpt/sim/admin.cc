// The /sim/* admin API (served on every host, no token): ledger, faults, tokens, regions,
// vehicle states, clock and a world summary.
#include "cpt/http/router.h"

#include <nlohmann/json.hpp>

#include "cpt/sim/fleet.h"
#include "cpt/sim/respond.h"

namespace cpt::sim {

using nlohmann::json;

namespace {

json body_of(const http::Request& req) {
  if (req.body.empty()) return json::object();
  return json::parse(req.body, nullptr, false);
}

void bad_request(http::Response& res, const std::string& message) {
  send_json(res, 400, {{"error", "invalid_request"}, {"error_description", message}});
}

json world_summary(SimContext& ctx) {
  json users = json::array();
  for (const auto& u : ctx.world.users) {
    json vehicles = json::array();
    for (auto index : u.vehicles) {
      const auto& v = ctx.world.vehicles[index];
      vehicles.push_back({{"vin", v.vin},
                          {"id", v.id},
                          {"display_name", v.display_name},
                          {"car_type", v.car_type},
                          {"model_year", v.model_year},
                          {"market", v.market},
                          {"state", ctx.state_of(index)}});
    }
    std::size_t sessions = 0;
    for (const auto& s : ctx.world.sessions)
      sessions += s.user == static_cast<std::size_t>(&u - ctx.world.users.data());
    users.push_back({{"id", u.id},
                     {"email", u.email},
                     {"full_name", u.full_name},
                     {"region", to_string(u.region)},
                     {"country", u.country},
                     {"business", u.business},
                     {"charging_sessions", sessions},
                     {"vehicles", std::move(vehicles)}});
  }
  json regions = json::object();
  for (auto r : {Region::na, Region::eu, Region::cn}) {
    regions[std::string(to_string(r))] = {{"base_url", ctx.fleet_url(r)},
                                          {"registered", ctx.registered(r)}};
  }
  return {{"seed", ctx.options.seed},
          {"users", std::move(users)},
          {"regions", std::move(regions)},
          {"auth_base", ctx.urls.auth_base},
          {"cn_auth_base", ctx.urls.cn_auth_base}};
}

bool vehicle_route(SimContext& ctx, const http::Request& req, http::Response& res) {
  static constexpr std::string_view kPrefix = "/sim/vehicles/";
  const std::string_view path = req.path;
  if (!path.starts_with(kPrefix) || !path.ends_with("/state")) return false;
  const auto tag = path.substr(kPrefix.size(), path.size() - kPrefix.size() - 6);
  const Vehicle* v = ctx.world.find_vehicle(tag);
  if (v == nullptr) {
    send_json(res, 404, {{"error", "not_found"}, {"error_description", "no such vehicle"}});
    return true;
  }
  const auto index = ctx.vehicle_index(*v);
  if (req.method == "POST" || req.method == "PUT") {
    json body = body_of(req);
    const std::string state = body.is_object() ? body.value("state", std::string{}) : std::string{};
    if (state != "online" && state != "asleep" && state != "offline") {
      bad_request(res, "state must be online, asleep or offline");
      return true;
    }
    ctx.set_state(index, state);
  }
  send_json(res, 200, {{"vin", v->vin}, {"state", ctx.state_of(index)}});
  return true;
}

bool region_route(SimContext& ctx, const http::Request& req, http::Response& res) {
  static constexpr std::string_view kPrefix = "/sim/regions/";
  const std::string_view path = req.path;
  if (!path.starts_with(kPrefix) || req.method != "POST") return false;
  const auto rest = path.substr(kPrefix.size());
  const auto slash = rest.find('/');
  auto region = parse_region(rest.substr(0, slash));
  const auto action = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  if (!region || (action != "register" && action != "unregister")) return false;
  ctx.set_registered(*region, action == "register");
  send_json(res, 200, {{"region", to_string(*region)}, {"registered", ctx.registered(*region)}});
  return true;
}

void revoke(SimContext& ctx, const http::Request& req, http::Response& res) {
  json body = body_of(req);
  if (!body.is_object()) return bad_request(res, "body must be a JSON object");
  if (body.contains("token")) {
    const std::string token = body.value("token", std::string{});
    const bool found =
        ctx.tokens->revoke_token(token) || (ctx.cn_tokens && ctx.cn_tokens->revoke_token(token));
    send_json(res, found ? 200 : 404, {{"revoked", found ? 1 : 0}});
    return;
  }
  send_json(res, 200, {{"revoked", ctx.revoke(body.value("user", std::string{}))}});
}

void faults_route(SimContext& ctx, const http::Request& req, http::Response& res) {
  if (req.path == "/sim/faults/reset" && req.method == "POST") {
    ctx.faults.reset();
  } else if (req.path == "/sim/faults/rules" && req.method == "DELETE") {
    ctx.faults.clear_rules();
  } else if (req.method == "POST" || req.method == "PUT") {
    std::string body = req.body;
    if (req.path == "/sim/faults/rules") {
      json rules = body_of(req);
      if (rules.is_discarded()) return bad_request(res, "body must be JSON");
      body = dump_json({{"rules", rules.is_array() ? rules : json::array({rules})}});
    } else if (req.path != "/sim/faults") {
      return send_json(res, 404, {{"error", "not_found"}});
    }
    if (auto applied = ctx.faults.apply_json(body); !applied) {
      return bad_request(res, applied.error().log_message);
    }
  }
  res.status = 200;
  res.set_content(ctx.faults.to_json(), "application/json");
}

void route_admin(SimContext& ctx, const http::Request& req, http::Response& res) {
  const auto& path = req.path;
  const bool post = req.method == "POST";
  if (path == "/sim/ledger" && req.method == "GET") {
    res.status = 200;
    res.set_content(ctx.ledger.snapshot().to_json(req.get_param_value("entries") != "0"),
                    "application/json");
  } else if (path == "/sim/ledger/reset" && post) {
    ctx.ledger.reset();
    send_json(res, 200, {{"reset", true}});
  } else if (path.starts_with("/sim/faults")) {
    faults_route(ctx, req, res);
  } else if (path == "/sim/tokens/revoke" && post) {
    revoke(ctx, req, res);
  } else if (path == "/sim/clock/advance" && post) {
    json body = body_of(req);
    if (!body.is_object()) return bad_request(res, "body must be {\"seconds\": N}");
    ctx.clock.advance(std::chrono::milliseconds(body.value("ms", std::int64_t{0}) +
                                                body.value("seconds", std::int64_t{0}) * 1000));
    send_json(res, 200,
              {{"now",
                std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.now().time_since_epoch())
                    .count()}});
  } else if (path == "/sim/world" && req.method == "GET") {
    send_json(res, 200, world_summary(ctx));
  } else if (path == "/sim/health") {
    send_json(res, 200, {{"ok", true}});
  } else if (!vehicle_route(ctx, req, res) && !region_route(ctx, req, res)) {
    send_json(res, 404, {{"error", "not_found"}, {"error_description", "unknown admin route"}});
  }
}

}  // namespace

bool handle_admin(SimContext& ctx, const http::Request& req, http::Response& res) {
  if (!req.path.starts_with("/sim/")) return false;
  try {
    route_admin(ctx, req, res);
  } catch (const std::exception& e) {
    bad_request(res, e.what());  // a JSON value of the wrong type
  }
  return true;
}

}  // namespace cpt::sim
