#include "cpt/cli/tesla_env.h"

#include <cstdlib>

#include <fstream>
#include <sstream>
#include "cpt/core/clock.h"

#include "cpt/http/client.h"
#include "cpt/http/curl_client.h"
#include "cpt/store/sqlite_pace.h"
#include "cpt/tesla/http_errors.h"

namespace cpt::cli {
namespace {

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

void split_into(std::string_view text, std::vector<std::string>& out, char separator) {
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(separator, start), text.size());
    std::string part = trim(std::string(text.substr(start, end - start)));
    if (!part.empty()) out.push_back(std::move(part));
    start = end + 1;
  }
}

}  // namespace

Result<std::optional<std::string>> env_or_file(std::string_view name) {
  const std::string key(name);
  if (const char* value = std::getenv(key.c_str()); value != nullptr && *value != '\0') {
    return std::optional<std::string>(value);
  }
  const std::string file_key = key + "_FILE";
  const char* file = std::getenv(file_key.c_str());
  if (file == nullptr || *file == '\0') return std::optional<std::string>();
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::io, "cannot read " + file_key + " (" + file + ")");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return std::optional<std::string>(trim(buffer.str()));
}

Result<TeslaEnv> read_tesla_env() {
  TeslaEnv env;
  struct Binding {
    std::string_view name;
    std::string* target;
  };
  std::string extra_scopes;
  std::string allowed_hosts;
  std::string max_in_flight;
  const Binding bindings[] = {
      {"TESLA_AUTH_URL", &env.auth.authorize_url},
      {"TESLA_TOKEN_URL", &env.auth.token_url},
      {"TESLA_CN_AUTH_URL", &env.auth.cn_authorize_url},
      {"TESLA_CN_TOKEN_URL", &env.auth.cn_token_url},
      {"TESLA_CN_CLIENT_ID", &env.auth.cn_client_id},
      {"TESLA_CN_CLIENT_SECRET", &env.auth.cn_client_secret},
      {"TESLA_FLEET_URL_NA", &env.urls.na},
      {"TESLA_FLEET_URL_EU", &env.urls.eu},
      {"TESLA_FLEET_URL_CN", &env.urls.cn},
      {"TESLA_CLIENT_ID", &env.auth.client_id},
      {"TESLA_CLIENT_SECRET", &env.auth.client_secret},
      {"TESLA_REDIRECT_URI", &env.auth.redirect_uri},
      {"TESLA_SCOPES", &env.auth.scopes},
      {"TESLA_EXTRA_SCOPES", &extra_scopes},
      {"TESLA_DOMAIN", &env.auth.domain},
      {"TESLA_CA_FILE", &env.ca_file},
      {"TESLA_ALLOWED_HOSTS", &allowed_hosts},
      {"TESLA_MAX_IN_FLIGHT", &max_in_flight},
      {"TESLA_PACE_FILE", &env.pace_file},
  };
  for (const auto& binding : bindings) {
    auto value = env_or_file(binding.name);
    if (!value) return std::unexpected(value.error());
    if (*value) *binding.target = **value;
  }
  if (!extra_scopes.empty()) env.auth.scopes += " " + extra_scopes;
  if (!max_in_flight.empty()) {
    const int value = std::atoi(max_in_flight.c_str());
    if (value < 1 || value > 256) {
      return fail(ErrorKind::invalid_argument, "TESLA_MAX_IN_FLIGHT out of range",
                  "TESLA_MAX_IN_FLIGHT must be a number from 1 to 256.");
    }
    env.max_in_flight = value;
  }
  split_into(allowed_hosts, env.extra_allowed_hosts, ',');
  // A fleet URL outside Tesla's domains (the simulator) is trusted as a 421 target too.
  for (const std::string* url : {&env.urls.na, &env.urls.eu, &env.urls.cn}) {
    const std::string host = http::url_host(*url);
    if (!host.empty() && !tesla::is_allowed_fleet_host(host, {})) {
      env.extra_allowed_hosts.push_back(host);
    }
  }
  return env;
}

