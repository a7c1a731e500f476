// OAuth for Tesla: the authorize URL, state and PKCE, and the token endpoint grants (code
// exchange, refresh, client_credentials for partner tokens).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/tesla/config.h"
#include "cpt/tesla/ledger.h"

namespace cpt::tesla::auth {

// PKCE pair: the verifier kept by the client and its S256 challenge sent to authorize. Value type.
struct Pkce {
  std::string verifier;
  std::string challenge;
  std::string method = "S256";
};

// 32 random bytes (OpenSSL RAND) as base64url: a CSRF state value.
Result<std::string> generate_state();
// A fresh PKCE pair (RFC 7636): 32 random bytes -> verifier; challenge = base64url(SHA-256).
Result<Pkce> generate_pkce();
// The S256 challenge of a verifier.
std::string pkce_challenge(std::string_view verifier);

// Parameters of the authorize URL. Value type.
struct AuthorizeRequest {
  std::string authorize_url;
  std::string client_id;
  std::string redirect_uri;
  std::string scopes;  // space-separated
  std::string state;
  std::optional<std::string> code_challenge;  // S256 when set
  std::optional<std::string> locale;          // e.g. "en-US"
  bool prompt_missing_scopes = false;
};

// "<authorize_url>?response_type=code&client_id=...&redirect_uri=...&scope=...&state=..."
std::string build_authorize_url(const AuthorizeRequest& request);

// The token endpoint's answer. Holds secrets: never log it. Value type.
struct TokenResponse {
  std::string access_token;
  std::string refresh_token;  // empty for client_credentials
  std::string id_token;
  std::string token_type;
  std::string scope;
  std::chrono::seconds expires_in{0};
};

// Calls the token endpoint (form-urlencoded). Each call is recorded in the ledger as a free auth
// call. Thread-safe.
class OAuthClient {
 public:
  OAuthClient(AuthConfig config, std::shared_ptr<http::HttpClient> http,
              std::shared_ptr<CallLedger> ledger = nullptr);

  // authorization_code grant; `audience` is the region's Fleet API base URL.
  Result<TokenResponse> exchange_code(std::string_view code, std::string_view audience,
                                      std::string_view code_verifier = {}) const;
  // refresh_token grant. A rejected refresh token is login_required (the user must sign in).
  Result<TokenResponse> refresh(std::string_view refresh_token) const;
  // client_credentials grant: a partner token for one region audience.
  Result<TokenResponse> client_credentials(std::string_view audience, std::string_view scope) const;

  const AuthConfig& config() const { return config_; }

 private:
  Result<TokenResponse> post(const std::vector<std::pair<std::string, std::string>>& form) const;

  AuthConfig config_;
  std::shared_ptr<http::HttpClient> http_;
  std::shared_ptr<CallLedger> ledger_;
};

// The `code` (and `state`) in a redirect URL the user pasted back; invalid_argument when the URL
// carries `error` or no code.
struct RedirectResult {
  std::string code;
  std::string state;
};
Result<RedirectResult> parse_redirect(std::string_view redirect_url);

}  // namespace cpt::tesla::auth
