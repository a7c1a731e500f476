#include "cpt/tesla/auth/oauth.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <nlohmann/json.hpp>

#include "cpt/core/redact.h"
#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/http_errors.h"

namespace cpt::tesla::auth {
namespace {

Result<std::string> random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    return fail(ErrorKind::internal, "RAND_bytes failed");
  }
  return bytes;
}

Result<TokenResponse> parse_token_response(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return fail(ErrorKind::malformed, "token response is not a JSON object");
  auto text = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  TokenResponse out;
  out.access_token = text("access_token");
  out.refresh_token = text("refresh_token");
  out.id_token = text("id_token");
  out.token_type = text("token_type");
  out.scope = text("scope");
  if (auto it = json.find("expires_in"); it != json.end()) {
    if (it->is_number()) out.expires_in = std::chrono::seconds(it->get<std::int64_t>());
    if (it->is_string())
      out.expires_in = std::chrono::seconds(std::atoll(it->get<std::string>().c_str()));
  }
  if (out.access_token.empty())
    return fail(ErrorKind::malformed, "token response has no access_token");
  return out;
}

}  // namespace

Result<std::string> generate_state() {
  auto bytes = random_bytes(32);
  if (!bytes) return std::unexpected(bytes.error());
  return base64url_encode(*bytes);
}

std::string pkce_challenge(std::string_view verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base64url_encode(
      std::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}

Result<Pkce> generate_pkce() {
  auto bytes = random_bytes(32);
  if (!bytes) return std::unexpected(bytes.error());
  Pkce pkce;
  pkce.verifier = base64url_encode(*bytes);  // 43 characters, within RFC 7636's 43..128
  pkce.challenge = pkce_challenge(pkce.verifier);
  return pkce;
}

std::string build_authorize_url(const AuthorizeRequest& request) {
  std::vector<std::pair<std::string, std::string>> query = {
      {"response_type", "code"},
      {"client_id", request.client_id},
      {"redirect_uri", request.redirect_uri},
      {"scope", request.scopes},
      {"state", request.state},
  };
  if (request.code_challenge) {
    query.emplace_back("code_challenge", *request.code_challenge);
    query.emplace_back("code_challenge_method", "S256");
  }
  if (request.locale) query.emplace_back("locale", *request.locale);
  if (request.prompt_missing_scopes) query.emplace_back("prompt_missing_scopes", "true");
  const char separator = request.authorize_url.find('?') == std::string::npos ? '?' : '&';
  return request.authorize_url + separator + http::form_encode(query);
}

OAuthClient::OAuthClient(AuthConfig config, std::shared_ptr<http::HttpClient> http,
                         std::shared_ptr<CallLedger> ledger)
    : config_(std::move(config)), http_(std::move(http)), ledger_(std::move(ledger)) {}

Result<TokenResponse> OAuthClient::post(
    const std::vector<std::pair<std::string, std::string>>& form) const {
  http::HttpRequest request;
  request.method = "POST";
  request.url = config_.token_url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = http::form_encode(form);
  auto response = http_->send(request);
  if (ledger_) {
    ledger_->record({.endpoint = Endpoint::oauth_token,
                     .category = Category::auth,
                     .http_status = response ? response->status : 0,
                     .billed = false,
                     .price_micros = 0,
                     .vin_suffix = {},
                     .region = {},
                     .attempt = 1,
                     .elapsed = response ? response->elapsed : std::chrono::milliseconds(0)});
  }
  if (!response) return std::unexpected(response.error());
  if (!is_success(response->status)) {
    CallContext context;
    context.endpoint = Endpoint::oauth_token;
    return fail(error_from_response(*response, context));
  }
  return parse_token_response(response->body);
}

Result<TokenResponse> OAuthClient::exchange_code(std::string_view code, std::string_view audience,
                                                 std::string_view code_verifier) const {
  std::vector<std::pair<std::string, std::string>> form = {
      {"grant_type", "authorization_code"},     {"client_id", config_.client_id},
      {"client_secret", config_.client_secret}, {"code", std::string(code)},
      {"audience", std::string(audience)},      {"redirect_uri", config_.redirect_uri},
  };
  if (!code_verifier.empty()) form.emplace_back("code_verifier", std::string(code_verifier));
  return post(form);
}

Result<TokenResponse> OAuthClient::refresh(std::string_view refresh_token) const {
  auto result = post({{"grant_type", "refresh_token"},
                      {"client_id", config_.client_id},
                      {"refresh_token", std::string(refresh_token)}});
  if (!result && (result.error().kind == ErrorKind::unauthorized ||
                  result.error().kind == ErrorKind::login_required)) {
    // The refresh token itself was refused: nothing but a new sign-in helps.
    Error error = result.error();
    error.kind = ErrorKind::login_required;
    error.user_message = std::string(default_user_message(ErrorKind::login_required));
    return fail(std::move(error));
  }
  return result;
}

Result<TokenResponse> OAuthClient::client_credentials(std::string_view audience,
                                                      std::string_view scope) const {
  std::vector<std::pair<std::string, std::string>> form = {
      {"grant_type", "client_credentials"},
      {"client_id", config_.client_id},
      {"client_secret", config_.client_secret},
      {"audience", std::string(audience)},
  };
  if (!scope.empty()) form.emplace_back("scope", std::string(scope));
  return post(form);
}

Result<RedirectResult> parse_redirect(std::string_view redirect_url) {
  if (auto error = http::query_param(redirect_url, "error")) {
    return fail(ErrorKind::invalid_argument,
                "authorization was refused: " + redact::text(error->substr(0, 100)),
                "Tesla did not authorize the request: " + error->substr(0, 100));
  }
  auto code = http::query_param(redirect_url, "code");
  if (!code || code->empty()) {
    return fail(ErrorKind::invalid_argument, "the redirect URL has no code parameter",
                "The pasted URL does not contain an authorization code.");
  }
  return RedirectResult{*code, http::query_param(redirect_url, "state").value_or("")};
}

}  // namespace cpt::tesla::auth
