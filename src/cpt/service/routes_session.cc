// Routes of one order session: vehicles, order, progress, downloads and deletion. Every one of
// them checks that the calling browser owns the session.
#include <nlohmann/json.hpp>

#include "cpt/core/time.h"
#include "cpt/core/vin.h"
#include "cpt/service/ids.h"
#include "cpt/service/request_bodies.h"
#include "cpt/service/router.h"

namespace cpt::service {

namespace {

using nlohmann::json;

constexpr const char* kSession = "/api/v1/sessions/([A-Za-z0-9_-]{16,64})";
constexpr const char* kVin = "([A-HJ-NPR-Z0-9]{17})";

// The session named in the path when it exists, has not expired and belongs to the caller's
// browser. Anything else is the same 404, so nobody can probe for other people's sessions.
std::optional<store::SessionRecord> owned_session(ServiceState& state, const RequestContext& ctx,
                                                  const http::Request& req, http::Response& res) {
  auto session = state.store->find_session(req.matches[1].str(), state.clock->now());
  if (!session) {
    send_error(res, 503, "storage_unavailable", "The session storage failed; please try again.");
    return std::nullopt;
  }
  if (!*session || !ctx.browser ||
      !constant_time_equal(sha256_hex(*ctx.browser), (*session)->owner)) {
    send_error(res, 404, "session_not_found", "No such session (it may have expired).");
    return std::nullopt;
  }
  return std::move(**session);
}

void vehicles(ServiceState& state, RequestContext& ctx, const http::Request& req,
              http::Response& res) {
  auto session = owned_session(state, ctx, req, res);
  if (!session) return;
  const json body = {
      {"sessionId", session->id},
      {"region", session->region},
      {"expiresAt",
       format_iso8601(from_epoch_seconds(
           std::chrono::duration_cast<std::chrono::seconds>(session->expires_at.time_since_epoch())
               .count()))},
      {"vehicles", json::parse(session->inventory_json, nullptr, false)}};
  send_json(res, 200, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool vin_in_inventory(const store::SessionRecord& session, const std::string& vin) {
  const json inventory = json::parse(session.inventory_json, nullptr, false);
  if (!inventory.is_array()) return false;
  for (const json& card : inventory) {
    if (card.is_object() && card.value("vin", "") == vin) return true;
  }
  return false;
}

void order(ServiceState& state, RequestContext& ctx, const http::Request& req,
           http::Response& res) {
  auto session = owned_session(state, ctx, req, res);
  if (!session) return;
  auto spec = spec_from_json(req.body);
  if (!spec) {
    send_error(res, 400, "invalid_order", spec.error().user_message);
    return;
  }
  if (static_cast<int>(spec->vins.size()) > state.config.max_vins_per_order) {
    send_error(
        res, 400, "invalid_order",
        "At most " + std::to_string(state.config.max_vins_per_order) + " vehicles per order.");
    return;
  }
  for (const std::string& vin : spec->vins) {
    if (!vin_in_inventory(*session, vin)) {
      send_error(res, 400, "unknown_vehicle", "A selected vehicle is not in this account.");
      return;
    }
  }
  auto started = state.orders->start(*session, *spec, ctx.request_id);
  if (!started) {
    if (started.error().kind == ErrorKind::conflict) {
      send_error(res, 409, "order_exists", "This session already has an order.");
    } else {
      send_error(res, 503, "storage_unavailable", "The order could not be stored.");
    }
    return;
  }
  const json body = {{"orderId", started->id},
                     {"status", "running"},
                     {"progressUrl", "/api/v1/sessions/" + session->id + "/progress"}};
  send_json(res, 202, body.dump());
}

void progress(ServiceState& state, RequestContext& ctx, const http::Request& req,
              http::Response& res) {
  auto session = owned_session(state, ctx, req, res);
  if (!session) return;
  auto document = state.orders->progress_json(session->id);
  if (!document) {
    send_error(res, 503, "storage_unavailable", "The progress could not be read.");
  } else if (!*document) {
    send_error(res, 404, "no_order", "This session has no order yet.");
  } else {
    send_json(res, 200, std::move(**document));
  }
}

// The stored format of a download: `?lang=` picks one of the order's languages (the first one
// when absent). Empty when the order has no such language.
std::optional<std::string> stored_format(const std::optional<store::OrderRecord>& order,
                                         const http::Request& req, const std::string& format) {
  if (!req.has_param("lang") || format == "invoices.zip") return format;
  const auto language = report::parse_language(req.get_param_value("lang"));
  auto spec = order ? spec_from_json(order->spec_json) : Result<OrderSpec>(OrderSpec{});
  if (!language || !spec) return std::nullopt;
  // A language added after the order (POST .../languages) is stored the same way.
  return artifact_format(*spec, *language, format);
}

// The download of one artifact. While the order runs, a vehicle's report can be read as soon as
// it is stored (its modules are in); the invoice ZIPs wait for the order's end.
void download(ServiceState& state, RequestContext& ctx, const http::Request& req,
              http::Response& res, const std::string& vin, const std::string& format) {
  auto session = owned_session(state, ctx, req, res);
  if (!session) return;
  auto order_record = state.store->find_order_of_session(session->id);
  const bool running =
      order_record && *order_record && (*order_record)->status == store::OrderStatus::running;
  if (running && format == "invoices.zip") {
    send_error(res, 409, "order_running", "The reports are not ready yet.");
    return;
  }
  const auto stored = stored_format(order_record ? *order_record : std::nullopt, req, format);
  if (!stored) {
    send_error(res, 404, "report_not_found", "No such report in this session.");
    return;
  }
  auto artifact = state.store->find_artifact(session->id, vin, *stored);
  if (!artifact) {
    send_error(res, 503, "storage_unavailable", "The report could not be read.");
    return;
  }
  if (!*artifact && running) {
    send_error(res, 409, "order_running", "The reports are not ready yet.");
    return;
  }
  if (!*artifact) {
    send_error(res, 404, "report_not_found", "No such report in this session.");
    return;
  }
  set_security_headers(res, ResponseKind::report);
  const std::string suffix = vin.empty() ? "order" : vin.substr(vin.size() - 4);
  std::string lang;  // built by append: GCC 12 warns falsely (-Wrestrict) on "-" + string
  if (req.has_param("lang")) lang.append("-").append(req.get_param_value("lang"));
  const std::string file = format == "invoices.zip" ? "cpt-invoices-" + suffix + ".zip"
                                                    : "cpt-report-" + suffix + lang + "." + format;
  const bool inline_view = format == "html" && !req.has_param("download");
  res.set_header("Content-Disposition", std::string(inline_view ? "inline" : "attachment") +
                                            "; filename=\"" + file + "\"");
  res.set_content(std::move((*artifact)->bytes), (*artifact)->content_type);
}

void erase(ServiceState& state, RequestContext& ctx, const http::Request& req,
           http::Response& res) {
  auto session = owned_session(state, ctx, req, res);
  if (!session) return;
  state.orders->forget(session->id);
  state.tesla->forget(session->id);
  if (auto deleted = state.store->delete_session(session->id); !deleted) {
    send_error(res, 503, "storage_unavailable", "The session could not be deleted.");
    return;
  }
  state.logger->info(ctx.request_id, "session_deleted", {});
  res.status = 204;
}

// POST {"language": "de"}: the finished order's reports in one more language, from the Tesla
// answers it stored (no Tesla call). 200 with the language's download form; idempotent.
void add_language(ServiceState& state, RequestContext& ctx, const http::Request& req,
                  http::Response& res) {
  auto session = owned_session(state, ctx, req, res);
  if (!session) return;
  const auto language = language_from_body(req.body);
  if (!language) {
    send_error(res, 400, "invalid_order",
               "Invalid request: language must be one of the strings en, fi, sv, no, da, de, "
               "fr, es, it.");
    return;
  }
  auto record = state.store->find_order_of_session(session->id);
  if (!record) {
    send_error(res, 503, "storage_unavailable", "The order could not be read.");
    return;
  }
  if (!*record) {
    send_error(res, 404, "no_order", "This session has no order yet.");
    return;
  }
  if ((*record)->status != store::OrderStatus::done) {
    send_error(res, 409, "order_running", "The reports are not ready yet.");
    return;
  }
  auto added = state.orders->add_language(**record, *language);
  if (!added) {
    send_error(res, 503, "storage_unavailable", "The reports could not be rendered.");
    return;
  }
  const std::string code(report::to_string(*language));
  send_json(res, 200,
            json{{"language", code},
                 {"teslaCalls", *added},
                 {"reportUrl",
                  "/api/v1/sessions/" + session->id + "/reports/{vin}.{format}?lang=" + code}}
                .dump());
}

// The web UI's words: ?lang= when we speak it, else the browser's Accept-Language, else English.
void ui_text(ServiceState& state, RequestContext&, const http::Request& req, http::Response& res) {
  const report::Language language =
      preferred_language(req.get_param_value("lang"), req.get_header_value("Accept-Language"));
  auto body = ui_text_json(state.assets, language);
  if (!body) {
    send_error(res, 404, "not_found", "No such resource.");
    return;
  }
  res.set_header("Content-Language", std::string(report::to_string(language)));
  res.set_header("Vary", "Accept-Language");
  send_json(res, 200, std::move(*body));
}

}  // namespace

void add_session_routes(Router& router, ServiceState& state) {
  const std::string session = kSession;
  auto bind = [&state](auto fn) {
    return [&state, fn](RequestContext& ctx, const http::Request& req, http::Response& res) {
      fn(state, ctx, req, res);
    };
  };
  router.get("/api/v1/ui-text", "/api/v1/ui-text", bind(ui_text));
  router.get(session + "/vehicles", "/api/v1/sessions/{id}/vehicles", bind(vehicles));
  router.post(session + "/order", "/api/v1/sessions/{id}/order", bind(order));
  router.post(session + "/languages", "/api/v1/sessions/{id}/languages", bind(add_language));
  router.get(session + "/progress", "/api/v1/sessions/{id}/progress", bind(progress));
  router.get(session + "/reports/" + kVin + R"(\.(json|html|pdf|csv))",
             "/api/v1/sessions/{id}/reports/{vin}.{format}",
             [&state](RequestContext& ctx, const http::Request& req, http::Response& res) {
               download(state, ctx, req, res, req.matches[2].str(), req.matches[3].str());
             });
  router.get(session + "/reports/" + kVin + "/invoices\\.zip",
             "/api/v1/sessions/{id}/reports/{vin}/invoices.zip",
             [&state](RequestContext& ctx, const http::Request& req, http::Response& res) {
               download(state, ctx, req, res, req.matches[2].str(), "invoices.zip");
             });
  router.get(session + "/invoices\\.zip", "/api/v1/sessions/{id}/invoices.zip",
             [&state](RequestContext& ctx, const http::Request& req, http::Response& res) {
               download(state, ctx, req, res, "", "invoices.zip");
             });
  router.del(session, "/api/v1/sessions/{id}", bind(erase));
}

}  // namespace cpt::service
