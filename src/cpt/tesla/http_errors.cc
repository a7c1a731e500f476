#include "cpt/tesla/http_errors.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "cpt/core/redact.h"

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

ErrorKind kind_for(int status, const ErrorBody& body) {
  switch (status) {
    case 401:
      return body.error == "login_required" ? ErrorKind::login_required : ErrorKind::unauthorized;
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
  if (status == 400 && (body.error == "invalid_grant" || body.error == "login_required")) {
    return ErrorKind::login_required;  // a refresh token that was revoked or cycled out
  }
  return ErrorKind::invalid_argument;
}

std::string user_message(ErrorKind kind, const CallContext& context, const EndpointInfo& row) {
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

ErrorBody parse_error_body(std::string_view body) {
  ErrorBody out;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object()) {
    if (auto it = json.find("error"); it != json.end() && it->is_string()) {
      out.error = it->get<std::string>();
    }
    if (auto it = json.find("error_description"); it != json.end() && it->is_string()) {
      out.description = it->get<std::string>();
    }
    return out;
  }
  if (!json.is_discarded()) return out;  // valid JSON but not an envelope (e.g. null)
  out.error = clip(body);                // plain text, e.g. "Retry in 37829 seconds"
  return out;
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

std::optional<std::string> base_url_from_misdirected(std::string_view body,
                                                     std::span<const std::string> extra_hosts) {
  // Tesla's own client reads the host with `use base URL: https://([-a-z0-9.]*)`; the simulator
  // may serve plain http on a port, so the scheme and a port are accepted as well.
  static constexpr std::string_view kMarker = "use base URL: ";
  const auto at = body.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = body.substr(at + kMarker.size());
  std::string_view scheme;
  if (rest.starts_with("https://")) {
    scheme = "https://";
  } else if (rest.starts_with("http://")) {
    scheme = "http://";
  } else {
    return std::nullopt;
  }
  rest.remove_prefix(scheme.size());
  std::size_t end = 0;
  while (end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[end])) != 0 ||
                               rest[end] == '-' || rest[end] == '.' || rest[end] == ':')) {
    ++end;
  }
  const std::string authority(rest.substr(0, end));
  const std::string url = std::string(scheme) + authority;
  std::string host = http::url_host(url);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!is_allowed_fleet_host(host, extra_hosts)) return std::nullopt;
  // Plain http is only acceptable for an explicitly configured (simulator) host.
  if (scheme == "http://" && is_allowed_fleet_host(host, {})) return std::nullopt;
  return url;
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
  return std::nullopt;
}

Error error_from_response(const http::HttpResponse& response, const CallContext& context) {
  const EndpointInfo& row = info(context.endpoint);
  const ErrorBody body = parse_error_body(response.body);
  const ErrorKind kind = kind_for(response.status, body);
  std::string log = std::string(row.name) + " answered HTTP " + std::to_string(response.status);
  if (!body.error.empty()) log += ": " + redact::text(clip(body.error));
  Error error = make_error(kind, std::move(log), user_message(kind, context, row));
  error.with("http_status", std::to_string(response.status))
      .with("endpoint", std::string(row.name));
  if (!context.region.empty()) error.with("region", context.region);
  if (!context.vin_suffix.empty()) error.with("vin_suffix", context.vin_suffix);
  if (!body.error.empty()) error.with("tesla_error", redact::text(clip(body.error)));
  if (!body.description.empty()) {
    error.with("tesla_error_description", redact::text(clip(body.description)));
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
  if (response.status == 403 && contains(body.error, "Vehicle Command Protocol required")) {
    error.with("reason", "vehicle_command_protocol_required");
  }
  if (response.status == 401 && body.error == "mobile_access_disabled") {
    error.with("reason", "mobile_access_disabled");
  }
  return error;
}

}  // namespace cpt::tesla
