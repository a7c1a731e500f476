#include "cpt/tesla/fleet_client_typed.h"

#include <set>

#include "cpt/tesla/wire/account.h"
#include "cpt/tesla/wire/charging.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/specs.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"

namespace cpt::tesla {
namespace {

// fetch raw -> parse; a parse failure keeps the endpoint and status for the caller's outcome.
template <class T>
Result<Parsed<T>> parsed(Result<RawResponse> raw, Result<Parsed<T>> (*parse)(std::string_view)) {
  if (!raw) return std::unexpected(raw.error());
  auto out = parse(raw->body);
  if (!out) {
    return fail(std::move(out.error())
                    .with("endpoint", std::string(info(raw->endpoint).name))
                    .with("http_status", std::to_string(raw->http_status)));
  }
  return out;
}

}  // namespace

Result<Parsed<VehicleList>> TypedFleetClient::vehicles() {
  return parsed(client_.vehicles(), &wire::parse_vehicles);
}
Result<Parsed<Vehicle>> TypedFleetClient::vehicle(std::string_view vin) {
  return parsed(client_.vehicle(vin), &wire::parse_vehicle);
}
Result<Parsed<VehicleData>> TypedFleetClient::vehicle_data(std::string_view vin,
                                                           std::span<const std::string> blocks) {
  return parsed(client_.vehicle_data(vin, blocks), &wire::parse_vehicle_data);
}
Result<Parsed<ServiceData>> TypedFleetClient::service_data(std::string_view vin) {
  return parsed(client_.service_data(vin), &wire::parse_service_data);
}
Result<Parsed<RecentAlerts>> TypedFleetClient::recent_alerts(std::string_view vin) {
  return parsed(client_.recent_alerts(vin), &wire::parse_recent_alerts);
}
Result<Parsed<ReleaseNotes>> TypedFleetClient::release_notes(std::string_view vin) {
  return parsed(client_.release_notes(vin), &wire::parse_release_notes);
}
Result<Parsed<VehicleOptions>> TypedFleetClient::options(std::string_view vin) {
  return parsed(client_.options(vin), &wire::parse_vehicle_options);
}
Result<Parsed<WarrantyDetails>> TypedFleetClient::warranty(std::string_view vin) {
  return parsed(client_.warranty(vin), &wire::parse_warranty_details);
}
Result<Parsed<VehicleSpecs>> TypedFleetClient::specs(std::string_view vin) {
  return parsed(client_.specs(vin), &wire::parse_specs);
}
Result<Parsed<FleetStatus>> TypedFleetClient::fleet_status(std::span<const std::string> vins) {
  return parsed(client_.fleet_status(vins), &wire::parse_fleet_status);
}
Result<Parsed<UserMe>> TypedFleetClient::users_me() {
  return parsed(client_.users_me(), &wire::parse_user_me);
}
Result<Parsed<UserRegion>> TypedFleetClient::users_region() {
  return parsed(client_.users_region(), &wire::parse_user_region);
}
Result<Parsed<Orders>> TypedFleetClient::users_orders() {
  return parsed(client_.users_orders(), &wire::parse_orders);
}
Result<Parsed<FeatureConfig>> TypedFleetClient::users_feature_config() {
  return parsed(client_.users_feature_config(), &wire::parse_feature_config);
}
Result<Parsed<BusinessChargingSessions>> TypedFleetClient::charging_sessions(std::string_view vin) {
  return parsed(client_.charging_sessions(vin), &wire::parse_business_charging_sessions);
}
Result<Parsed<PartnerAccount>> TypedFleetClient::partner_register(std::string_view domain) {
  return parsed(client_.partner_register(domain), &wire::parse_partner_account);
}
Result<Parsed<PartnerPublicKey>> TypedFleetClient::partner_public_key(std::string_view domain) {
  return parsed(client_.partner_public_key(domain), &wire::parse_partner_public_key);
}

Result<Parsed<ChargingHistory>> TypedFleetClient::charging_history(
    const ChargingHistoryQuery& query) {
  auto pages = client_.charging_history(query);
  if (!pages) return std::unexpected(pages.error());
  Parsed<ChargingHistory> out;
  std::set<std::int64_t> seen;
  out.raw = "[";
  for (const auto& page : pages->pages) {
    auto parsed_page = wire::parse_charging_history(page.body);
    if (!parsed_page) {
      return fail(std::move(parsed_page.error()).with("endpoint", "charging_history"));
    }
    if (out.raw.size() > 1) out.raw.push_back(',');
    out.raw += parsed_page->raw;
    out.warnings.insert(out.warnings.end(), parsed_page->warnings.begin(),
                        parsed_page->warnings.end());
    for (auto& session : parsed_page->value.sessions) {
      if (session.session_id && !seen.insert(*session.session_id).second) continue;
      out.value.sessions.push_back(std::move(session));
    }
  }
  out.raw.push_back(']');
  return out;
}

}  // namespace cpt::tesla
