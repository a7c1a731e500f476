// Router: registers the service's routes on the http::Router with the common wrapping: request id,
// security headers, rate limit, exception guard, metrics and one access log line. Private.
#pragma once

#include <functional>
#include <string>

#include "cpt/service/http_support.h"
#include "cpt/service/service_state.h"

namespace cpt::service {

// How a route is wrapped.
struct RouteOptions {
  ResponseKind kind = ResponseKind::api;
  // The per-IP bucket that applies: the OAuth routes', the report check's, or none.
  enum class Limit { none, oauth, verify } limit = Limit::none;
  // Largest request body (413 above); 0: the configured max_body_bytes. The server reads bodies
  // up to the largest limit of any route, so each route enforces its own.
  std::size_t max_body_bytes = 0;
};

class Router {
 public:
  using Handler =
      std::function<void(RequestContext& ctx, const http::Request& req, http::Response& res)>;

  Router(http::Router& server, ServiceState& state) : server_(server), state_(state) {}

  // `pattern` is a whole-path regex; `route` the template used in logs and metrics labels.
  void get(const std::string& pattern, std::string route, Handler handler, RouteOptions o = {});
  void post(const std::string& pattern, std::string route, Handler handler, RouteOptions o = {});
  void del(const std::string& pattern, std::string route, Handler handler, RouteOptions o = {});
  // JSON envelopes for what the server answers itself (404 no route, 413 body too large, ...).
  void install_error_handler();

 private:
  http::Router::Handler wrap(std::string method, std::string route, Handler handler,
                             RouteOptions options);
  http::Router& server_;
  ServiceState& state_;
};

// Route registration, one function per file.
void add_public_routes(Router& router, ServiceState& state);
void add_oauth_routes(Router& router, ServiceState& state);
void add_session_routes(Router& router, ServiceState& state);
void add_verify_routes(Router& router, ServiceState& state);

}  // namespace cpt::service
