#include "cpt/service/config_loader.h"

#include <toml++/toml.h>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cpt/http/client.h"
#include "cpt/report/signing.h"
#include "cpt/service/ids.h"
#include "cpt/store/sealer.h"

namespace cpt::service {

namespace {

Result<std::string> read_text_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::io, "cannot read " + std::string(what) + " file " + path,
                "Cannot read the " + std::string(what) + " file " + path + ".");
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (out.find("-----BEGIN") != std::string::npos) out.push_back('\n');  // PEM keeps its newline
  return out;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(", ", start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<std::int64_t> parse_int(std::string_view text, std::string_view what) {
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return fail(ErrorKind::invalid_argument, std::string(what) + " is not an integer",
                "Configuration error: " + std::string(what) + " must be an integer.");
  }
  return value;
}

// Applies one [table] of the TOML file through a small set of typed setters.
class FileReader {
 public:
  explicit FileReader(const toml::table& root) : root_(root) {}

  void text(std::string_view table, std::string_view key, std::string& out) const {
    if (auto v = root_[table][key].value<std::string>()) out = *v;
  }
  void flag(std::string_view table, std::string_view key, bool& out) const {
    if (auto v = root_[table][key].value<bool>()) out = *v;
  }
  // Integers only: toml++'s value<int64_t>() also converts a float, unchecked (4e74 is undefined
  // behaviour), so a value of another type is ignored like any mistyped value.
  template <class T>
  void number(std::string_view table, std::string_view key, T& out) const {
    if (auto v = root_[table][key].value_exact<std::int64_t>()) out = static_cast<T>(*v);
  }
  // Whole seconds up to a century: beyond that, conversions to finer durations would overflow.
  std::optional<std::chrono::seconds> whole_seconds(std::string_view table,
                                                    std::string_view key) const {
    constexpr std::int64_t kCentury = 100LL * 366 * 24 * 3600;
    const auto v = root_[table][key].value_exact<std::int64_t>();
    if (!v || *v < -kCentury || *v > kCentury) return std::nullopt;
    return std::chrono::seconds(*v);
  }
  void seconds(std::string_view table, std::string_view key, std::chrono::seconds& out) const {
    if (auto v = whole_seconds(table, key)) out = *v;
  }
  void list(std::string_view table, std::string_view key, std::vector<std::string>& out) const {
    const toml::array* array = root_[table][key].as_array();
    if (array == nullptr) return;
    out.clear();
    for (const auto& item : *array) {
      if (auto v = item.value<std::string>()) out.push_back(*v);
    }
  }
  // `key` inline, or `key_file` naming a file that holds it.
  Result<void> secret(std::string_view table, std::string_view key, std::string& out) const {
    text(table, key, out);
    if (auto path = root_[table][std::string(key) + "_file"].value<std::string>()) {
      auto content = read_text_file(*path, key);
      if (!content) return fail(std::move(content.error()));
      out = std::move(*content);
    }
    return {};
  }

