// HTTP plumbing shared by the service's routes: the JSON error envelope, cookies, security
// headers and the per-request context. Private to service/.
#pragma once

#include "cpt/core/error.h"
#include "cpt/http/router.h"
#include "cpt/store/sealer.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cpt::service {

// Name of the browser cookie that binds sessions and OAuth states to one browser.
inline constexpr std::string_view kBrowserCookie = "cpt_browser";

// What a handler knows about its request beyond http::Request. Value type.
struct RequestContext {
  std::string request_id;
  std::string route;  // template, e.g. "/api/v1/sessions/{id}/progress"
  std::string ip;
  std::optional<std::string> browser;  // cookie value, when the browser sent one
};

// Which header set a response gets.
enum class ResponseKind {
  api,           // JSON API answers: no-store
  report,        // report downloads: no-store and a strict CSP that still allows inline CSS/SVG
  page,          // the web UI
  public_asset,  // .well-known keys, openapi: cacheable
};

// Adds HSTS, nosniff, Referrer-Policy, framing rules, CSP and Cache-Control for the kind.
void set_security_headers(http::Response& res, ResponseKind kind);

// {"error": code, "error_description": description} with the status.
void send_error(http::Response& res, int status, std::string_view error,
                std::string_view description);
void send_json(http::Response& res, int status, std::string body);

// The value of a cookie in the request's Cookie header(s), if present.
std::optional<std::string> cookie_value(const http::Request& req, std::string_view name);
// The browser cookie's name: "__Host-cpt_browser" when Secure (the browser then refuses it from
// a subdomain or over http, and without Path=/), "cpt_browser" otherwise.
std::string browser_cookie_name(bool secure);
// "name=value; Path=/; HttpOnly; SameSite=Lax; Max-Age=N" (+ "; Secure" when asked).
std::string browser_cookie_header(std::string_view value, std::chrono::seconds max_age,
                                  bool secure);
// The cookie value for a browser id: the id sealed with the service's key (hex), so only values
// the server issued are ever accepted (no fixation by a cookie the attacker chose).
Result<std::string> seal_browser_id(const store::Sealer& sealer, std::string_view id);
// The browser id in the request's cookie, when the cookie is one the server issued.
std::optional<std::string> browser_id(const store::Sealer& sealer, const http::Request& req,
                                      bool secure);

}  // namespace cpt::service
