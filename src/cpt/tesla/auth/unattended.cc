#include "cpt/tesla/auth/unattended.h"

#include <chrono>

namespace cpt::tesla::auth {

Result<TokenSet> sign_in_unattended(http::HttpClient& http, const OAuthClient& oauth,
                                    std::string_view audience) {
  auto state = generate_state();
  auto pkce = generate_pkce();
  if (!state || !pkce) return fail(ErrorKind::internal, "no randomness for state/PKCE");
  const AuthConfig& config = oauth.config();
  AuthorizeRequest request;
  request.authorize_url = config.authorize_url;
  request.client_id = config.client_id;
  request.redirect_uri = config.redirect_uri;
  request.scopes = config.scopes;
  request.state = *state;
  request.code_challenge = pkce->challenge;
  http::HttpRequest get;
  get.url = build_authorize_url(request);
  auto answer = http.send(get);
  if (!answer) return std::unexpected(answer.error());
  const auto location = answer->header("location");
  if (answer->status != 302 || !location) {
    return fail(ErrorKind::login_required,
                "authorize answered HTTP " + std::to_string(answer->status) + " without a redirect",
                "Unattended sign-in needs an auth server that approves at once (cpt sim "
                "--auto-approve).");
  }
  auto redirect = parse_redirect(*location);
  if (!redirect) return std::unexpected(redirect.error());
  if (redirect->state != *state) {
    return fail(ErrorKind::login_required, "OAuth state mismatch in the redirect");
  }
  auto tokens = oauth.exchange_code(redirect->code, audience, pkce->verifier);
  if (!tokens) return std::unexpected(tokens.error());
  return token_set_from(*tokens, std::chrono::system_clock::now());
}

}  // namespace cpt::tesla::auth
