// Charging endpoints: account-level history, invoice PDFs, business sessions.
#include "cpt/http/router.h"

#include <nlohmann/json.hpp>

#include "cpt/sim/charging.h"
#include "cpt/sim/fleet.h"
#include "cpt/sim/pdf.h"
#include "cpt/sim/respond.h"

namespace cpt::sim::endpoints {

using nlohmann::json;

namespace {

std::size_t user_index(const Call& call) {
  return static_cast<std::size_t>(call.user - call.ctx.world.users.data());
}

}  // namespace

void charging_history(Call& call) {
  const SimQuirks& quirks = call.ctx.options.quirks;
  auto query = parse_history_query(call.req.params, quirks);
  if (!query) {
    send_tesla_error(call.res, 400, "invalid_field", query.error().log_message);
    return;
  }
  send_json(call.res, 200,
            history_body(query_history(call.ctx.world, user_index(call), *query), quirks));
}

void charging_invoice(Call& call) {
  const ChargingSession* s = call.ctx.world.find_invoice(call.params[0]);
  if (s == nullptr || s->user != user_index(call)) {
    send_tesla_error(call.res, 404, "not_found", "");
    return;
  }
  call.res.status = 200;
  call.res.set_header("Content-Disposition", "attachment; filename=\"" + s->invoice_file + "\"");
  call.res.set_content(invoice_pdf(*s, *call.user), "application/pdf");
}

void charging_sessions(Call& call) {
  if (!call.user->business) {
    send_tesla_error(call.res, 403, "Unauthorized missing scopes",
                     "this endpoint is only available for business accounts that own a fleet");
    return;
  }
  auto number = [&](const char* name, int fallback) {
    if (!call.req.has_param(name)) return fallback;
    try {
      return std::max(0, std::stoi(call.req.get_param_value(name)));
    } catch (const std::exception&) {
      return fallback;
    }
  };
  const int limit = std::max(1, number("limit", 50));
  const int offset = number("offset", 0);
  const auto vin = call.req.get_param_value("vin");
  const auto from = call.req.get_param_value("date_from");
  const auto to = call.req.get_param_value("date_to");
  json data = json::array();
  int skipped = 0;
  for (const auto& s : call.ctx.world.sessions) {
    if (s.user != user_index(call) || (!vin.empty() && s.vin != vin)) continue;
    // Dates compare as text: both sides are ISO-8601 and a bare date sorts before its times.
    if ((!from.empty() && s.start < from) || (!to.empty() && s.start.substr(0, to.size()) > to))
      continue;
    if (skipped++ < offset) continue;
    if (static_cast<int>(data.size()) >= limit) break;
    const Vehicle* v = call.ctx.world.find_vehicle(s.vin);
    data.push_back(business_session_json(s, *v));
  }
  send_json(call.res, 200, {{"response", {{"data", std::move(data)}}}});
}

}  // namespace cpt::sim::endpoints