std::string tesla_env_help() {
  return R"(Environment (each secret may also come from a file: NAME_FILE=/path):
  TESLA_CLIENT_ID, TESLA_CLIENT_SECRET  app credentials from developer.tesla.com
  TESLA_REDIRECT_URI                    OAuth redirect URI registered for the app
  TESLA_SCOPES                          OAuth scopes (default: openid offline_access
                                        vehicle_device_data vehicle_charging_cmds vehicle_specs)
  TESLA_EXTRA_SCOPES                    added to the scopes, e.g. "user_data vehicle_location"
  TESLA_DOMAIN                          partner domain hosting the public key
  TESLA_AUTH_URL                        default https://auth.tesla.com/oauth2/v3/authorize
  TESLA_TOKEN_URL                       default https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token
  TESLA_CN_AUTH_URL                     China's realm: default https://auth.tesla.cn/oauth2/v3/authorize
  TESLA_CN_TOKEN_URL                    default https://auth.tesla.cn/oauth2/v3/token
  TESLA_CN_CLIENT_ID, TESLA_CN_CLIENT_SECRET  the app registered on developer.tesla.cn (default:
                                        the global app's)
  TESLA_FLEET_URL_NA                    default https://fleet-api.prd.na.vn.cloud.tesla.com
  TESLA_FLEET_URL_EU                    default https://fleet-api.prd.eu.vn.cloud.tesla.com
  TESLA_FLEET_URL_CN                    default https://fleet-api.prd.cn.vn.cloud.tesla.cn
  TESLA_CA_FILE                         extra CA bundle for TLS verification
  TESLA_ALLOWED_HOSTS                   extra comma-separated hosts a 421 may re-route to
  TESLA_MAX_IN_FLIGHT                   ceiling of the Tesla calls in flight (default 32)
  TESLA_PACE_FILE                       SQLite file keeping the account's settled pace, so the
                                        next run starts at it (one file per account; default none)
  HTTPS_PROXY, NO_PROXY                 standard proxy variables (honoured by libcurl)
)";
}

std::string partner_scopes(std::string_view scopes) {
  std::vector<std::string> parts;
  split_into(scopes, parts, ' ');
  std::string out;
  for (const auto& part : parts) {
    if (part == "offline_access") continue;
    if (!out.empty()) out.push_back(' ');
    out += part;
  }
  return out;
}

Result<TeslaStack> make_tesla_stack(TeslaEnv env) {
  http::CurlOptions options;
  options.ca_file = env.ca_file;
  options.max_idle_handles = static_cast<std::size_t>(env.max_in_flight);  // one order at a time
  auto curl = http::CurlHttpClient::create(options);
  if (!curl) return std::unexpected(curl.error());
  TeslaStack stack;
  stack.http = std::shared_ptr<http::HttpClient>(std::move(*curl));
  stack.ledger = std::make_shared<tesla::CallLedger>();
  std::shared_ptr<tesla::AccountPace> pace;  // null: this run's own
  if (!env.pace_file.empty()) {
    auto opened = store::SqlitePace::open(env.pace_file);
    if (!opened) {
      return fail(ErrorKind::io, opened.error().log_message,
                  "Cannot open TESLA_PACE_FILE (" + env.pace_file + ").");
    }
    pace = std::move(*opened);
  }
  stack.limits = std::make_shared<tesla::AccountLimits>(
      tesla::ConcurrencyOptions{.ceiling = env.max_in_flight}, SystemClock::instance(),
      std::move(pace));
  stack.oauth = std::make_shared<tesla::auth::OAuthClient>(env.auth, stack.http, stack.ledger);
  stack.partner_tokens = std::make_shared<tesla::auth::PartnerTokenSource>(
      stack.oauth, SystemClock::instance(), partner_scopes(env.auth.scopes));
  stack.cn_oauth = std::make_shared<tesla::auth::OAuthClient>(
      env.auth.for_region(tesla::Region::cn), stack.http, stack.ledger);
  stack.cn_partner_tokens = std::make_shared<tesla::auth::PartnerTokenSource>(
      stack.cn_oauth, SystemClock::instance(), partner_scopes(env.auth.scopes));
  stack.env = std::move(env);
  return stack;
}

const std::shared_ptr<tesla::auth::OAuthClient>& oauth_of(const TeslaStack& stack,
                                                          tesla::Region region) {
  return region == tesla::Region::cn ? stack.cn_oauth : stack.oauth;
}

const std::shared_ptr<tesla::auth::PartnerTokenSource>& partner_tokens_of(const TeslaStack& stack,
                                                                          tesla::Region region) {
  return region == tesla::Region::cn ? stack.cn_partner_tokens : stack.partner_tokens;
}

tesla::FleetClient partner_client(const TeslaStack& stack, tesla::Region region) {
  tesla::FleetOptions options;
  options.urls = stack.env.urls;
  options.region = region;
  options.extra_allowed_hosts = stack.env.extra_allowed_hosts;
  tesla::FleetDeps deps;
  deps.stub = tesla::make_http_stub(stack.http);
  deps.partner_tokens = partner_tokens_of(stack, region);
  deps.ledger = stack.ledger;
  return tesla::FleetClient(tesla::make_fleet_connection(std::move(options), std::move(deps)));
}

}  // namespace cpt::cli
