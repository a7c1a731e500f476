// Plain option structs for the Tesla provider: base URLs, OAuth client settings, retry and
// concurrency limits. Libraries take these; only cli/service/sim mains fill them from config.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"

namespace cpt::tesla {

// A Fleet API region. Value type.
enum class Region { na, eu, cn };

// "na", "eu", "cn".
std::string_view to_string(Region region);
// Case-insensitive "na" / "eu" / "cn" (also "NA" from a token's ou_code); invalid_argument else.
Result<Region> parse_region(std::string_view text);

// The regional Fleet API base URLs (no trailing slash); Tesla's production hosts by default.
struct RegionUrls {
  std::string na = "https://fleet-api.prd.na.vn.cloud.tesla.com";
  std::string eu = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  std::string cn = "https://fleet-api.prd.cn.vn.cloud.tesla.cn";

  const std::string& of(Region region) const;
  // The region whose base URL this is (compared without a trailing slash), if any.
  std::optional<Region> region_of(std::string_view base_url) const;
};

// The seed's scope string plus the optional extras.
inline constexpr std::string_view kDefaultScopes =
    "openid offline_access vehicle_device_data vehicle_charging_cmds vehicle_specs";

// `scopes` plus what waking a car needs: Tesla's endpoint entry names vehicle_device_data, its
// scope table vehicle_cmds (FLEET-API §10.3), so a client that may wake asks for both. The consent
// page then lists "vehicle commands" for that reason.
std::string with_wake_scopes(std::string_view scopes);

// OAuth client settings (third-party and partner tokens). Holds a secret: never log it.
struct AuthConfig {
  std::string authorize_url = "https://auth.tesla.com/oauth2/v3/authorize";
  std::string token_url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  std::string scopes{kDefaultScopes};
  std::string domain;  // the partner domain (public key host)
  // China is a realm of its own (FLEET-API §10.7): an app registered on developer.tesla.cn, signed
  // in and refreshed at auth.tesla.cn (fleet-auth has no .cn host). Empty credentials: the app's.
  std::string cn_authorize_url = "https://auth.tesla.cn/oauth2/v3/authorize";
  std::string cn_token_url = "https://auth.tesla.cn/oauth2/v3/token";
  std::string cn_client_id;
  std::string cn_client_secret;

  // The settings an account of `region` signs in, refreshes and gets partner tokens with: the CN
  // realm's URLs and credentials for cn, this configuration as it is for na and eu.
  AuthConfig for_region(Region region) const;
};

// Every Tesla URL (authorize and token of both realms, the three regions) must be https: the client
// secret, authorization codes and tokens travel on them. invalid_argument naming the first plain
// one. Only the simulator (plain http on loopback) is exempt, by not calling this.
Result<void> require_https(const AuthConfig& auth, const RegionUrls& urls);

// Retry limits for idempotent reads (see retry.h for how they combine).
struct RetryOptions {
  int max_attempts = 4;                               // including the first try
  std::chrono::milliseconds max_total{60'000};        // stop retrying past this total
  std::chrono::milliseconds initial_backoff{500};     // first delay before jitter
  std::chrono::milliseconds max_backoff{16'000};      // ceiling of one delay
  double multiplier = 2.0;                            // exponential growth
  double jitter = 0.5;                                // delay drawn from [d*(1-jitter), d]
  std::chrono::milliseconds max_retry_after{60'000};  // a longer Retry-After is not waited for
};

// How the explicit wake loop polls (wake only on request, never silently).
struct WakeOptions {
  std::chrono::milliseconds interval{10'000};  // re-post wake_up this often
  std::chrono::milliseconds deadline{90'000};  // give up (vehicle_unavailable) after this
};

// Everything one FleetClient needs besides its collaborators. Value type.
struct FleetOptions {
  RegionUrls urls;
  Region region = Region::na;       // the account's home region (from users/region or the token)
  std::string account = "default";  // TokenStore key of the user's tokens
  std::vector<std::string> extra_allowed_hosts;  // e.g. the simulator's host for 421 re-routing
  RetryOptions retry;
  WakeOptions wake;
  int max_in_flight = 8;        // parallel calls for different vehicles/modules
  int history_page_size = 50;   // charging history pageSize
  int history_first_page = 1;   // Tesla clients disagree on 0 or 1; most start at 1
  int history_max_pages = 500;  // a hard stop against a server that never ends
  std::uint64_t seed = 0x5eed;  // jitter RNG seed (tests pin it)
};

}  // namespace cpt::tesla