 private:
  const toml::table& root_;
};

Error toml_error(const toml::parse_error& e, const std::string& path) {
  std::ostringstream where;
  where << e.source().begin;
  return make_error(
      ErrorKind::invalid_argument,
      "config file " + path + ": " + std::string(e.description()) + " at " + where.str(),
      "The configuration file " + path + " is not valid TOML (" + std::string(e.description()) +
          ").");
}

Result<void> apply_table(const toml::table& root, ServiceConfig& c) {
  const FileReader f(root);
  if (auto listen = root["server"]["listen"].value<std::string>()) {
    auto parsed = parse_listen(*listen);
    if (!parsed) return fail(std::move(parsed.error()));
    c.listen_host = parsed->first;
    c.listen_port = parsed->second;
  }
  f.text("server", "web_dir", c.web_dir);
  f.text("server", "ui_path", c.ui_path);
  f.number("server", "max_body_bytes", c.max_body_bytes);
  f.number("server", "max_threads", c.max_threads);
  f.flag("server", "log_requests", c.log_requests);
  f.flag("server", "cookie_secure", c.cookie_secure);
  f.list("server", "trusted_proxies", c.trusted_proxies);
  if (auto r = f.secret("server", "metrics_token", c.metrics_token); !r) return r;
  f.text("storage", "database", c.database);
  f.text("storage", "backend", c.storage_backend);
  if (auto r = f.secret("storage", "redis_url", c.redis_url); !r) return r;
  if (auto v = f.whole_seconds("storage", "job_lease_seconds")) c.job_lease = *v;
  f.seconds("storage", "session_ttl_seconds", c.session_ttl);
  f.seconds("storage", "oauth_state_ttl_seconds", c.oauth_state_ttl);
  f.seconds("storage", "sweep_interval_seconds", c.sweep_interval);
  if (auto r = f.secret("storage", "token_key", c.token_key); !r) return r;
  f.text("tesla", "client_id", c.auth.client_id);
  if (auto r = f.secret("tesla", "client_secret", c.auth.client_secret); !r) return r;
  f.text("tesla", "auth_url", c.auth.authorize_url);
  f.text("tesla", "token_url", c.auth.token_url);
  f.text("tesla", "cn_auth_url", c.auth.cn_authorize_url);
  f.text("tesla", "cn_token_url", c.auth.cn_token_url);
  f.text("tesla", "cn_client_id", c.auth.cn_client_id);
  if (auto r = f.secret("tesla", "cn_client_secret", c.auth.cn_client_secret); !r) return r;
  f.text("tesla", "fleet_url_na", c.urls.na);
  f.text("tesla", "fleet_url_eu", c.urls.eu);
  f.text("tesla", "fleet_url_cn", c.urls.cn);
  f.text("tesla", "scopes", c.auth.scopes);
  f.text("tesla", "domain", c.auth.domain);
  f.list("tesla", "redirect_uris", c.redirect_uris);
  f.list("tesla", "extra_allowed_hosts", c.extra_allowed_hosts);
  f.text("tesla", "ca_file", c.ca_file);
  f.number("tesla", "max_in_flight", c.max_in_flight);
  if (auto region = root["tesla"]["default_region"].value<std::string>()) {
    auto parsed = tesla::parse_region(*region);
    if (!parsed) return fail(std::move(parsed.error()));
    c.default_region = *parsed;
  }
  if (auto r = f.secret("tesla", "public_key", c.tesla_public_key_pem); !r) return r;
  if (auto r = f.secret("reports", "signing_key", c.signing_key_pem); !r) return r;
  f.text("server", "public_url", c.public_url);
  f.text("reports", "signing_key_since", c.signing_key_since);
  if (auto r = f.secret("reports", "previous_keys", c.previous_keys_json); !r) return r;
  f.number("reports", "max_verify_bytes", c.max_verify_bytes);
  f.number("reports", "order_workers", c.order_workers);
  f.number("reports", "max_vins_per_order", c.max_vins_per_order);
  f.number("reports", "order_budget_micros", c.order_budget_micros);
  f.seconds("orders", "deadline_seconds", c.order_deadline);
  f.seconds("tesla", "sign_in_deadline_seconds", c.sign_in_deadline);
  if (auto v = root["limits"]["oauth_per_minute"].value<double>()) c.oauth_rate.per_minute = *v;
  if (auto v = root["limits"]["oauth_burst"].value<double>()) c.oauth_rate.burst = *v;
  if (auto v = root["limits"]["verify_per_minute"].value<double>()) c.verify_rate.per_minute = *v;
  if (auto v = root["limits"]["verify_burst"].value<double>()) c.verify_rate.burst = *v;
  return {};
}

Result<void> apply_file(const std::string& path, ServiceConfig& c) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(toml_error(e, path));
  }
  return apply_table(root, c);
}

// NAME, else the content of the file NAME_FILE names.
Result<std::optional<std::string>> env_secret(const EnvLookup& env, std::string_view name) {
  if (auto value = env(name)) return value;
  if (auto path = env(std::string(name) + "_FILE")) {
    auto content = read_text_file(*path, name);
    if (!content) return fail(std::move(content.error()));
    return std::optional<std::string>(std::move(*content));
  }
  return std::optional<std::string>();
}

}  // namespace

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

EnvLookup env_of(std::vector<std::pair<std::string, std::string>> variables) {
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    for (const auto& [key, value] : variables) {
      if (key == name && !value.empty()) return value;
    }
    return std::nullopt;
  };
}

