// Vehicle endpoints: list, root object, vehicle_data, wake_up, commands, fleet_status.
#include "cpt/http/router.h"

#include <nlohmann/json.hpp>

#include "cpt/sim/fleet.h"
#include "cpt/sim/respond.h"
#include "cpt/sim/vehicle_json.h"

namespace cpt::sim::endpoints {

using nlohmann::json;

namespace {

std::int64_t now_ms(const SimContext& ctx) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(ctx.clock.now().time_since_epoch())
      .count();
}

json vehicle_list(Call& call) {
  json list = json::array();
  for (auto index : call.user->vehicles) {
    list.push_back(vehicle_summary(call.ctx.world.vehicles[index], call.ctx.state_of(index)));
  }
  return list;
}

// A positive integer query parameter, `fallback` when absent, nullopt when not a number >= 1.
std::optional<int> positive_param(const http::Request& req, const char* name, int fallback) {
  if (!req.has_param(name)) return fallback;
  const auto text = req.get_param_value(name);
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > 1'000'000) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (text.empty() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

void vehicles(Call& call) {
  auto page = positive_param(call.req, "page", 1);
  auto per_page = positive_param(call.req, "per_page", 100);
  if (!page || !per_page) {
    send_tesla_error(call.res, 400, "invalid_field", "page and per_page must be integers >= 1");
    return;
  }
  json all = vehicle_list(call);
  const int count = static_cast<int>(all.size());
  const int pages = std::max(1, (count + *per_page - 1) / *per_page);
  json items = json::array();
  for (int i = (*page - 1) * *per_page; i < std::min(count, *page * *per_page); ++i) {
    items.push_back(std::move(all[static_cast<std::size_t>(i)]));
  }
  json pagination = {{"previous", *page > 1 ? json(*page - 1) : json(nullptr)},
                     {"next", *page < pages ? json(*page + 1) : json(nullptr)},
                     {"current", *page},
                     {"per_page", *per_page},
                     {"count", count},
                     {"pages", pages}};
  send_json(
      call.res, 200,
      {{"response", std::move(items)}, {"pagination", std::move(pagination)}, {"count", count}});
}

void products(Call& call) {
  json list = vehicle_list(call);
  const auto count = list.size();
  send_json(call.res, 200, {{"response", std::move(list)}, {"count", count}});
}

void vehicle(Call& call) {
  const Vehicle* v = owned_vehicle(call, call.params[0]);
  if (v == nullptr) return;
  const auto state = call.ctx.state_of(call.ctx.vehicle_index(*v));
  send_json(call.res, 200, {{"response", vehicle_summary(*v, state)}});
}

void vehicle_data(Call& call) {
  const Vehicle* v = owned_vehicle(call, call.params[0]);
  if (v == nullptr) return;
  VehicleDataRequest request;
  if (call.req.has_param("endpoints")) {
    // the server has already decoded %3B; accept ',' too, as some clients send it.
    const auto list = call.req.get_param_value("endpoints");
    std::size_t start = 0;
    while (start <= list.size()) {
      auto end = list.find_first_of(";,", start);
      if (end == std::string::npos) end = list.size();
      auto name = list.substr(start, end - start);
      if (!name.empty()) {
        if (!is_vehicle_data_block(name)) {
          send_tesla_error(call.res, 400, "invalid_command", "unknown endpoints value: " + name);
          return;
        }
        request.blocks.insert(name);
      }
      start = end + 1;
    }
  }
  const auto state = call.ctx.state_of(call.ctx.vehicle_index(*v));
  if (state != "online") {
    send_vehicle_unavailable(call.res);
    return;
  }
  request.location = call.token.has_scope("vehicle_location");
  request.now_ms = now_ms(call.ctx);
  const auto& owner = call.ctx.world.users[v->owner];
  send_json(call.res, 200, {{"response", vehicle_data(*v, owner, state, request)}});
}

void wake_up(Call& call) {
  const Vehicle* v = owned_vehicle(call, call.params[0]);
  if (v == nullptr) return;
  const auto state = call.ctx.wake(call.ctx.vehicle_index(*v));
  send_json(call.res, 200, {{"response", vehicle_summary(*v, state)}});
}

void command(Call& call) {
  const Vehicle* v = owned_vehicle(call, call.params[0]);
  if (v == nullptr) return;
  static constexpr std::string_view kKnown[] = {"honk_horn",   "flash_lights", "door_lock",
                                                "door_unlock", "charge_start", "charge_stop"};
  const auto& name = call.params[1];
  if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown)) {
    send_tesla_error(call.res, 400, "invalid_command", "unknown command: " + name);
    return;
  }
  if (call.ctx.state_of(call.ctx.vehicle_index(*v)) != "online") {
    send_vehicle_unavailable(call.res);
    return;
  }
  if (v->command_protocol_required) {
    send_tesla_error(call.res, 403,
                     "Tesla Vehicle Command Protocol required, please refer to the documentation "
                     "here: "
                     "https://developer.tesla.com/docs/"
                     "fleet-api#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning",
                     "");
    return;
  }
  send_json(call.res, 200, {{"response", {{"result", true}, {"reason", ""}}}});
}

void fleet_status(Call& call) {
  json body = json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("vins") || !body["vins"].is_array()) {
    send_tesla_error(call.res, 400, "invalid_request", "body must be {\"vins\": [...]}");
    return;
  }
  json paired = json::array();
  json unpaired = json::array();
  json info = json::object();
  const bool single = body["vins"].size() == 1;
  for (const auto& item : body["vins"]) {
    if (!item.is_string()) continue;
    const Vehicle* v = call.ctx.world.find_vehicle(item.get<std::string>());
    if (v == nullptr || &call.ctx.world.users[v->owner] != call.user) continue;
    (v->key_paired ? paired : unpaired).push_back(v->vin);
    json row = {{"firmware_version", firmware(*v)},
                {"vehicle_command_protocol_required", v->command_protocol_required},
                {"fleet_telemetry_version", "1.0.0"},
                {"total_number_of_keys", v->key_paired ? 5 : 4},
                {"safety_screen_streaming_toggle_enabled", nullptr}};
    if (single) row["discounted_device_data"] = !v->command_protocol_required;
    info[v->vin] = std::move(row);
  }
  send_json(call.res, 200,
            {{"response",
              {{"key_paired_vins", std::move(paired)},
               {"unpaired_vins", std::move(unpaired)},
               {"vehicle_info", std::move(info)}}}});
}

}  // namespace cpt::sim::endpoints
