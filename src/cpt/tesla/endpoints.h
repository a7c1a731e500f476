// The Fleet API endpoint catalog: method, documented path, token kind, scope and billing category
// of every call CPT makes. Paths follow Tesla's documentation (VIN paths, not vehicle_tag).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpt/core/error.h"

namespace cpt::tesla {

// Every call CPT makes to Tesla. Value type.
enum class Endpoint {
  vehicles,              // GET  /api/1/vehicles
  vehicle,               // GET  /api/1/vehicles/{vin}
  vehicle_data,          // GET  /api/1/vehicles/{vin}/vehicle_data?endpoints=a%3Bb
  service_data,          // GET  /api/1/vehicles/{vin}/service_data
  recent_alerts,         // GET  /api/1/vehicles/{vin}/recent_alerts
  release_notes,         // GET  /api/1/vehicles/{vin}/release_notes
  options,               // GET  /api/1/dx/vehicles/options?vin=
  warranty,              // GET  /api/1/dx/warranty/details?vin=
  specs,                 // GET  /api/1/vehicles/{vin}/specs (partner token, billed)
  fleet_status,          // POST /api/1/vehicles/fleet_status {"vins":[...]}
  wake_up,               // POST /api/1/vehicles/{vin}/wake_up
  charging_history,      // GET  /api/1/dx/charging/history
  charging_invoice,      // GET  /api/1/dx/charging/invoice/{id} (PDF)
  charging_sessions,     // GET  /api/1/dx/charging/sessions (business fleets only)
  users_me,              // GET  /api/1/users/me
  users_region,          // GET  /api/1/users/region
  users_orders,          // GET  /api/1/users/orders
  users_feature_config,  // GET  /api/1/users/feature_config
  partner_register,      // POST /api/1/partner_accounts {"domain":...}
  partner_public_key,    // GET  /api/1/partner_accounts/public_key?domain=
  oauth_token,           // POST <token_url> (auth host; free)
};

// Which token a call carries.
enum class TokenKind { user, partner, none };

// Tesla's pricing categories; auth calls are free.
enum class Category { data, wake, command, specs, auth };

std::string_view to_string(Category category);

// One catalog row. Immutable; thread-safe.
struct EndpointInfo {
  Endpoint id;
  std::string_view name;    // stable snake_case name (ledger, live-test table)
  std::string_view method;  // "GET" / "POST"
  std::string_view path;    // documented template: {vin} and {id} are filled by build_path
  TokenKind token;
  std::string_view scope;  // the scope Tesla documents for it ("" when none)
  Category category;
  bool idempotent;  // safe to retry automatically
};

const EndpointInfo& info(Endpoint endpoint);
std::span<const EndpointInfo> all_endpoints();
std::optional<Endpoint> endpoint_by_name(std::string_view name);

// Path parameters and query of one call. Query values are percent-encoded by build_target.
struct EndpointParams {
  std::string vin;  // {vin} in the path, or the vin query of options/warranty
  std::string id;   // {id}: an invoice contentId
  std::vector<std::pair<std::string, std::string>> query;
};

// Whether text can be placed in a path as a VIN: 17 characters of [A-Z0-9]. Keeps paths safe; the
// full check-digit validation is cpt::Vin's job.
bool is_path_safe_vin(std::string_view vin);

// "/api/1/vehicles/5YJ.../vehicle_data?endpoints=charge_state%3Bclimate_state": the path with its
// parameters filled in and the query appended. invalid_argument for a missing or unsafe VIN/id.
Result<std::string> build_target(Endpoint endpoint, const EndpointParams& params);

}  // namespace cpt::tesla
