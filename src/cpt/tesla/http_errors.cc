#include "cpt/tesla/http_errors.h"

#include <charconv>

#include "cpt/core/redact.h"
#include "cpt/tesla/wire/errors.h"

namespace cpt::tesla {
namespace {

constexpr std::size_t kMaxErrorText = 300;

std::string clip(std::string_view text) {
  return std::string(text.substr(0, std::min(text.size(), kMaxErrorText)));
}

std::optional<std::int64_t> to_int(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

bool ends_with_domain(std::string_view host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What a 401 or 403 is about when it is not the token (FLEET-API §10.2, §10.8): the car or the
// account, which a refresh cannot mend. Empty when it is about the token (or unknown).
std::string_view condition_of(int status, std::string_view code) {
  const std::string text = lower(code);
  if (status == 401 && text == "mobile_access_disabled") return "mobile_access_disabled";
  if (status == 401 && text == "unknown user") return "unknown_user";
  if (status == 403 && text.starts_with("account disabled")) return "account_disabled";
  return {};
}

ErrorKind kind_for(int status, std::string_view code) {
  const std::string_view condition = condition_of(status, code);
  if (condition == "mobile_access_disabled") return ErrorKind::vehicle_unavailable;
  if (condition == "account_disabled") return ErrorKind::payment_required;
  switch (status) {
    case 401:
      return code == "login_required" ? ErrorKind::login_required : ErrorKind::unauthorized;
    case 402:
      return ErrorKind::payment_required;
    case 403:
      return ErrorKind::missing_scope;
    case 404:
      return ErrorKind::not_found;
    case 408:
      return ErrorKind::vehicle_unavailable;
    case 412:
      return ErrorKind::region_not_registered;
    case 421:
      return ErrorKind::wrong_region;
    case 423:
      return ErrorKind::locked;
    case 429:
      return ErrorKind::rate_limited;
    case 499:
      return ErrorKind::transport;
    default:
      break;
  }
  if (status >= 500) return ErrorKind::server;
  if (status == 400 && (code == "invalid_grant" || code == "login_required")) {
    return ErrorKind::login_required;  // a refresh token that was revoked or cycled out
  }
  return ErrorKind::invalid_argument;
}

std::string user_message(ErrorKind kind, const CallContext& context, const EndpointInfo& row,
                         std::string_view condition) {
  if (condition == "mobile_access_disabled") {
    return "Mobile access is switched off in this vehicle (Controls > Safety > Allow Mobile "
           "Access), so Tesla cannot reach it.";
  }
  if (condition == "unknown_user") {
    return "Tesla does not know this account yet: sign in to the Tesla app once, then try again.";
  }
  if (condition == "account_disabled") {
    return "Tesla has disabled this application's access (billing limit or payment); no further "
           "calls are made until the operator resolves it.";
  }
  switch (kind) {
    case ErrorKind::region_not_registered:
      return "The application is not registered in the Tesla " + context.region +
             " region. Register it with: " + register_command(context.region);
    case ErrorKind::missing_scope:
      return row.scope.empty() ? std::string(default_user_message(kind))
                               : "The Tesla account did not grant the '" + std::string(row.scope) +
                                     "' permission; sign in again and approve it.";
    default:
      return std::string(default_user_message(kind));
  }
}

}  // namespace

bool token_rejected(const Error& error) {
  return error.kind == ErrorKind::unauthorized && !error.get("reason");
}

std::string register_command(std::string_view region) {
  return "cpt partner register --region " + std::string(region.empty() ? "<region>" : region) +
         " --domain <your domain>";
}

bool is_allowed_fleet_host(std::string_view host, std::span<const std::string> extra_hosts) {
  if (host.empty()) return false;
  for (std::string_view domain : {"tesla.com", "tesla.cn", "teslamotors.com"}) {
    if (ends_with_domain(host, domain)) return true;
  }
  for (const auto& extra : extra_hosts) {
    if (http::url_host(extra).empty() ? host == extra : host == http::url_host(extra)) return true;
  }
  return false;
}

std::optional<std::string> allowed_base_url(std::string_view url,
                                            std::span<const std::string> extra_hosts) {
  std::string_view scheme;
  if (url.starts_with("https://")) {
    scheme = "https://";
  } else if (url.starts_with("http://")) {
    scheme = "http://";
  } else {
    return std::nullopt;
  }
  std::string_view rest = url.substr(scheme.size());
  std::size_t end = 0;
  while (end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[end])) != 0 ||
                               rest[end] == '-' || rest[end] == '.' || rest[end] == ':')) {
    ++end;
  }
  // Anything but a path, query or the end after the authority (user info, odd bytes) is refused.
  if (end < rest.size() && rest[end] != '/' && rest[end] != '?') return std::nullopt;
  const std::string base = std::string(scheme) + std::string(rest.substr(0, end));
  const std::string host = http::url_host(base);
  if (!is_allowed_fleet_host(host, extra_hosts)) return std::nullopt;
  // Plain http is acceptable only for an explicitly configured (simulator) host.
  if (scheme == "http://" && is_allowed_fleet_host(host, {})) return std::nullopt;
  return base;
}

