#include "cpt/service/router.h"

#include <chrono>

#include "cpt/service/ids.h"

namespace cpt::service {

namespace {

std::string_view error_code_for(int status) {
  switch (status) {
    case 400:
      return "invalid_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 429:
      return "rate_limited";
    default:
      return status >= 500 ? "server_error" : "request_failed";
  }
}

}  // namespace

http::Router::Handler Router::wrap(std::string method, std::string route, Handler handler,
                                   RouteOptions options) {
  // Captures the state, never the Router: routers are short-lived builders.
  return [&state = state_, method = std::move(method), route = std::move(route),
          handler = std::move(handler), options](const http::Request& req, http::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    RequestContext ctx{new_request_id(), route, client_ip(req, state.trusted_proxies),
                       browser_id(*state.sealer, req, state.config.cookie_secure)};
    res.set_header("X-Request-Id", ctx.request_id);
    set_security_headers(res, options.kind);
    const RateDecision decision =
        options.limit == RouteOptions::Limit::oauth    ? state.oauth_limiter->acquire(ctx.ip)
        : options.limit == RouteOptions::Limit::verify ? state.verify_limiter->acquire(ctx.ip)
                                                       : RateDecision{};
    const std::size_t max_body =
        options.max_body_bytes > 0 ? options.max_body_bytes : state.config.max_body_bytes;
    if (method != "GET" && !same_site_request(req, state.own_origins)) {
      // A cross-site form or fetch would ride on the victim's cookie (login CSRF, deletion).
      send_error(res, 403, "cross_site_request", "Requests from other sites are refused.");
    } else if (!decision.allowed) {
      res.set_header("Retry-After", std::to_string(decision.retry_after.count()));
      send_error(res, 429, "rate_limited",
                 options.limit == RouteOptions::Limit::oauth
                     ? "Too many sign-in attempts; try again shortly."
                     : "Too many requests; try again shortly.");
    } else if (req.body.size() > max_body) {
      send_error(res, 413, "payload_too_large", "The request body is too large.");
    } else {
      try {
        handler(ctx, req, res);
      } catch (const std::exception& e) {
        state.logger->error(ctx.request_id, "handler_exception",
                            {{"route", route}, {"what", e.what()}});
        send_error(res, 500, "server_error", "Something went wrong; please try again.");
      }
    }
    // A handler that only sets content leaves the status to the server's default (200); the
    // metrics and the access log must record what the client receives.
    if (res.status == -1) res.status = 200;
    const auto elapsed = std::chrono::steady_clock::now() - started;
    state.metrics->observe_request(method, route, res.status, elapsed);
    if (state.config.log_requests) {
      state.logger->info(ctx.request_id, "http_request",
                         {{"method", method},
                          {"route", route},
                          {"status", res.status},
                          {"ms", std::chrono::duration<double, std::milli>(elapsed).count()},
                          {"ip", ctx.ip}});
    }
  };
}

void Router::get(const std::string& pattern, std::string route, Handler handler, RouteOptions o) {
  server_.Get(pattern, wrap("GET", std::move(route), std::move(handler), o));
}

void Router::post(const std::string& pattern, std::string route, Handler handler, RouteOptions o) {
  server_.Post(pattern, wrap("POST", std::move(route), std::move(handler), o));
}

void Router::del(const std::string& pattern, std::string route, Handler handler, RouteOptions o) {
  server_.Delete(pattern, wrap("DELETE", std::move(route), std::move(handler), o));
}

void Router::install_error_handler() {
  server_.set_error_handler([&state = state_](const http::Request& req, http::Response& res) {
    if (!res.body.empty()) return;
    const std::string request_id = new_request_id();
    res.set_header("X-Request-Id", request_id);
    set_security_headers(res, ResponseKind::api);
    const std::string_view code = error_code_for(res.status);
    send_error(res, res.status, code,
               res.status == 413   ? "The request body is too large."
               : res.status == 404 ? "No such resource."
                                   : "The request could not be served.");
    state.metrics->observe_request(req.method, "unmatched", res.status,
                                   std::chrono::nanoseconds(0));
    if (state.config.log_requests) {
      state.logger->info(request_id, "http_request",
                         {{"method", req.method},
                          {"route", "unmatched"},
                          {"status", res.status},
                          {"ip", client_ip(req, state.trusted_proxies)}});
    }
  });
}

}  // namespace cpt::service
