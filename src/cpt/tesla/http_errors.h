// The one HTTP -> error mapping of the Tesla provider (ARCHITECTURE §3): every non-2xx Fleet API
// or auth response becomes an Error here, and nowhere else.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/tesla/endpoints.h"

namespace cpt::tesla {

// What the mapping needs to know about the call besides the response. Value type.
struct CallContext {
  Endpoint endpoint = Endpoint::vehicles;
  std::string region;      // "eu": named in 412 errors
  std::string vin_suffix;  // last four VIN characters, when the call is about one vehicle
  std::span<const std::string> extra_allowed_hosts;  // 421 targets besides Tesla's domains
  std::chrono::system_clock::time_point now{};       // for absolute rate-limit reset times
};

inline bool is_success(int status) {
  return status >= 200 && status < 300;
}

// The Error for a non-2xx response. Metadata: http_status, endpoint, region, vin_suffix,
// tesla_error (redacted), retry_after_s (429), base_url (421, allow-listed only),
// register_command (412), reason (a 401/403 that is not about the token: mobile_access_disabled
// is vehicle_unavailable, unknown_user stays unauthorized, account_disabled is payment_required).
// Only an unauthorized error without a reason is worth a token refresh.
Error error_from_response(const http::HttpResponse& response, const CallContext& context);

// Whether a refresh could mend this error: a 401 about the token itself (expired, invalid bearer,
// no body), not about the car or the account.
bool token_rejected(const Error& error);

// Whether a host may be a 421 re-route target: under tesla.com, tesla.cn, teslamotors.com, or one
// of the extra hosts (exact match).
bool is_allowed_fleet_host(std::string_view host, std::span<const std::string> extra_hosts);

// "https://host[:port]" of a URL when its host is allowed (plain http only for an extra host);
// nullopt otherwise.
std::optional<std::string> allowed_base_url(std::string_view url,
                                            std::span<const std::string> extra_hosts);

// The allowed base URL named in a 421 body ("use base URL: https://..."), or nullopt.
std::optional<std::string> base_url_from_misdirected(std::string_view body,
                                                     std::span<const std::string> extra_hosts);

// How long a 429 asks us to wait: Retry-After (seconds), else ratelimit-reset (seconds, or an
// epoch time when large), else "Retry in N seconds" in the body, else nullopt.
std::optional<std::chrono::seconds> retry_after(const http::HttpResponse& response,
                                                std::chrono::system_clock::time_point now);

// The command that registers the app in a region (the fix named by a 412).
std::string register_command(std::string_view region);

}  // namespace cpt::tesla
