// Per-vehicle module endpoints: service data, alerts, release notes, warranty, options, specs.
#include "cpt/http/router.h"

#include <nlohmann/json.hpp>

#include "cpt/sim/fleet.h"
#include "cpt/sim/respond.h"
#include "cpt/sim/vehicle_json.h"

namespace cpt::sim::endpoints {

using nlohmann::json;

namespace {

// The `vin` query parameter's vehicle within the caller's account, or nullptr after answering.
const Vehicle* vehicle_from_query(Call& call, int missing_status) {
  if (!call.req.has_param("vin") || call.req.get_param_value("vin").empty()) {
    if (missing_status == 500) {
      // Observed in production: the warranty endpoint fails with 500 when vin is missing.
      send_tesla_error(call.res, 500, "internal server error", "");
    } else {
      send_tesla_error(call.res, missing_status, "invalid_field", "vin is required");
    }
    return nullptr;
  }
  return owned_vehicle(call, call.req.get_param_value("vin"));
}

using Builder = json (*)(const Vehicle&);

void per_vehicle(Call& call, Builder build) {
  const Vehicle* v = owned_vehicle(call, call.params[0]);
  if (v == nullptr) return;
  send_json(call.res, 200, {{"response", build(*v)}});
}

}  // namespace

void service_data(Call& call) {
  per_vehicle(call, service_body);
}
void recent_alerts(Call& call) {
  per_vehicle(call, alerts_body);
}
void release_notes(Call& call) {
  per_vehicle(call, release_notes_body);
}

void warranty(Call& call) {
  const Vehicle* v = vehicle_from_query(call, 500);
  if (v == nullptr) return;
  send_json(call.res, 200, {{"response", warranty_body(*v)}});
}

void options(Call& call) {
  const Vehicle* v = vehicle_from_query(call, 400);
  if (v == nullptr) return;
  send_json(call.res, 200, {{"response", options_body(*v)}});
}

void specs(Call& call) {
  // Partner tokens may read any vehicle's specs, without owner authorization.
  const Vehicle* v = call.ctx.world.find_vehicle(call.params[0]);
  if (v == nullptr) {
    send_tesla_error(call.res, 404, "not_found", "");
    return;
  }
  send_json(call.res, 200, {{"response", specs_body(*v)}});
}

}  // namespace cpt::sim::endpoints