Result<void> apply_env(const EnvLookup& env, ServiceConfig& c) {
  auto set = [&](std::string_view name, std::string& out) {
    if (auto v = env(name)) out = *v;
  };
  auto secret = [&](std::string_view name, std::string& out) -> Result<void> {
    auto v = env_secret(env, name);
    if (!v) return fail(std::move(v.error()));
    if (*v) out = std::move(**v);
    return {};
  };
  set("TESLA_AUTH_URL", c.auth.authorize_url);
  set("TESLA_TOKEN_URL", c.auth.token_url);
  set("TESLA_CN_AUTH_URL", c.auth.cn_authorize_url);
  set("TESLA_CN_TOKEN_URL", c.auth.cn_token_url);
  set("TESLA_FLEET_URL_NA", c.urls.na);
  set("TESLA_FLEET_URL_EU", c.urls.eu);
  set("TESLA_FLEET_URL_CN", c.urls.cn);
  set("TESLA_SCOPES", c.auth.scopes);
  set("TESLA_DOMAIN", c.auth.domain);
  if (auto r = secret("TESLA_CLIENT_ID", c.auth.client_id); !r) return r;
  if (auto r = secret("TESLA_CLIENT_SECRET", c.auth.client_secret); !r) return r;
  if (auto r = secret("TESLA_CN_CLIENT_ID", c.auth.cn_client_id); !r) return r;
  if (auto r = secret("TESLA_CN_CLIENT_SECRET", c.auth.cn_client_secret); !r) return r;
  if (auto v = env("TESLA_REDIRECT_URI")) c.redirect_uris = split_list(*v);
  set("TESLA_CA_FILE", c.ca_file);
  if (auto v = env("TESLA_ALLOWED_HOSTS")) c.extra_allowed_hosts = split_list(*v);
  if (auto v = env("TESLA_REGION")) {
    auto region = tesla::parse_region(*v);
    if (!region) return fail(std::move(region.error()));
    c.default_region = *region;
  }
  if (auto r = secret("TESLA_PUBLIC_KEY", c.tesla_public_key_pem); !r) return r;
  if (auto r = secret("CPT_TOKEN_KEY", c.token_key); !r) return r;
  if (auto r = secret("CPT_SIGNING_KEY", c.signing_key_pem); !r) return r;
  set("CPT_PUBLIC_URL", c.public_url);
  if (auto v = env("CPT_TRUSTED_PROXIES")) c.trusted_proxies = split_list(*v);
  if (auto r = secret("CPT_METRICS_TOKEN", c.metrics_token); !r) return r;
  set("CPT_SIGNING_KEY_SINCE", c.signing_key_since);
  if (auto r = secret("CPT_PREVIOUS_SIGNING_KEYS", c.previous_keys_json); !r) return r;
  set("CPT_DATABASE", c.database);
  set("CPT_STORAGE_BACKEND", c.storage_backend);
  if (auto r = secret("CPT_REDIS_URL", c.redis_url); !r) return r;
  if (auto v = env("CPT_JOB_LEASE_SECONDS")) {
    auto seconds = parse_int(*v, "CPT_JOB_LEASE_SECONDS");
    if (!seconds) return fail(std::move(seconds.error()));
    c.job_lease = std::chrono::seconds(*seconds);
  }
  set("CPT_WEB_DIR", c.web_dir);
  if (auto v = env("CPT_LISTEN")) {
    auto parsed = parse_listen(*v);
    if (!parsed) return fail(std::move(parsed.error()));
    std::tie(c.listen_host, c.listen_port) = *parsed;
  }
  if (auto v = env("CPT_SESSION_TTL")) {
    auto seconds = parse_int(*v, "CPT_SESSION_TTL");
    if (!seconds) return fail(std::move(seconds.error()));
    c.session_ttl = std::chrono::seconds(*seconds);
  }
  if (auto v = env("CPT_ORDER_DEADLINE_SECONDS")) {
    auto seconds = parse_int(*v, "CPT_ORDER_DEADLINE_SECONDS");
    if (!seconds) return fail(std::move(seconds.error()));
    c.order_deadline = std::chrono::seconds(*seconds);
  }
  return {};
}

