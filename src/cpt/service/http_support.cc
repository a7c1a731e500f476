#include "cpt/service/http_support.h"

#include "cpt/service/logger.h"

namespace cpt::service {

namespace {

// Reports are self-contained HTML: inline styles and SVG, no scripts, no outside requests. The
// UI embeds them in an iframe from the same origin, nobody else may.
constexpr const char* kReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
constexpr const char* kPageCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";
constexpr const char* kApiCsp = "default-src 'none'; frame-ancestors 'none'";

// set_header appends: a route that changes its kind must replace, or a browser would
// enforce both policies.
void replace_header(http::Response& res, const std::string& key, const std::string& value) {
  res.headers.erase(key);
  res.set_header(key, value);
}

}  // namespace

void set_security_headers(http::Response& res, ResponseKind kind) {
  replace_header(res, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  replace_header(res, "X-Content-Type-Options", "nosniff");
  replace_header(res, "Referrer-Policy", "no-referrer");
  switch (kind) {
    case ResponseKind::api:
      replace_header(res, "Cache-Control", "no-store");
      replace_header(res, "Content-Security-Policy", kApiCsp);
      replace_header(res, "X-Frame-Options", "DENY");
      break;
    case ResponseKind::report:
      replace_header(res, "Cache-Control", "no-store");
      replace_header(res, "Pragma", "no-cache");
      replace_header(res, "Content-Security-Policy", kReportCsp);
      replace_header(res, "X-Frame-Options", "SAMEORIGIN");
      break;
    case ResponseKind::page:
      replace_header(res, "Cache-Control", "no-cache");
      replace_header(res, "Content-Security-Policy", kPageCsp);
      replace_header(res, "X-Frame-Options", "DENY");
      break;
    case ResponseKind::public_asset:
      replace_header(res, "Cache-Control", "public, max-age=300");
      replace_header(res, "Content-Security-Policy", kApiCsp);
      break;
  }
}

void send_json(http::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

void send_error(http::Response& res, int status, std::string_view error,
                std::string_view description) {
  std::string body = "{\"error\":";
  append_json_string(body, error);
  body += ",\"error_description\":";
  append_json_string(body, description);
  body += "}";
  send_json(res, status, std::move(body));
}

std::optional<std::string> cookie_value(const http::Request& req, std::string_view name) {
  const std::size_t count = req.get_header_value_count("Cookie");
  for (std::size_t n = 0; n < count; ++n) {
    const std::string header = req.get_header_value("Cookie", n);
    std::size_t start = 0;
    while (start < header.size()) {
      std::size_t end = header.find(';', start);
      if (end == std::string::npos) end = header.size();
      std::string_view part(header.data() + start, end - start);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      const std::size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) {
        return std::string(part.substr(eq + 1));
      }
      start = end + 1;
    }
  }
  return std::nullopt;
}

std::string browser_cookie_header(std::string_view value, std::chrono::seconds max_age,
                                  bool secure) {
  std::string out(kBrowserCookie);
  out += "=";
  out += value;
  out += "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count());
  if (secure) out += "; Secure";
  return out;
}

}  // namespace cpt::service
