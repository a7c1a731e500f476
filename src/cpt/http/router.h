// Router: the table of (method, path regex) → handler a server dispatches a request to, with the
// registration API of cpp-httplib's Server (Get/Post/Put/Delete, set_error_handler).
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "cpt/http/message.h"

namespace cpt::http {

// Routes are registered before the server starts and only read afterwards, so dispatching from
// many worker threads needs no lock.
class Router {
 public:
  using Handler = std::function<void(const Request&, Response&)>;

  // `pattern` must match the whole path (std::regex_match); captures land in Request::matches.
  Router& Get(const std::string& pattern, Handler handler);
  Router& Post(const std::string& pattern, Handler handler);
  Router& Put(const std::string& pattern, Handler handler);
  Router& Delete(const std::string& pattern, Handler handler);
  // Called for every answer with status >= 400 (routed or not) so it can add a body.
  void set_error_handler(Handler handler);

  // Runs the first route whose method and pattern match (HEAD uses the GET routes), sets
  // status 200 when the handler left it unset and 404 when nothing matched, then runs the error
  // handler for a status >= 400.
  void dispatch(Request& req, Response& res) const;
  // Answers a request the server refused before routing (408, 413, 429, 431, 503, ...).
  void refuse(Request& req, Response& res, int status) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
  };
  Router& add(std::string method, const std::string& pattern, Handler handler);
  std::vector<Route> routes_;
  Handler error_handler_;
};

}  // namespace cpt::http
