#include "cpt/sim/auth_pages.h"

#include <algorithm>

#include "cpt/sim/respond.h"

namespace cpt::sim {
namespace {

constexpr std::string_view kStyle = R"(<style>
body{font-family:system-ui,sans-serif;background:#f4f4f4;color:#171a20;margin:0}
main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem 2.5rem;border-radius:8px}
h1{font-size:1.5rem;margin-top:0}fieldset{border:1px solid #ddd;border-radius:6px;margin:1rem 0}
label{display:block;margin:.4rem 0}small{color:#5c5e62}.buttons{display:flex;gap:1rem;margin-top:1.5rem}
button{flex:1;padding:.7rem;border-radius:4px;border:0;font-size:1rem;cursor:pointer}
.approve{background:#3e6ae1;color:#fff}.deny{background:#e2e3e3}.note{font-size:.8rem;color:#5c5e62}
</style>)";

std::string page(std::string_view title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
         html_escape(title) + "</title>" + std::string(kStyle) + "</head><body><main>" + body +
         "</main></body></html>\n";
}

std::string_view describe(std::string_view scope) {
  for (const auto& s : known_scopes()) {
    if (s.name == scope) return s.description;
  }
  return "";
}

}  // namespace

const std::vector<ScopeInfo>& known_scopes() {
  static const std::vector<ScopeInfo> kScopes = {
      {"openid", "Sign in with your Tesla account"},
      {"offline_access", "Stay connected (refresh tokens)"},
      {"user_data", "Profile information"},
      {"vehicle_device_data", "Vehicle information: live data, service, software"},
      {"vehicle_location", "Vehicle location"},
      {"vehicle_cmds", "Vehicle commands"},
      {"vehicle_charging_cmds", "Charging history, invoices and charging commands"},
      {"energy_device_data", "Energy product information"},
      {"energy_cmds", "Energy product commands"},
      {"vehicle_specs", "Vehicle specifications"},
  };
  return kScopes;
}

bool is_known_scope(std::string_view scope) {
  const auto& all = known_scopes();
  return std::any_of(all.begin(), all.end(), [&](const ScopeInfo& s) { return s.name == scope; });
}

std::string consent_page(std::string_view consent_id, std::string_view client_id,
                         const std::vector<std::string>& scopes, bool require_all_scopes,
                         const std::vector<const User*>& accounts) {
  std::string body = "<h1>Sign in with Tesla <small>(simulated)</small></h1>\n<p><b>" +
                     html_escape(client_id) + "</b> would like to access your Tesla account.</p>\n";
  body += "<form method=\"post\" action=\"/oauth2/v3/authorize\">\n";
  body += "<input type=\"hidden\" name=\"consent\" value=\"" + html_escape(consent_id) + "\">\n";
  body += "<fieldset><legend>Account</legend>\n";
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto& u = *accounts[i];
    body += "<label><input type=\"radio\" name=\"user\" value=\"" + html_escape(u.id) + "\"" +
            (i == 0 ? " checked" : "") + "> " + html_escape(u.full_name) + " &lt;" +
            html_escape(u.email) + "&gt; <small>" + ou_code(u.region) + ", " +
            std::to_string(u.vehicles.size()) + " vehicle(s)" + (u.business ? ", business" : "") +
            "</small></label>\n";
  }
  body += "</fieldset>\n<fieldset><legend>Permissions</legend>\n";
  for (const auto& scope : scopes) {
    const std::string name = html_escape(scope);
    if (require_all_scopes) {
      body += "<input type=\"hidden\" name=\"scope\" value=\"" + name + "\">";
      body += "<label>&#10003; " + html_escape(describe(scope)) + " <small>(" + name +
              ")</small></label>\n";
    } else {
      body += "<label><input type=\"checkbox\" name=\"scope\" value=\"" + name + "\" checked> " +
              html_escape(describe(scope)) + " <small>(" + name + ")</small></label>\n";
    }
  }
  body +=
      "</fieldset>\n<div class=\"buttons\">"
      "<button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
      "<button class=\"approve\" type=\"submit\" name=\"decision\" "
      "value=\"approve\">Approve</button>"
      "</div>\n</form>\n<p class=\"note\">This page is served by the CPT Fleet API simulator; no "
      "real Tesla account is involved.</p>\n";
  return page("Sign in with Tesla (simulated)", body);
}

std::string error_page(std::string_view title, std::string_view detail) {
  return page(title, "<h1>" + html_escape(title) + "</h1>\n<p>" + html_escape(detail) +
                         "</p>\n<p class=\"note\">CPT Fleet API simulator</p>\n");
}

}  // namespace cpt::sim