std::optional<std::string> base_url_from_misdirected(std::string_view body,
                                                     std::span<const std::string> extra_hosts) {
  auto named = wire::base_url_in(body);
  if (!named) return std::nullopt;
  return allowed_base_url(*named, extra_hosts);
}

std::optional<std::chrono::seconds> retry_after(const http::HttpResponse& response,
                                                std::chrono::system_clock::time_point now) {
  if (auto value = response.header("retry-after")) {
    if (auto seconds = to_int(*value)) return std::chrono::seconds(*seconds);
  }
  if (auto value = response.header("ratelimit-reset")) {
    if (auto seconds = to_int(*value)) {
      // Above a billion it can only be an epoch time, not a delay.
      if (*seconds > 1'000'000'000) {
        const auto epoch = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
        return std::chrono::seconds(std::max<std::int64_t>(0, *seconds - epoch.count()));
      }
      return std::chrono::seconds(*seconds);
    }
  }
  if (auto seconds = wire::retry_seconds_in(response.body)) return std::chrono::seconds(*seconds);
  return std::nullopt;
}

Error error_from_response(const http::HttpResponse& response, const CallContext& context) {
  const EndpointInfo& row = info(context.endpoint);
  const ErrorBody body = wire::parse_error_body(response.body);
  const std::string code = body.error.value_or(body.text.value_or(""));
  const ErrorKind kind = kind_for(response.status, code);
  const std::string_view condition = condition_of(response.status, code);
  std::string log = std::string(row.name) + " answered HTTP " + std::to_string(response.status);
  if (!code.empty()) log += ": " + redact::text(clip(code));
  Error error = make_error(kind, std::move(log), user_message(kind, context, row, condition));
  if (!condition.empty()) error.with("reason", std::string(condition));
  error.with("http_status", std::to_string(response.status))
      .with("endpoint", std::string(row.name));
  if (!context.region.empty()) error.with("region", context.region);
  if (!context.vin_suffix.empty()) error.with("vin_suffix", context.vin_suffix);
  if (!code.empty()) error.with("tesla_error", redact::text(clip(code)));
  if (body.error_description && !body.error_description->empty()) {
    error.with("tesla_error_description", redact::text(clip(*body.error_description)));
  }
  if (kind == ErrorKind::rate_limited) {
    if (auto wait = retry_after(response, context.now)) {
      error.with("retry_after_s", std::to_string(wait->count()));
    }
  }
  if (kind == ErrorKind::wrong_region) {
    if (auto url = base_url_from_misdirected(response.body, context.extra_allowed_hosts)) {
      error.with("base_url", *url);
    }
  }
  if (kind == ErrorKind::region_not_registered) {
    error.with("register_command", register_command(context.region));
  }
  if (response.status == 403 && contains(code, "Vehicle Command Protocol required")) {
    error.with("reason", "vehicle_command_protocol_required");
  }
  return error;
}

}  // namespace cpt::tesla
