// OAuth with Tesla: initiate (state + PKCE, bound to the browser) and the callback (code
// exchange, inventory, the session created in one transaction).
#include <nlohmann/json.hpp>

#include "cpt/http/client.h"
#include "cpt/service/ids.h"
#include "cpt/service/oauth_callback.h"
#include "cpt/service/router.h"
#include "cpt/store/token_vault.h"
#include "cpt/tesla/auth/oauth.h"

namespace cpt::service {

namespace {

using nlohmann::json;

// The allow-listed redirect URI for the host the browser used (so dev, tst and prd can share a
// configuration); the first one otherwise.
const std::string& pick_redirect_uri(const ServiceConfig& config, const http::Request& req) {
  const std::string host = req.get_header_value("Host");
  const std::string bare =
      host.substr(0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
  for (const std::string& uri : config.redirect_uris) {
    if (http::url_host(uri) == bare) return uri;
  }
  return config.redirect_uris.front();
}

// The browser id: the existing cookie, or a new one set on this response.
Result<std::string> ensure_browser(ServiceState& state, RequestContext& ctx, http::Response& res) {
  // ctx.browser is set only from a cookie this server sealed (router.cc): a value an attacker
  // planted in the victim's browser is ignored and replaced.
  if (ctx.browser) return *ctx.browser;
  auto fresh = random_token(32);
  if (!fresh) return fresh;
  auto cookie = seal_browser_id(*state.sealer, *fresh);
  if (!cookie) return fail(std::move(cookie.error()));
  // The cookie outlives one session a little, so a second login from the same tab still works.
  res.set_header("Set-Cookie", browser_cookie_header(*cookie, state.config.session_ttl * 2,
                                                     state.config.cookie_secure));
  ctx.browser = *fresh;
  return *fresh;
}

void initiate(ServiceState& state, RequestContext& ctx, const http::Request& req,
              http::Response& res) {
  auto browser = ensure_browser(state, ctx, res);
  auto oauth_state = tesla::auth::generate_state();
  auto pkce = tesla::auth::generate_pkce();
  if (!browser || !oauth_state || !pkce) {
    send_error(res, 500, "server_error", "Could not start the sign-in; please try again.");
    return;
  }
  const std::string& redirect_uri = pick_redirect_uri(state.config, req);
  store::OAuthState pending{*oauth_state, sha256_hex(*browser), pkce->verifier, redirect_uri,
                            state.clock->now() + state.config.oauth_state_ttl};
  if (auto stored = state.store->put_oauth_state(pending); !stored) {
    state.logger->error(ctx.request_id, "oauth_state_store_failed",
                        {{"error", stored.error().describe()}});
    send_error(res, 503, "storage_unavailable", "Could not start the sign-in; please try again.");
    return;
  }
  state.logger->info(ctx.request_id, "oauth_initiated", {});
  const json body = {
      {"authUrl", state.tesla->authorize_url(*oauth_state, pkce->challenge, redirect_uri)},
      {"state", *oauth_state},
      {"expiresIn", state.config.oauth_state_ttl.count()}};
  send_json(res, 200, body.dump());
}

void redirect_to_ui(ServiceState& state, http::Response& res, const std::string& query) {
  res.status = 302;
  res.set_header("Location", state.config.ui_path + query);
}

void callback_error(ServiceState& state, RequestContext& ctx, http::Response& res,
                    std::string_view reason, std::string_view log_detail = {}) {
  state.logger->warn(ctx.request_id, "oauth_callback_failed",
                     {{"reason", reason}, {"detail", log_detail}});
  redirect_to_ui(state, res, "?oauth=error&reason=" + safe_reason(reason));
}

Result<std::string> create_session(ServiceState& state, const Login& login,
                                   const std::string& owner) {
  auto id = random_token(24);
  if (!id) return id;
  json cards = json::array();
  for (const VehicleCard& card : login.vehicles) {
    cards.push_back({{"vin", card.vin},
                     {"maskedVin", card.masked_vin},
                     {"displayName", card.display_name},
                     {"model", card.model},
                     {"modelYear", card.model_year ? json(*card.model_year) : json(nullptr)},
                     {"state", card.state}});
  }
  const auto now = state.clock->now();
  store::SessionRecord session{*id,
                               owner,
                               std::string(tesla::to_string(login.region)),
                               cards.dump(-1, ' ', false, json::error_handler_t::replace),
                               now,
                               now + state.config.session_ttl};
  auto sealed = store::seal_tokens(*state.sealer, session.id, login.tokens);
  if (!sealed) return fail(std::move(sealed.error()));
  // Session, inventory and sealed tokens go in together: a failure leaves nothing behind.
  if (auto created = state.store->create_session(session, *sealed); !created) {
    return fail(std::move(created.error()));
  }
  return session.id;
}

void callback(ServiceState& state, RequestContext& ctx, const http::Request& req,
              http::Response& res) {
  const CallbackQuery query = read_callback_query(req.params);
  if (query.error) return callback_error(state, ctx, res, *query.error);
  if (query.state.empty()) return callback_error(state, ctx, res, "invalid_state");
  auto pending = state.store->take_oauth_state(query.state, state.clock->now());
  if (!pending) return callback_error(state, ctx, res, "storage_failed");
  if (!*pending) return callback_error(state, ctx, res, "invalid_state");
  if (!ctx.browser || !constant_time_equal(sha256_hex(*ctx.browser), (*pending)->owner)) {
    // Another browser's callback must not burn the owner's sign-in: the state goes back.
    (void)state.store->put_oauth_state(**pending);
    return callback_error(state, ctx, res, "state_mismatch");
  }
  if (query.code.empty()) return callback_error(state, ctx, res, "missing_code");

  auto login =
      state.tesla->complete_login(query.code, (*pending)->code_verifier, (*pending)->redirect_uri);
  if (!login) {
    const bool exchange =
        login.error().get("login_step") == std::optional<std::string_view>("exchange");
    return callback_error(state, ctx, res, exchange ? "token_exchange_failed" : "tesla_unavailable",
                          login.error().describe());
  }
  state.metrics->record_tesla_calls(login->calls);
  auto session_id = create_session(state, *login, (*pending)->owner);
  if (!session_id) {
    return callback_error(state, ctx, res, "storage_failed", session_id.error().describe());
  }
  state.metrics->sessions_created();
  state.logger->info(ctx.request_id, "session_created",
                     {{"region", tesla::to_string(login->region)},
                      {"vehicles", static_cast<int>(login->vehicles.size())}});
  // The id travels in the fragment: browsers never send it to a server or a Referer.
  redirect_to_ui(state, res, "?oauth=success#session=" + *session_id);
}

}  // namespace

void add_oauth_routes(Router& router, ServiceState& state) {
  router.post("/api/v1/tesla/oauth/initiate", "/api/v1/tesla/oauth/initiate",
              [&state](RequestContext& ctx, const http::Request& req, http::Response& res) {
                initiate(state, ctx, req, res);
              },
              {.limit = RouteOptions::Limit::oauth});
  router.get("/api/v1/tesla/oauth/callback", "/api/v1/tesla/oauth/callback",
             [&state](RequestContext& ctx, const http::Request& req, http::Response& res) {
               callback(state, ctx, req, res);
             },
             {.limit = RouteOptions::Limit::oauth});
}

}  // namespace cpt::service
