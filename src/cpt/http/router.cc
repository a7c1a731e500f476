#include "cpt/http/router.h"

namespace cpt::http {

Router& Router::add(std::string method, const std::string& pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), std::regex(pattern), std::move(handler)});
  return *this;
}

Router& Router::Get(const std::string& pattern, Handler handler) {
  return add("GET", pattern, std::move(handler));
}

Router& Router::Post(const std::string& pattern, Handler handler) {
  return add("POST", pattern, std::move(handler));
}

Router& Router::Put(const std::string& pattern, Handler handler) {
  return add("PUT", pattern, std::move(handler));
}

Router& Router::Delete(const std::string& pattern, Handler handler) {
  return add("DELETE", pattern, std::move(handler));
}

void Router::set_error_handler(Handler handler) {
  error_handler_ = std::move(handler);
}

void Router::dispatch(Request& req, Response& res) const {
  const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
  bool routed = false;
  for (const auto& route : routes_) {
    if (route.method != method || !std::regex_match(req.path, req.matches, route.pattern)) {
      continue;
    }
    route.handler(req, res);
    routed = true;
    break;
  }
  if (res.status == -1) res.status = routed ? 200 : 404;
  if (res.status >= 400 && error_handler_) error_handler_(req, res);
}

void Router::refuse(Request& req, Response& res, int status) const {
  res.status = status;
  if (error_handler_) error_handler_(req, res);
}

}  // namespace cpt::http
