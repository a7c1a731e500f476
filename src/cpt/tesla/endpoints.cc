#include "cpt/tesla/endpoints.h"

#include <array>
#include <cctype>

#include "cpt/core/redact.h"
#include "cpt/http/client.h"

namespace cpt::tesla {
namespace {

constexpr std::string_view kDeviceData = "vehicle_device_data";
constexpr std::string_view kCharging = "vehicle_charging_cmds";
constexpr std::string_view kUserData = "user_data";

// Partner endpoints carry no documented pricing category; like authentication they are free.
constexpr std::array kCatalog{
    EndpointInfo{Endpoint::vehicles, "vehicles", "GET", "/api/1/vehicles", TokenKind::user,
                 kDeviceData, Category::data, true},
    EndpointInfo{Endpoint::vehicle, "vehicle", "GET", "/api/1/vehicles/{vin}", TokenKind::user,
                 kDeviceData, Category::data, true},
    EndpointInfo{Endpoint::vehicle_data, "vehicle_data", "GET",
                 "/api/1/vehicles/{vin}/vehicle_data", TokenKind::user, kDeviceData, Category::data,
                 true},
    EndpointInfo{Endpoint::service_data, "service_data", "GET",
                 "/api/1/vehicles/{vin}/service_data", TokenKind::user, kDeviceData, Category::data,
                 true},
    EndpointInfo{Endpoint::recent_alerts, "recent_alerts", "GET",
                 "/api/1/vehicles/{vin}/recent_alerts", TokenKind::user, kDeviceData,
                 Category::data, true},
    EndpointInfo{Endpoint::release_notes, "release_notes", "GET",
                 "/api/1/vehicles/{vin}/release_notes", TokenKind::user, kDeviceData,
                 Category::data, true},
    EndpointInfo{Endpoint::options, "options", "GET", "/api/1/dx/vehicles/options", TokenKind::user,
                 kDeviceData, Category::data, true},
    EndpointInfo{Endpoint::warranty, "warranty", "GET", "/api/1/dx/warranty/details",
                 TokenKind::user, kDeviceData, Category::data, true},
    EndpointInfo{Endpoint::specs, "specs", "GET", "/api/1/vehicles/{vin}/specs", TokenKind::partner,
                 "vehicle_specs", Category::specs, true},
    // A POST, but a pure read: safe to retry.
    EndpointInfo{Endpoint::fleet_status, "fleet_status", "POST", "/api/1/vehicles/fleet_status",
                 TokenKind::user, kDeviceData, Category::data, true},
    EndpointInfo{Endpoint::wake_up, "wake_up", "POST", "/api/1/vehicles/{vin}/wake_up",
                 TokenKind::user, kDeviceData, Category::wake, false},
    EndpointInfo{Endpoint::charging_history, "charging_history", "GET",
                 "/api/1/dx/charging/history", TokenKind::user, kCharging, Category::data, true},
    EndpointInfo{Endpoint::charging_invoice, "charging_invoice", "GET",
                 "/api/1/dx/charging/invoice/{id}", TokenKind::user, kCharging, Category::data,
                 true},
    EndpointInfo{Endpoint::charging_sessions, "charging_sessions", "GET",
                 "/api/1/dx/charging/sessions", TokenKind::user, kCharging, Category::data, true},
    EndpointInfo{Endpoint::users_me, "users_me", "GET", "/api/1/users/me", TokenKind::user,
                 kUserData, Category::data, true},
    EndpointInfo{Endpoint::users_region, "users_region", "GET", "/api/1/users/region",
                 TokenKind::user, kUserData, Category::data, true},
    EndpointInfo{Endpoint::users_orders, "users_orders", "GET", "/api/1/users/orders",
                 TokenKind::user, kDeviceData, Category::data, true},
    EndpointInfo{Endpoint::users_feature_config, "users_feature_config", "GET",
                 "/api/1/users/feature_config", TokenKind::user, kUserData, Category::data, true},
    EndpointInfo{Endpoint::partner_register, "partner_register", "POST", "/api/1/partner_accounts",
                 TokenKind::partner, "", Category::auth, false},
    EndpointInfo{Endpoint::partner_public_key, "partner_public_key", "GET",
                 "/api/1/partner_accounts/public_key", TokenKind::partner, "", Category::auth,
                 true},
    EndpointInfo{Endpoint::oauth_token, "oauth_token", "POST", "/oauth2/v3/token", TokenKind::none,
                 "", Category::auth, false},
};

bool is_safe_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) == 0 && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// The endpoints whose documented form carries the VIN as a query parameter.
bool vin_in_query(Endpoint endpoint) {
  return endpoint == Endpoint::options || endpoint == Endpoint::warranty;
}

}  // namespace

std::string_view to_string(Category category) {
  switch (category) {
    case Category::data:
      return "data";
    case Category::wake:
      return "wake";
    case Category::command:
      return "command";
    case Category::specs:
      return "specs";
    case Category::auth:
      return "auth";
  }
  return "data";
}

const EndpointInfo& info(Endpoint endpoint) {
  return kCatalog.at(static_cast<std::size_t>(endpoint));
}

std::span<const EndpointInfo> all_endpoints() {
  return kCatalog;
}

std::optional<Endpoint> endpoint_by_name(std::string_view name) {
  for (const auto& row : kCatalog) {
    if (row.name == name) return row.id;
  }
  return std::nullopt;
}

bool is_path_safe_vin(std::string_view vin) {
  if (vin.size() != 17) return false;
  for (char c : vin) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Result<std::string> build_target(Endpoint endpoint, const EndpointParams& params) {
  const EndpointInfo& row = info(endpoint);
  std::string path(row.path);
  const bool needs_vin = path.find("{vin}") != std::string::npos || vin_in_query(endpoint);
  if (needs_vin && !is_path_safe_vin(params.vin)) {
    return fail(ErrorKind::invalid_argument,
                std::string(row.name) + ": not a VIN: " + redact::vin(params.vin),
                "The vehicle identification number is not valid.");
  }
  if (const auto at = path.find("{vin}"); at != std::string::npos) {
    path = path.substr(0, at).append(params.vin).append(path.substr(at + 5));
  }
  if (const auto at = path.find("{id}"); at != std::string::npos) {
    if (!is_safe_id(params.id)) {
      return fail(ErrorKind::invalid_argument, std::string(row.name) + ": unsafe id");
    }
    path = path.substr(0, at).append(params.id).append(path.substr(at + 4));
  }
  std::vector<std::pair<std::string, std::string>> query;
  if (vin_in_query(endpoint)) query.emplace_back("vin", params.vin);
  query.insert(query.end(), params.query.begin(), params.query.end());
  if (!query.empty()) path.append(1, '?').append(http::form_encode(query));
  return path;
}

}  // namespace cpt::tesla
