#include "cpt/service/config.h"

#include <algorithm>
#include <cctype>

#include "cpt/http/client.h"
#include "cpt/service/client_address.h"

namespace cpt::service {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<void> invalid(std::string what) {
  return fail(ErrorKind::invalid_argument, "configuration: " + what,
              "Configuration error: " + what);
}

}  // namespace

bool redirect_uri_allowed(std::string_view uri, bool simulator) {
  const std::string text = lower(uri);
  // A URI with user info, a fragment or whitespace is never a registered callback.
  if (text.find_first_of("@# \t\r\n") != std::string::npos) return false;
  if (text.starts_with("https://")) return !http::url_host(text).empty();
  if (!simulator || !text.starts_with("http://")) return false;
  const std::string host = http::url_host(text);
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1";
}

Result<void> validate(const ServiceConfig& config) {
  if (config.listen_port < 0 || config.listen_port > 65535)
    return invalid("listen port out of range");
  if (!config.simulator && config.token_key.empty()) {
    return invalid(
        "no token encryption key (set CPT_TOKEN_KEY, CPT_TOKEN_KEY_FILE or "
        "storage.token_key_file); "
        "refusing to store Tesla tokens unencrypted");
  }
  if (!config.simulator && config.signing_key_pem.empty()) {
    return invalid("no report-signing key (set CPT_SIGNING_KEY_FILE or reports.signing_key_file)");
  }
  if (config.auth.client_id.empty()) return invalid("TESLA_CLIENT_ID is not set");
  if (!config.simulator) {
    if (auto https = tesla::require_https(config.auth, config.urls); !https) {
      return invalid(https.error().log_message + " (https required outside simulator mode)");
    }
  }
  if (config.redirect_uris.empty()) return invalid("no OAuth redirect URI (TESLA_REDIRECT_URI)");
  for (const std::string& uri : config.redirect_uris) {
    if (!redirect_uri_allowed(uri, config.simulator)) {
      return invalid(config.simulator
                         ? "redirect URI must be HTTPS or http://localhost"
                         : "redirect URI must be HTTPS (plain http only in simulator mode)");
    }
  }
  if (config.storage_backend != "sqlite" && config.storage_backend != "redis") {
    return invalid("storage backend must be sqlite or redis");
  }
  if (config.storage_backend == "redis" && config.redis_url.empty()) {
    return invalid("storage backend redis needs a Redis URL (CPT_REDIS_URL or storage.redis_url)");
  }
  if (config.job_lease.count() < 100) return invalid("job lease below 100 ms");
  if (config.session_ttl.count() <= 0) return invalid("session TTL must be positive");
  if (config.order_deadline.count() <= 0) return invalid("order deadline must be positive");
  if (config.sign_in_deadline.count() <= 0) return invalid("sign-in deadline must be positive");
  if (config.oauth_state_ttl.count() <= 0) return invalid("OAuth state TTL must be positive");
  if (config.max_body_bytes < 1024) return invalid("max body size below 1 KiB");
  if (config.max_verify_bytes < 1024) return invalid("max verify upload size below 1 KiB");
  if (!config.public_url.empty() && !config.public_url.starts_with("https://") &&
      !config.public_url.starts_with("http://")) {
    return invalid("public URL must start with https:// or http://");
  }
  if (config.order_workers < 1) return invalid("order workers must be at least 1");
  if (config.max_vins_per_order < 1) return invalid("max VINs per order must be at least 1");
  if (auto proxies = parse_cidrs(config.trusted_proxies); !proxies) {
    return invalid("server.trusted_proxies: " + proxies.error().log_message);
  }
  if (config.oauth_rate.per_minute <= 0 || config.oauth_rate.burst < 1) {
    return invalid("OAuth rate limit must allow at least one request");
  }
  if (config.verify_rate.per_minute <= 0 || config.verify_rate.burst < 1) {
    return invalid("verify rate limit must allow at least one request");
  }
  return {};
}

}  // namespace cpt::service
