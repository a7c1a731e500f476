// Router: registers the service's routes on httplib with the common wrapping: request id,
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
  bool rate_limited = false;  // the per-IP OAuth bucket applies
};

class Router {
 public:
  using Handler =
      std::function<void(RequestContext& ctx, const httplib::Request& req, httplib::Response& res)>;

  Router(httplib::Server& server, ServiceState& state) : server_(server), state_(state) {}

  // `pattern` is httplib's regex; `route` the template used in logs and metrics labels.
  void get(const std::string& pattern, std::string route, Handler handler, RouteOptions o = {});
  void post(const std::string& pattern, std::string route, Handler handler, RouteOptions o = {});
  void del(const std::string& pattern, std::string route, Handler handler, RouteOptions o = {});
  // JSON envelopes for what httplib answers itself (404 no route, 413 body too large, ...).
  void install_error_handler();

 private:
  httplib::Server::Handler wrap(std::string method, std::string route, Handler handler,
                                RouteOptions options);
  httplib::Server& server_;
  ServiceState& state_;
};

// Route registration, one function per file.
void add_public_routes(Router& router, ServiceState& state);
void add_oauth_routes(Router& router, ServiceState& state);
void add_session_routes(Router& router, ServiceState& state);

}  // namespace cpt::service
