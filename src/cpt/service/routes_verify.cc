// The public verify page: anyone drops a report (PDF or JSON) and learns whether it is genuine,
// in nine languages; and the published report-signing key set. Stateless by design: an uploaded
// report is checked in memory and answered, never stored, never logged (the access log line has
// no body and no verdict).
#include <nlohmann/json.hpp>

#include "cpt/core/html.h"
#include "cpt/report/catalog.h"
#include "cpt/report/verify.h"
#include "cpt/service/router.h"
#include "cpt/service/web_assets.h"

namespace cpt::service {

namespace {

using nlohmann::json;
using report::Catalog;
using report::Language;

// ?lang= first, then Accept-Language, else English (the same rule as the web UI's).
Language page_language(const http::Request& req) {
  return preferred_language(req.get_param_value("lang"), req.get_header_value("Accept-Language"));
}

// "4 MB" for the size limit: whole mebibytes, the way people say file sizes.
std::string size_text(std::size_t bytes) {
  if (bytes >= 1024 * 1024) return std::to_string(bytes / (1024 * 1024)) + " MB";
  return std::to_string(bytes / 1024) + " KB";
}

// The page template with every "{{name}}" replaced: "lang", "max_bytes", or a catalog key, each
// HTML-escaped (values go into text and quoted attributes).
std::string fill_template(std::string_view page, const Catalog& catalog, Language language,
                          std::size_t max_bytes) {
  std::string out;
  out.reserve(page.size() + 2048);
  std::size_t at = 0;
  while (at < page.size()) {
    const std::size_t open = page.find("{{", at);
    const std::size_t close = open == std::string_view::npos ? open : page.find("}}", open);
    if (close == std::string_view::npos) break;
    out.append(page.substr(at, open - at));
    const std::string_view name = page.substr(open + 2, close - open - 2);
    if (name == "lang") {
      out.append(report::to_string(language));
    } else if (name == "max_bytes") {
      out.append(std::to_string(max_bytes));
    } else if (name == "verify.too_large") {
      append_html_escaped(out, catalog.format(name, {{"limit", size_text(max_bytes)}}));
    } else {
      append_html_escaped(out, catalog.text(name));
    }
    at = close + 2;
  }
  out.append(page.substr(std::min(at, page.size())));
  return out;
}

// The date part of an ISO 8601 instant: unambiguous in every language.
std::string date_of(std::string_view iso) {
  return std::string(iso.substr(0, std::min<std::size_t>(iso.size(), 10)));
}

std::string verdict_message(const report::Verification& v, const Catalog& catalog) {
  using report::Authenticity;
  const std::string date = date_of(v.facts.generated_at);
  switch (v.authenticity) {
    case Authenticity::genuine: {
      const std::string odometer = v.facts.odometer.empty()
                                       ? std::string(catalog.text("verify.not_recorded"))
                                       : v.facts.odometer;
      return catalog.format(
          "verify.genuine",
          {{"key", v.key_id}, {"date", date}, {"vin", v.facts.vin_suffix}, {"odometer", odometer}});
    }
    case Authenticity::altered:
      return std::string(catalog.text("verify.altered"));
    case Authenticity::unknown_key:
      return catalog.format("verify.unknown_key", {{"key", v.key_id}});
    case Authenticity::expired_key:
      return catalog.format("verify.expired_key", {{"key", v.key_id}, {"date", date}});
    case Authenticity::unsigned_report:
      return std::string(catalog.text("verify.unsigned"));
    case Authenticity::unreadable:
      return std::string(catalog.text("verify.unreadable"));
  }
  return std::string(catalog.text("verify.unreadable"));
}

// The answer to one upload. Facts are repeated only when the signature itself verified.
json verdict_json(const report::Verification& v, const Catalog& catalog) {
  json out{{"verdict", report::to_string(v.authenticity)},
           {"genuine", v.valid},
           {"message", verdict_message(v, catalog)},
           {"format", report::to_string(v.format)}};
  if (!v.key_id.empty()) out["key_id"] = v.key_id;
  if (!v.canonical_sha256.empty()) out["fingerprint"] = v.canonical_sha256;
  if (!v.facts.generated_at.empty()) {
    out["generated_at"] = v.facts.generated_at;
    out["vin_suffix"] = v.facts.vin_suffix;
    if (!v.facts.odometer.empty()) out["odometer"] = v.facts.odometer;
  }
  return out;
}

void verify_upload(ServiceState& state, const http::Request& req, http::Response& res) {
  const Language language = page_language(req);
  const Catalog& catalog = Catalog::get(language);
  // The size limit is the route's (RouteOptions::max_body_bytes): larger bodies never get here.
  const report::Verification v = report::verify_report(req.body, *state.report_keys);
  send_json(res, 200, verdict_json(v, catalog).dump());
}

}  // namespace

void add_verify_routes(Router& router, ServiceState& state) {
  router.get("/verify", "/verify",
             [&state](RequestContext&, const http::Request& req, http::Response& res) {
               const WebFile* page = state.assets.find("/verify.html.tmpl");
               if (page == nullptr) {
                 send_error(res, 404, "not_found", "No such resource.");
                 return;
               }
               const Language language = page_language(req);
               res.set_content(fill_template(page->bytes, Catalog::get(language), language,
                                             state.config.max_verify_bytes),
                               "text/html; charset=utf-8");
               res.set_header("Content-Language", std::string(report::to_string(language)));
               res.set_header("Vary", "Accept-Language");
             },
             {.kind = ResponseKind::page});
  router.post(
      "/api/v1/verify", "/api/v1/verify",
      [&state](RequestContext&, const http::Request& req, http::Response& res) {
        verify_upload(state, req, res);
      },
      {.limit = RouteOptions::Limit::verify, .max_body_bytes = state.config.max_verify_bytes});
  router.get("/.well-known/cpt/report-signing-keys.json",
             "/.well-known/cpt/report-signing-keys.json",
             [&state](RequestContext&, const http::Request&, http::Response& res) {
               res.set_content(state.report_keys->to_json(), "application/json");
             },
             {.kind = ResponseKind::public_asset});
}

}  // namespace cpt::service
