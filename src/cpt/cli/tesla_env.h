// The Tesla settings of the `cpt` commands, read from TESLA_* environment variables (each secret
// also from a file named by <NAME>_FILE). Configuration is read here, never in the libraries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <memory>

#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/concurrency.h"
#include "cpt/tesla/config.h"
#include "cpt/tesla/fleet_client.h"
#include "cpt/tesla/ledger.h"

namespace cpt::cli {

// Everything the Tesla commands take from the environment. Holds secrets. Value type.
struct TeslaEnv {
  tesla::AuthConfig auth;
  tesla::RegionUrls urls;
  std::vector<std::string> extra_allowed_hosts;  // non-Tesla fleet hosts (a simulator)
  std::string ca_file;                           // TESLA_CA_FILE: extra CA bundle for TLS
  int max_in_flight = 32;  // TESLA_MAX_IN_FLIGHT: ceiling of the adaptive calls in flight
  // TESLA_PACE_FILE: a SQLite file keeping the account's settled pace across runs (empty: none)
  std::string pace_file;
};

// NAME from the environment, else the trimmed content of the file named by NAME_FILE, else
// nullopt. io when NAME_FILE names an unreadable file.
Result<std::optional<std::string>> env_or_file(std::string_view name);

// Reads TESLA_AUTH_URL, TESLA_TOKEN_URL, TESLA_CN_AUTH_URL, TESLA_CN_TOKEN_URL,
// TESLA_CN_CLIENT_ID, TESLA_CN_CLIENT_SECRET, TESLA_FLEET_URL_NA/_EU/_CN, TESLA_CLIENT_ID,
// TESLA_CLIENT_SECRET, TESLA_REDIRECT_URI, TESLA_SCOPES, TESLA_EXTRA_SCOPES, TESLA_DOMAIN,
// TESLA_CA_FILE, TESLA_ALLOWED_HOSTS, TESLA_MAX_IN_FLIGHT and TESLA_PACE_FILE, with Tesla's
// production URLs as defaults.
Result<TeslaEnv> read_tesla_env();

// The footer every Tesla command's --help prints: the variables above and what they mean.
std::string tesla_env_help();

// The shared collaborators of a command's Tesla calls. Thread-safe.
struct TeslaStack {
  TeslaEnv env;
  std::shared_ptr<http::HttpClient> http;
  std::shared_ptr<tesla::auth::OAuthClient> oauth;  // the global realm (NA, EU accounts)
  std::shared_ptr<tesla::auth::PartnerTokenSource> partner_tokens;
  std::shared_ptr<tesla::auth::OAuthClient> cn_oauth;  // China's realm (its own auth host)
  std::shared_ptr<tesla::auth::PartnerTokenSource> cn_partner_tokens;
  std::shared_ptr<tesla::CallLedger> ledger;
  std::shared_ptr<tesla::AccountLimits> limits;  // the account's pace (decision 0007)
};

// libcurl transport + OAuth client + partner token cache per realm for `env`.
Result<TeslaStack> make_tesla_stack(TeslaEnv env);

// The OAuth client and partner tokens of the realm an account of `region` belongs to.
const std::shared_ptr<tesla::auth::OAuthClient>& oauth_of(const TeslaStack& stack,
                                                          tesla::Region region);
const std::shared_ptr<tesla::auth::PartnerTokenSource>& partner_tokens_of(const TeslaStack& stack,
                                                                          tesla::Region region);

// A FleetClient for one region that carries only partner tokens (partner endpoints, specs).
tesla::FleetClient partner_client(const TeslaStack& stack, tesla::Region region);

// The scopes a partner token asks for: the configured scopes without offline_access.
std::string partner_scopes(std::string_view scopes);

}  // namespace cpt::cli
