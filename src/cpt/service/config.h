// ServiceConfig: everything `cpt serve` runs with, as plain values (filled by config_loader from
// flags, environment and a TOML file; tests fill it directly).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/tesla/config.h"

namespace cpt::service {

// Per-client-IP token bucket for the OAuth routes.
struct RateLimitOptions {
  double per_minute = 30;  // sustained requests per minute and IP
  double burst = 10;       // bucket size
};

// The whole service configuration. Holds secrets (token key, client secret, private keys): never
// log it. Value type.
struct ServiceConfig {
  // --- server ---
  std::string listen_host = "127.0.0.1";  // loopback by default: production sits behind a proxy
  int listen_port = 8080;
  std::string web_dir;        // UI assets folder; empty = the copy embedded at build time
  std::string ui_path = "/";  // where the OAuth callback sends the browser back to
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_threads = 256;
  bool log_requests = true;  // one structured line per request
  // Secure cookies (HTTPS only), named with the __Host- prefix. Off in simulator mode, where the
  // UI runs on http://localhost.
  bool cookie_secure = true;
  // Reverse proxies (addresses or CIDRs) whose X-Forwarded-For names the client, for the rate
  // limits and the logs; from any other peer the header is ignored.
  std::vector<std::string> trusted_proxies;
  // Bearer token /metrics requires. Empty: /metrics answers only direct loopback requests (no
  // proxy in between), so an operator's scraper on the host can read it and the internet cannot.
  std::string metrics_token;

  // --- storage and expiry ---
  std::string database = "cpt-service.db";
  // "sqlite" (one process, `database`) or "redis" (several instances share `redis_url`).
  std::string storage_backend = "sqlite";
  std::string redis_url;  // redis://[:password@]host:port[/db] or unix:///path; may hold a secret
  // Redis: an order whose instance stops renewing it for this long is taken over by another.
  std::chrono::milliseconds job_lease{30'000};
  std::chrono::seconds session_ttl{2 * 3600};  // sessions, tokens, raw answers, reports
  std::chrono::seconds oauth_state_ttl{600};
  std::chrono::seconds sweep_interval{60};
  std::string token_key;  // AES-256-GCM key: 64 hex digits or base64 of 32 bytes

  // --- Tesla ---
  tesla::AuthConfig auth;  // auth.redirect_uri is unused: see redirect_uris
  tesla::RegionUrls urls;
  tesla::Region default_region = tesla::Region::na;  // audience of the code exchange
  std::vector<std::string> redirect_uris;        // allow-list; HTTPS (http://localhost in sim mode)
  std::vector<std::string> extra_allowed_hosts;  // 421 targets besides Tesla's (sim hosts)
  std::string tesla_public_key_pem;              // served at the .well-known route
  std::string ca_file;                           // extra CA bundle for Tesla's TLS (empty: system)
  int max_in_flight = 32;  // ceiling of the adaptive calls in flight per account (decision 0007)

  // --- reports and orders ---
  std::string signing_key_pem;  // report-signing private key (P-256), PEM
  // --- report verification ---
  // The service's public base URL ("https://reports.example.com"): verify links on reports and
  // the verify page. Empty: the address the server listens on.
  std::string public_url;
  std::string signing_key_since;  // ISO 8601 date the current key began signing; empty: open
  // Retired report-signing keys with their validity periods (a key set JSON document, the format
  // of /.well-known/cpt/report-signing-keys.json), so reports they signed stay verifiable.
  std::string previous_keys_json;
  std::size_t max_verify_bytes = 4 * 1024 * 1024;  // largest report the verify page accepts
  int order_workers = 8;                           // orders acquired at the same time
  int max_vins_per_order = 20;
  std::int64_t order_budget_micros = 5'000'000;  // $5 per order at most
  // An order ends this long after it was placed, whatever Tesla does (a 429 asking for hours, a
  // car that stays offline): calls not made by then are stated as "deadline reached".
  std::chrono::seconds order_deadline{900};
  // The callback's inventory read ends this long after it began (a Retry-After, a run of
  // retries): the browser waits on it, and a person (or a proxy's read timeout) gives up sooner.
  std::chrono::seconds sign_in_deadline{20};

  // --- abuse limits ---
  RateLimitOptions oauth_rate;
  // Checks of uploaded reports (each parses up to max_verify_bytes): a bucket of their own.
  RateLimitOptions verify_rate{20, 10};

  // --- modes ---
  // Runs against `cpt sim`: plain-http localhost redirect URIs allowed, and missing keys are
  // generated at start (development only).
  bool simulator = false;
};

// Checks a configuration before the service starts: a token key outside simulator mode, HTTPS
// redirect URIs (http only to localhost in simulator mode), a client id, sane limits.
// invalid_argument naming the setting (never its value).
Result<void> validate(const ServiceConfig& config);

// Whether a redirect URI may be used: https://..., or http://localhost|127.0.0.1|[::1] when
// `simulator` is set.
bool redirect_uri_allowed(std::string_view uri, bool simulator);

}  // namespace cpt::service
