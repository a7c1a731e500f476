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

std::string browser_cookie_name(bool secure) {
  return secure ? "__Host-" + std::string(kBrowserCookie) : std::string(kBrowserCookie);
}

std::string browser_cookie_header(std::string_view value, std::chrono::seconds max_age,
                                  bool secure) {
  std::string out = browser_cookie_name(secure);
  out += "=";
  out += value;
  out += "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count());
  if (secure) out += "; Secure";
  return out;
}

namespace {

constexpr std::string_view kBrowserSealContext = "cpt-browser-cookie";

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view text) {
  if (text.size() % 2 != 0 || text.size() > 512) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = nibble(text[i]);
    const int lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

Result<std::string> seal_browser_id(const store::Sealer& sealer, std::string_view id) {
  auto sealed = sealer.seal(id, kBrowserSealContext);
  if (!sealed) return fail(std::move(sealed.error()));
  return to_hex(*sealed);
}

std::optional<std::string> browser_id(const store::Sealer& sealer, const http::Request& req,
                                      bool secure) {
  const auto value = cookie_value(req, browser_cookie_name(secure));
  if (!value) return std::nullopt;
  const auto sealed = from_hex(*value);
  if (!sealed) return std::nullopt;
  auto id = sealer.open(*sealed, kBrowserSealContext);
  if (!id || id->size() < 32) return std::nullopt;
  return std::move(*id);
}

}  // namespace cpt::service