const std::vector<std::pair<std::string_view, std::string_view>>& environment_variables() {
  static const std::vector<std::pair<std::string_view, std::string_view>> vars = {
      {"TESLA_AUTH_URL", "OAuth authorize URL"},
      {"TESLA_TOKEN_URL", "OAuth token URL"},
      {"TESLA_CN_AUTH_URL", "China's authorize URL (default auth.tesla.cn)"},
      {"TESLA_CN_TOKEN_URL", "China's token URL (default auth.tesla.cn)"},
      {"TESLA_CN_CLIENT_ID", "the app registered on developer.tesla.cn (default: TESLA_CLIENT_ID)"},
      {"TESLA_CN_CLIENT_SECRET", "its client secret (or _FILE)"},
      {"TESLA_FLEET_URL_NA", "Fleet API base URL, North America"},
      {"TESLA_FLEET_URL_EU", "Fleet API base URL, Europe"},
      {"TESLA_FLEET_URL_CN", "Fleet API base URL, China"},
      {"TESLA_CLIENT_ID", "OAuth client id (or _FILE)"},
      {"TESLA_CLIENT_SECRET", "OAuth client secret (or _FILE)"},
      {"TESLA_REDIRECT_URI", "allowed OAuth redirect URIs, comma-separated"},
      {"TESLA_SCOPES", "OAuth scopes, space-separated"},
      {"TESLA_DOMAIN", "partner domain"},
      {"TESLA_REGION", "region of the code exchange audience (na, eu, cn)"},
      {"TESLA_ALLOWED_HOSTS", "extra hosts a 421 may re-route to, comma-separated"},
      {"TESLA_CA_FILE", "extra CA bundle for TLS to Tesla"},
      {"TESLA_PUBLIC_KEY", "partner public key PEM served at .well-known (or _FILE)"},
      {"CPT_TOKEN_KEY", "AES-256-GCM token key, 64 hex digits or base64 (or _FILE)"},
      {"CPT_SIGNING_KEY", "report-signing private key PEM (or _FILE)"},
      {"CPT_PUBLIC_URL", "public base URL of the service, for verify links (default: listen)"},
      {"CPT_SIGNING_KEY_SINCE", "ISO 8601 date the current report-signing key began signing"},
      {"CPT_PREVIOUS_SIGNING_KEYS", "key set JSON of retired report-signing keys (or _FILE)"},
      {"CPT_TRUSTED_PROXIES", "proxies (CIDRs, comma-separated) whose X-Forwarded-For is read"},
      {"CPT_METRICS_TOKEN", "bearer token for /metrics (or _FILE); unset: loopback only"},
      {"CPT_DATABASE", "SQLite database file"},
      {"CPT_STORAGE_BACKEND", "sqlite (default, one process) or redis (several instances)"},
      {"CPT_REDIS_URL", "Redis URL for storage.backend = redis (or _FILE)"},
      {"CPT_JOB_LEASE_SECONDS", "Redis: seconds before a dead instance's order is taken over"},
      {"CPT_WEB_DIR", "UI assets folder (default: embedded)"},
      {"CPT_LISTEN", "HOST:PORT to listen on"},
      {"CPT_SESSION_TTL", "session lifetime in seconds"},
      {"CPT_ORDER_DEADLINE_SECONDS", "seconds after which an order ends, every module stated"},
  };
  return vars;
}

Result<std::pair<std::string, int>> parse_listen(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  auto bad = [&] {
    return fail(ErrorKind::invalid_argument, "listen address is not HOST:PORT",
                "The listen address must look like 127.0.0.1:8080.");
  };
  if (colon == std::string_view::npos) return bad();
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "127.0.0.1";
  auto port = parse_int(text.substr(colon + 1), "listen port");
  if (!port || *port < 0 || *port > 65535) return bad();
  return std::pair<std::string, int>{host, static_cast<int>(*port)};
}

Result<void> apply_simulator_defaults(ServiceConfig& config) {
  config.cookie_secure = false;
  if (config.token_key.empty()) {
    auto key = random_hex(store::Sealer::kKeyBytes);
    if (!key) return fail(std::move(key.error()));
    config.token_key = std::move(*key);
  }
  if (config.tesla_public_key_pem.empty()) {
    auto key = report::SigningKey::generate();
    if (!key) return fail(std::move(key.error()));
    config.tesla_public_key_pem = key->public_key().public_pem();
  }
  if (config.signing_key_pem.empty()) {
    auto key = report::SigningKey::generate();
    if (!key) return fail(std::move(key.error()));
    config.signing_key_pem = key->private_pem();
  }
  for (const std::string* url : {&config.urls.na, &config.urls.eu, &config.urls.cn}) {
    const std::string host = http::url_host(*url);
    if (!host.empty()) config.extra_allowed_hosts.push_back(host);
  }
  return {};
}

Result<void> apply_config_text(std::string_view toml_text, const std::string& source,
                               ServiceConfig& config) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(source));
  } catch (const toml::parse_error& e) {
    return fail(toml_error(e, source));
  }
  return apply_table(root, config);
}

Result<ServiceConfig> load_config(const ConfigSources& sources) {
  ServiceConfig config;
  if (sources.file) {
    if (auto r = apply_file(*sources.file, config); !r) return fail(std::move(r.error()));
  }
  if (sources.env) {
    if (auto r = apply_env(sources.env, config); !r) return fail(std::move(r.error()));
  }
  if (sources.listen) {
    auto parsed = parse_listen(*sources.listen);
    if (!parsed) return fail(std::move(parsed.error()));
    std::tie(config.listen_host, config.listen_port) = *parsed;
  }
  if (sources.database) config.database = *sources.database;
  if (sources.web_dir) config.web_dir = *sources.web_dir;
  config.simulator = config.simulator || sources.simulator;
  if (config.simulator) {
    if (auto r = apply_simulator_defaults(config); !r) return fail(std::move(r.error()));
  }
  if (auto r = validate(config); !r) return fail(std::move(r.error()));
  return config;
}

}  // namespace cpt::service
