#include "cpt/tesla/fleet_client.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cpt/core/redact.h"
#include "cpt/tesla/parallel.h"

namespace cpt::tesla {
namespace {

FleetRequest plain(Endpoint endpoint) {
  FleetRequest request;
  request.endpoint = endpoint;
  return request;
}

std::string vehicle_state(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return {};
  auto response = json.find("response");
  if (response == json.end() || !response->is_object()) return {};
  auto state = response->find("state");
  return state != response->end() && state->is_string() ? state->get<std::string>() : "";
}

}  // namespace

FleetClient::FleetClient(std::shared_ptr<FleetConnection> connection)
    : connection_(std::move(connection)) {}

Result<RawResponse> FleetClient::call(const FleetRequest& request) {
  return connection_->call(request);
}

std::vector<Result<RawResponse>> FleetClient::call_all(std::span<const FleetRequest> requests) {
  std::vector<Result<RawResponse>> results(requests.size(),
                                           fail(ErrorKind::internal, "call not run"));
  run_bounded(requests.size(), connection_->options().max_in_flight,
              [&](std::size_t i) { results[i] = connection_->call(requests[i]); });
  return results;
}

Result<RawResponse> FleetClient::vehicles() {
  return call(plain(Endpoint::vehicles));
}
Result<RawResponse> FleetClient::users_me() {
  return call(plain(Endpoint::users_me));
}
Result<RawResponse> FleetClient::users_region() {
  return call(plain(Endpoint::users_region));
}
Result<RawResponse> FleetClient::users_orders() {
  return call(plain(Endpoint::users_orders));
}
Result<RawResponse> FleetClient::users_feature_config() {
  return call(plain(Endpoint::users_feature_config));
}

Result<RawResponse> FleetClient::vehicle(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::vehicle, vin));
}
Result<RawResponse> FleetClient::service_data(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::service_data, vin));
}
Result<RawResponse> FleetClient::recent_alerts(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::recent_alerts, vin));
}
Result<RawResponse> FleetClient::release_notes(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::release_notes, vin));
}
Result<RawResponse> FleetClient::options(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::options, vin));
}
Result<RawResponse> FleetClient::warranty(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::warranty, vin));
}
Result<RawResponse> FleetClient::specs(std::string_view vin) {
  return call(FleetRequest::for_vin(Endpoint::specs, vin));
}

Result<RawResponse> FleetClient::fleet_status(std::span<const std::string> vins) {
  FleetRequest request = plain(Endpoint::fleet_status);
  for (const auto& vin : vins) {
    if (!is_path_safe_vin(vin)) {
      return fail(ErrorKind::invalid_argument, "fleet_status: not a VIN: " + redact::vin(vin));
    }
  }
  request.body = nlohmann::json{{"vins", vins}}.dump();
  return call(request);
}

Result<std::string> FleetClient::vehicle_data_endpoints(std::span<const std::string> blocks) {
  std::vector<std::string> wanted(blocks.begin(), blocks.end());
  if (wanted.empty()) wanted.assign(std::begin(kVehicleDataBlocks), std::end(kVehicleDataBlocks));
  auto scopes = connection_->granted_scopes();
  const bool location = scopes && std::ranges::find(*scopes, "vehicle_location") != scopes->end();
  std::string joined;
  for (const auto& block : wanted) {
    // Asking for location without the scope fails the whole call; leave it out instead.
    if (!location && (block == "location_data" || block == "location_state")) continue;
    if (!joined.empty()) joined.push_back(';');
    joined += block;
  }
  if (joined.empty()) {
    return fail(ErrorKind::missing_scope, "vehicle_data: only location blocks were asked for",
                "Location needs the vehicle_location permission.");
  }
  return joined;
}

Result<RawResponse> FleetClient::vehicle_data(std::string_view vin,
                                              std::span<const std::string> blocks) {
  auto endpoints = vehicle_data_endpoints(blocks);
  if (!endpoints) return std::unexpected(endpoints.error());
  FleetRequest request = FleetRequest::for_vin(Endpoint::vehicle_data, vin);
  request.params.query.emplace_back("endpoints", *endpoints);
  return call(request);
}

Result<RawResponse> FleetClient::wake_up(std::string_view vin) {
  return wake_up(vin, connection_->options().wake);
}

Result<RawResponse> FleetClient::wake_up(std::string_view vin, const WakeOptions& wake) {
  Clock& clock = connection_->clock();
  const auto deadline = clock.now() + wake.deadline;
  for (;;) {
    auto response = call(FleetRequest::for_vin(Endpoint::wake_up, vin));
    if (response && vehicle_state(response->body) == "online") return response;
    // A car that is still waking answers 408 or a 5xx; anything else ends the loop.
    if (!response && response.error().kind != ErrorKind::vehicle_unavailable &&
        response.error().kind != ErrorKind::server) {
      return response;
    }
    if (clock.now() + wake.interval > deadline) {
      return fail(make_error(ErrorKind::vehicle_unavailable,
                             "vehicle did not come online within " +
                                 std::to_string(wake.deadline.count()) + " ms of wake_up")
                      .with("vin_suffix", redact::vin_suffix(vin))
                      .with("endpoint", "wake_up"));
    }
    clock.sleep_for(wake.interval);
  }
}

Result<RawResponse> FleetClient::charging_history_page(const ChargingHistoryQuery& query,
                                                       int page_no, int page_size) {
  FleetRequest request = plain(Endpoint::charging_history);
  auto& q = request.params.query;
  if (!query.vin.empty()) {
    if (!is_path_safe_vin(query.vin)) {
      return fail(ErrorKind::invalid_argument, "charging_history: not a VIN");
    }
    q.emplace_back("vin", query.vin);
  }
  if (!query.start_time.empty()) q.emplace_back("startTime", query.start_time);
  if (!query.end_time.empty()) q.emplace_back("endTime", query.end_time);
  q.emplace_back("pageNo", std::to_string(page_no));
  q.emplace_back("pageSize", std::to_string(page_size));
  if (!query.sort_by.empty()) q.emplace_back("sortBy", query.sort_by);
  if (!query.sort_order.empty()) q.emplace_back("sortOrder", query.sort_order);
  return call(request);
}

Result<std::string> FleetClient::charging_invoice(std::string_view content_id) {
  FleetRequest request = plain(Endpoint::charging_invoice);
  request.params.id = std::string(content_id);
  auto response = call(request);
  if (!response) return std::unexpected(response.error());
  if (!response->body.starts_with("%PDF-")) {
    return fail(make_error(ErrorKind::malformed, "charging_invoice: the body is not a PDF")
                    .with("endpoint", "charging_invoice")
                    .with("http_status", std::to_string(response->http_status)));
  }
  return std::move(response->body);
}

Result<RawResponse> FleetClient::charging_sessions(std::string_view vin) {
  FleetRequest request = plain(Endpoint::charging_sessions);
  if (!vin.empty()) request.params.query.emplace_back("vin", std::string(vin));
  return call(request);
}

Result<RawResponse> FleetClient::partner_register(std::string_view domain) {
  FleetRequest request = plain(Endpoint::partner_register);
  request.body = nlohmann::json{{"domain", std::string(domain)}}.dump();
  return call(request);
}

Result<RawResponse> FleetClient::partner_public_key(std::string_view domain) {
  FleetRequest request = plain(Endpoint::partner_public_key);
  request.params.query.emplace_back("domain", std::string(domain));
  return call(request);
}

}  // namespace cpt::tesla
