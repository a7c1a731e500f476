// Routes anyone may call: health, metrics, the OpenAPI document, the public keys and the UI.
#include "cpt/service/client_address.h"
#include "cpt/service/ids.h"
#include "cpt/service/router.h"

namespace cpt::service {

namespace {

void send_pem(http::Response& res, const std::string& pem, std::string_view what) {
  if (pem.empty()) {
    send_error(res, 404, "not_configured", std::string(what) + " is not configured.");
    return;
  }
  res.set_content(pem, "application/x-pem-file");
}

void add_ui_routes(Router& router, ServiceState& state) {
  // Only the UI's own files are served: a fixed set of names, never a path into the filesystem.
  router.get(R"(/|/[A-Za-z0-9_-]+\.(html|js|css|svg|png|ico))", "/{asset}",
             [&state](RequestContext&, const http::Request& req, http::Response& res) {
               const WebFile* file = state.assets.find(req.path);
               if (file == nullptr) {
                 send_error(res, 404, "not_found", "No such resource.");
                 return;
               }
               res.set_content(file->bytes, file->content_type);
             },
             {.kind = ResponseKind::page});
}

// Tesla spend, session counts and traffic are for the operator: with a token configured, only a
// request bearing it; without, only a direct loopback peer (a proxied request carries
// X-Forwarded-For or Forwarded, and comes from the internet).
bool may_read_metrics(const ServiceConfig& config, const http::Request& req) {
  if (!config.metrics_token.empty()) {
    return constant_time_equal(req.get_header_value("Authorization"),
                               "Bearer " + config.metrics_token);
  }
  return is_loopback(req.remote_addr) && !req.has_header("X-Forwarded-For") &&
         !req.has_header("Forwarded");
}

}  // namespace

void add_public_routes(Router& router, ServiceState& state) {
  router.get("/health", "/health", [](RequestContext&, const http::Request&, http::Response& res) {
    send_json(res, 200, R"({"status":"ok"})");
  });
  router.get("/metrics", "/metrics",
             [&state](RequestContext&, const http::Request& req, http::Response& res) {
               if (!may_read_metrics(state.config, req)) {
                 send_error(res, 404, "not_found", "No such resource.");
                 return;
               }
               res.set_content(state.metrics->render(), "text/plain; version=0.0.4");
             });
  router.get("/openapi.json", "/openapi.json",
             [](RequestContext&, const http::Request&, http::Response& res) {
               res.set_content(std::string(embedded_openapi()), "application/json");
             },
             {.kind = ResponseKind::public_asset});
  router.get("/.well-known/appspecific/com.tesla.3p.public-key.pem",
             "/.well-known/appspecific/com.tesla.3p.public-key.pem",
             [&state](RequestContext&, const http::Request&, http::Response& res) {
               send_pem(res, state.config.tesla_public_key_pem, "The Tesla public key");
             },
             {.kind = ResponseKind::public_asset});
  router.get("/.well-known/cpt/report-signing-key.pem", "/.well-known/cpt/report-signing-key.pem",
             [&state](RequestContext&, const http::Request&, http::Response& res) {
               send_pem(res, state.signing_key ? state.signing_key->public_key().public_pem() : "",
                        "The report-signing key");
             },
             {.kind = ResponseKind::public_asset});
  add_ui_routes(router, state);
}

}  // namespace cpt::service
