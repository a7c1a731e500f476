// The auth host: authorize (consent page or auto-approve) and the token endpoint. Under the
// cn-auth-host quirk a second host serves China's realm: each knows only its own accounts,
// audiences and tokens.
#include "cpt/http/router.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "cpt/sim/auth_pages.h"
#include "cpt/sim/fleet.h"
#include "cpt/sim/respond.h"

namespace cpt::sim {

using nlohmann::json;

namespace {

constexpr std::string_view kErrorUri =
    "https://developer.tesla.com/docs/fleet-api/authentication/third-party-tokens";

// One auth host: the shared state and the realm it serves.
struct AuthHost {
  SimContext& ctx;
  AuthRealm realm;

  TokenRegistry& tokens() const { return ctx.tokens_of(realm); }
  const std::string& base() const {
    return realm == AuthRealm::cn ? ctx.urls.cn_auth_base : ctx.urls.auth_base;
  }
  bool serves(const User& user) const { return ctx.realm_of(user.region) == realm; }
};

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string s; in >> s;) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

void send_html(http::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

void redirect(http::Response& res, const std::string& uri, const std::string& query) {
  res.set_redirect(uri + (uri.find('?') == std::string::npos ? "?" : "&") + query, 302);
}

void redirect_error(http::Response& res, const std::string& uri, std::string_view error,
                    std::string_view description, const std::string& state) {
  std::string query =
      "error=" + url_encode(error) + "&error_description=" + url_encode(description);
  if (!state.empty()) query += "&state=" + url_encode(state);
  redirect(res, uri, query);
}

void send_oauth_error(http::Response& res, int status, std::string_view error,
                      std::string_view description) {
  send_json(res, status,
            {{"error", error}, {"error_description", description}, {"error_uri", kErrorUri}});
}

void redirect_code(const AuthHost& host, http::Response& res, const PendingConsent& consent,
                   std::size_t user, std::vector<std::string> scopes) {
  auto& ctx = host.ctx;
  CodeRequest request{user,
                      std::move(scopes),
                      consent.client_id,
                      consent.redirect_uri,
                      consent.code_challenge,
                      consent.nonce};
  const std::string code = host.tokens().issue_code(std::move(request), ctx.clock.now());
  std::string query = "locale=en-US&code=" + url_encode(code);
  if (!consent.state.empty()) query += "&state=" + url_encode(consent.state);
  query += "&issuer=" + url_encode(host.base() + "/oauth2/v3");
  redirect(res, consent.redirect_uri, query);
}

void authorize_get(const AuthHost& host, const http::Request& req, http::Response& res) {
  auto& ctx = host.ctx;
  const auto& o = ctx.options;
  const auto client_id = req.get_param_value("client_id");
  const auto redirect_uri = req.get_param_value("redirect_uri");
  if (client_id != o.client_id) {
    send_html(res, 400, error_page("Unknown client", "client_id is not a registered application."));
    return;
  }
  if (std::find(o.redirect_uris.begin(), o.redirect_uris.end(), redirect_uri) ==
      o.redirect_uris.end()) {
    send_html(res, 400,
              error_page("Invalid redirect URI",
                         "redirect_uri does not exactly match a URI registered for this "
                         "application, so the sign-in cannot return to it."));
    return;
  }
  PendingConsent consent;
  consent.client_id = client_id;
  consent.redirect_uri = redirect_uri;
  consent.state = req.get_param_value("state");
  consent.nonce = req.get_param_value("nonce");
  consent.scopes = split_scopes(req.get_param_value("scope"));
  consent.require_all_scopes = req.get_param_value("require_requested_scopes") == "true";
  if (req.get_param_value("response_type") != "code") {
    redirect_error(res, redirect_uri, "unsupported_response_type", "response_type must be code",
                   consent.state);
    return;
  }
  if (consent.state.empty()) {
    redirect_error(res, redirect_uri, "invalid_request", "state is required", consent.state);
    return;
  }
  if (consent.scopes.empty() || !std::all_of(consent.scopes.begin(), consent.scopes.end(),
                                             [](const auto& s) { return is_known_scope(s); })) {
    redirect_error(res, redirect_uri, "invalid_scope", "scope is empty or unknown", consent.state);
    return;
  }
  if (req.has_param("code_challenge")) {
    const auto method = req.get_param_value("code_challenge_method");
    if (!method.empty() && method != "S256") {
      redirect_error(res, redirect_uri, "invalid_request", "code_challenge_method must be S256",
                     consent.state);
      return;
    }
    consent.code_challenge = req.get_param_value("code_challenge");
  }
  if (o.auto_approve) {
    // Each realm approves its own first account by default; a named account only at its realm.
    const User* user = o.auto_approve->empty() ? ctx.first_user_of(host.realm)
                                               : ctx.world.find_user(*o.auto_approve);
    if (user == nullptr || !host.serves(*user)) {
      send_html(res, 400,
                error_page("Unknown account", "This account does not sign in at this host."));
      return;
    }
    redirect_code(host, res, consent, static_cast<std::size_t>(user - ctx.world.users.data()),
                  consent.scopes);
    return;
  }
  consent.expires = ctx.clock.now() + std::chrono::minutes(10);
  std::string id;
  {
    std::lock_guard lock(ctx.mutex);
    std::erase_if(ctx.consents,
                  [&](const auto& entry) { return entry.second.expires <= ctx.clock.now(); });
    id = "consent-" + std::to_string(ctx.next_id++);
    ctx.consents[id] = consent;
  }
  std::vector<const User*> accounts;  // only the accounts that sign in at this host
  for (const User& user : ctx.world.users) {
    if (host.serves(user)) accounts.push_back(&user);
  }
  send_html(res, 200,
            consent_page(id, client_id, consent.scopes, consent.require_all_scopes, accounts));
}

void authorize_post(const AuthHost& host, const http::Request& req, http::Response& res) {
  auto& ctx = host.ctx;
  std::optional<PendingConsent> consent;
  {
    std::lock_guard lock(ctx.mutex);
    auto it = ctx.consents.find(req.get_param_value("consent"));
    if (it != ctx.consents.end()) {
      consent = std::move(it->second);
      ctx.consents.erase(it);
    }
  }
  if (!consent || ctx.clock.now() >= consent->expires) {
    send_html(res, 400,
              error_page("Sign-in expired", "This consent page is no longer valid; start again."));
    return;
  }
  if (req.get_param_value("decision") != "approve") {
    redirect_error(res, consent->redirect_uri, "access_denied", "The user denied the request",
                   consent->state);
    return;
  }
  const User* user = ctx.world.find_user(req.get_param_value("user"));
  if (user == nullptr || !host.serves(*user)) {
    send_html(res, 400, error_page("Unknown account", "Pick one of the simulated accounts."));
    return;
  }
  std::vector<std::string> granted;
  for (std::size_t i = 0; i < req.get_param_value_count("scope"); ++i) {
    auto scope = req.get_param_value("scope", i);
    if (std::find(consent->scopes.begin(), consent->scopes.end(), scope) != consent->scopes.end()) {
      granted.push_back(scope);
    }
  }
  redirect_code(host, res, *consent, static_cast<std::size_t>(user - ctx.world.users.data()),
                granted);
}

enum class Audience { valid, other_realm, invalid };

// A Fleet API base URL of this host's realm; another realm's is what Tesla answers "Invalid
// resource" to (a CN audience at the global token endpoint, VC #100).
Audience check_audience(const AuthHost& host, std::string audience) {
  if (!audience.empty() && audience.back() == '/') audience.pop_back();
  for (Region region : {Region::na, Region::eu, Region::cn}) {
    if (audience != host.ctx.fleet_url(region)) continue;
    return host.ctx.realm_of(region) == host.realm ? Audience::valid : Audience::other_realm;
  }
  return Audience::invalid;
}

void send_tokens(const SimContext& ctx, http::Response& res, const TokenSet& set) {
  json body = {{"access_token", set.access_token}, {"token_type", "Bearer"}};
  // The no-expires-in quirk leaves the lifetime to the access token's own `exp`.
  if (!ctx.options.quirks.token_without_expires_in) body["expires_in"] = set.expires_in;
  if (set.refresh_token) body["refresh_token"] = *set.refresh_token;
  if (set.id_token) body["id_token"] = *set.id_token;
  send_json(res, 200, body);
}

void send_grant_error(http::Response& res, GrantError error) {
  switch (error) {
    case GrantError::none:
      return;
    case GrantError::invalid_code:
      send_oauth_error(res, 400, "invalid_auth_code",
                       "The authorization code is invalid, expired or already used");
      return;
    case GrantError::redirect_mismatch:
      send_oauth_error(res, 400, "invalid_redirect_url",
                       "redirect_uri does not match the authorize request");
      return;
    case GrantError::pkce_mismatch:
      send_oauth_error(res, 400, "invalid_request",
                       "code_verifier does not match the code_challenge");
      return;
    case GrantError::client_mismatch:
      send_oauth_error(res, 400, "unauthorized_client",
                       "We don't recognize this client_id and client_secret combination");
      return;
    case GrantError::login_required:
      send_oauth_error(res, 401, "login_required",
                       "The refresh token is invalid, expired or already used");
      return;
  }
}

// Answers a code exchange or partner token request whose audience is not this realm's.
bool refuse_audience(const AuthHost& host, const std::string& audience, http::Response& res) {
  switch (check_audience(host, audience)) {
    case Audience::valid:
      return false;
    case Audience::other_realm:
      send_oauth_error(res, 400, "invalid_request", "Invalid resource");
      return true;
    case Audience::invalid:
      break;
  }
  send_oauth_error(res, 400, "invalid_request",
                   "audience is required and must be a Fleet API base URL");
  return true;
}

void token(const AuthHost& host, const http::Request& req, http::Response& res) {
  auto& ctx = host.ctx;
  auto& tokens = host.tokens();
  auto f = request_fields(req);
  const auto& o = ctx.options;
  const std::string grant = f["grant_type"];
  const auto now = ctx.clock.now();
  const bool client_ok = f["client_id"] == o.client_id;
  const bool secret_ok = f["client_secret"] == o.client_secret;
  TokenSet set;
  if (grant == "authorization_code") {
    // A client that used PKCE may leave the secret out (Tesla's open-source app flow).
    if (!client_ok ||
        (!secret_ok && (f["client_secret"].size() > 0 || f["code_verifier"].empty()))) {
      return send_grant_error(res, GrantError::client_mismatch);
    }
    if (refuse_audience(host, f["audience"], res)) return;
    auto result = tokens.redeem_code(f["code"], f["client_id"], f["redirect_uri"],
                                     f["code_verifier"], now, set);
    if (result != GrantError::none) return send_grant_error(res, result);
    return send_tokens(ctx, res, set);
  }
  if (grant == "refresh_token") {
    if (!client_ok || (!f["client_secret"].empty() && !secret_ok)) {
      return send_grant_error(res, GrantError::client_mismatch);
    }
    auto result = tokens.refresh(f["refresh_token"], f["client_id"], now, set);
    if (result != GrantError::none) return send_grant_error(res, result);
    return send_tokens(ctx, res, set);
  }
  if (grant == "client_credentials") {
    if (!client_ok || !secret_ok) return send_grant_error(res, GrantError::client_mismatch);
    std::string audience = f["audience"];
    if (refuse_audience(host, audience, res)) return;
    if (audience.back() == '/') audience.pop_back();
    std::vector<std::string> scopes = split_scopes(f["scope"]);
    if (!std::all_of(scopes.begin(), scopes.end(),
                     [](const auto& s) { return is_known_scope(s); })) {
      return send_oauth_error(res, 400, "invalid_scope", "unknown scope");
    }
    if (scopes.empty()) {
      for (const auto& s : known_scopes()) scopes.emplace_back(s.name);
    }
    return send_tokens(ctx, res, tokens.issue_partner(scopes, audience, now));
  }
  send_oauth_error(res, 400, "unsupported_grant_type",
                   "grant_type must be authorization_code, refresh_token or client_credentials");
}

void handle_auth(const AuthHost& host, const http::Request& req, http::Response& res) {
  auto& ctx = host.ctx;
  if (handle_admin(ctx, req, res)) return;
  const FaultDecision fault = ctx.faults.decide(req.method, req.path, "", false);
  // The ledger names the host, so a test can tell which realm a client signed in at.
  LedgerEntry entry{host.realm == AuthRealm::cn ? "auth-cn" : "auth",
                    req.method,
                    req.path,
                    0,
                    Category::auth,
                    false,
                    0};
  if (begin_faulted(ctx, fault, req, res, entry)) return;
  if (req.path == "/oauth2/v3/authorize" && req.method == "GET") {
    authorize_get(host, req, res);
  } else if (req.path == "/oauth2/v3/authorize" && req.method == "POST") {
    authorize_post(host, req, res);
  } else if (req.path == "/oauth2/v3/token" && req.method == "POST") {
    token(host, req, res);
  } else {
    send_json(res, 404, {{"error", "not_found"}, {"error_description", "no such auth endpoint"}});
  }
  finish_faulted(ctx, fault, res, entry);
}

}  // namespace

void install_auth_routes(http::Router& server, SimContext& ctx, AuthRealm realm) {
  auto handler = [host = AuthHost{ctx, realm}](const http::Request& req, http::Response& res) {
    handle_auth(host, req, res);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
}

}  // namespace cpt::sim
