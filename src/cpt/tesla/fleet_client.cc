#include "cpt/tesla/fleet_client.h"

#include <algorithm>
#include <cstdlib>
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

int attempts_of(const Error& error) {
  auto text = error.get("attempts");
  return text ? std::atoi(std::string(*text).c_str()) : 0;
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
  // Every wake_up posted is billed: the loop's totals travel with its answer or its error.
  int attempts = 0;
  std::int64_t billed = 0;
  for (;;) {
    auto response = call(FleetRequest::for_vin(Endpoint::wake_up, vin));
    attempts += response ? response->attempts : std::max(1, attempts_of(response.error()));
    billed += response ? response->billed_micros : billed_micros_of(response.error());
    if (response && vehicle_state(response->body) == "online") {
      response->attempts = attempts;
      response->billed_micros = billed;
      return response;
    }
    // A car that is still waking answers 408 or a 5xx; anything else ends the loop (also a car
    // that cannot be reached at all, e.g. with Mobile access off).
    const bool still_waking = response || response.error().kind == ErrorKind::server ||
                              (response.error().kind == ErrorKind::vehicle_unavailable &&
                               !response.error().get("reason"));
    if (!still_waking) {
      return fail(std::move(response.error())
                      .with("attempts", std::to_string(attempts))
                      .with("billed_micros", std::to_string(billed)));
    }
    if (clock.now() + wake.interval > deadline) {
      return fail(make_error(ErrorKind::vehicle_unavailable,
                             "vehicle did not come online within " +
                                 std::to_string(wake.deadline.count()) + " ms of wake_up")
                      .with("vin_suffix", redact::vin_suffix(vin))
                      .with("endpoint", "wake_up")
                      .with("attempts", std::to_string(attempts))
                      .with("billed_micros", std::to_string(billed)));
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

Result<RawResponse> FleetClient::charging_invoice_response(std::string_view content_id) {
  FleetRequest request = plain(Endpoint::charging_invoice);
  request.params.id = std::string(content_id);
  auto response = call(request);
  if (!response) return std::unexpected(response.error());
  if (!response->body.starts_with("%PDF-")) {
    // A 200 that is not a PDF was still billed.
    return fail(make_error(ErrorKind::malformed, "charging_invoice: the body is not a PDF")
                    .with("endpoint", "charging_invoice")
                    .with("http_status", std::to_string(response->http_status))
                    .with("attempts", std::to_string(response->attempts))
                    .with("billed_micros", std::to_string(response->billed_micros)));
  }
  return response;
}

Result<std::string> FleetClient::charging_invoice(std::string_view content_id) {
  auto response = charging_invoice_response(content_id);
  if (!response) return std::unexpected(response.error());
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
