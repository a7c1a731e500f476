// The Fleet API hosts: one request pipeline (faults, token, registration, region, scopes, ledger)
// in front of a table of endpoint handlers. Internal to cpt::sim.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpt/sim/context.h"

#include "cpt/http/router.h"

namespace cpt::sim {

// One request on its way through an endpoint handler.
struct Call {
  SimContext& ctx;
  Region host;
  const http::Request& req;
  http::Response& res;
  AccessInfo token;
  const User* user = nullptr;       // user tokens only
  std::vector<std::string> params;  // the {...} path segments, in order
  std::string vin;                  // the vehicle this call is about, if any (rate limits)
};

// Installs the Fleet API (and the /sim admin routes) on a regional host's server.
void install_fleet_routes(http::Router& server, SimContext& ctx, Region region);
// Installs the OAuth endpoints (and the /sim admin routes) on one realm's auth host.
void install_auth_routes(http::Router& server, SimContext& ctx, AuthRealm realm);
// The fault pipeline every host shares. begin_faulted sleeps the latency and answers a status
// or reset fault (recording it); true means the request is finished. finish_faulted truncates or
// slows the body a handler produced, then records the entry with the final status.
bool begin_faulted(SimContext& ctx, const FaultDecision& fault, const http::Request& req,
                   http::Response& res, LedgerEntry& entry);
void finish_faulted(SimContext& ctx, const FaultDecision& fault, http::Response& res,
                    LedgerEntry& entry);
// Answers /sim/* admin requests; false when the path is not an admin route.
bool handle_admin(SimContext& ctx, const http::Request& req, http::Response& res);

// Endpoint handlers (fleet_vehicles.cc, fleet_modules.cc, fleet_charging.cc, fleet_account.cc).
namespace endpoints {
void vehicles(Call& call);
void products(Call& call);
void vehicle(Call& call);
void vehicle_data(Call& call);
void wake_up(Call& call);
void command(Call& call);
void fleet_status(Call& call);
void service_data(Call& call);
void recent_alerts(Call& call);
void release_notes(Call& call);
void warranty(Call& call);
void options(Call& call);
void specs(Call& call);
void charging_history(Call& call);
void charging_invoice(Call& call);
void charging_sessions(Call& call);
void users_me(Call& call);
void users_orders(Call& call);
void users_feature_config(Call& call);
void users_region(Call& call);
void partner_register(Call& call);
void partner_public_key(Call& call);
}  // namespace endpoints

// The vehicle a call names by {vehicle_tag} (VIN or id) within the caller's account, or nullptr
// after answering 404.
const Vehicle* owned_vehicle(Call& call, std::string_view tag);

}  // namespace cpt::sim
