// TokenRegistry: the simulated auth server's memory of authorization codes, grants, refresh
// tokens and access tokens (JWT-shaped, HMAC-signed), with Tesla's lifetimes and rotation rules.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cpt/sim/rng.h"
#include "cpt/sim/world.h"

namespace cpt::sim {

using TimePoint = std::chrono::system_clock::time_point;

// What an access token stands for.
struct AccessInfo {
  bool partner = false;  // client_credentials token (no user)
  std::size_t user = 0;  // index into World::users (user tokens)
  std::vector<std::string> scopes;
  std::vector<std::string> audience;
  TimePoint expires;
  std::uint64_t grant = 0;  // 0 for partner tokens

  bool has_scope(std::string_view scope) const;
};

// The outcome of presenting a bearer token.
enum class TokenCheck { ok, unknown, expired, revoked };

// A pending or issued authorization code.
struct CodeRequest {
  std::size_t user = 0;
  std::vector<std::string> scopes;
  std::string client_id;
  std::string redirect_uri;
  std::optional<std::string> code_challenge;  // S256
  std::string nonce;
};

// The token endpoint's answer.
struct TokenSet {
  std::string access_token;
  std::optional<std::string> refresh_token;  // only with offline_access
  std::optional<std::string> id_token;       // only with openid
  std::int64_t expires_in = 0;
};

// Why a code or refresh token was refused.
enum class GrantError {
  none,
  invalid_code,
  redirect_mismatch,
  pkce_mismatch,
  client_mismatch,
  login_required
};

// Thread-safe registry of everything the auth server has issued.
class TokenRegistry {
 public:
  struct Settings {
    std::uint64_t seed = 42;
    std::string issuer;                      // auth_base + "/oauth2/v3/nts"
    std::vector<std::string> user_audience;  // fleet URLs + userinfo
    std::chrono::seconds access_lifetime{28800};
    std::chrono::seconds code_lifetime{600};
    std::chrono::hours refresh_grace{24};
    std::chrono::hours refresh_lifetime{24 * 90};
  };

  TokenRegistry(Settings settings, const World& world);

  std::string issue_code(CodeRequest request, TimePoint now);
  // Redeems a code (single use). On success fills `out`.
  GrantError redeem_code(std::string_view code, std::string_view client_id,
                         std::string_view redirect_uri, std::string_view code_verifier,
                         TimePoint now, TokenSet& out);
  GrantError refresh(std::string_view refresh_token, std::string_view client_id, TimePoint now,
                     TokenSet& out);
  TokenSet issue_partner(const std::vector<std::string>& scopes, std::string audience,
                         TimePoint now);

  TokenCheck check(std::string_view access_token, TimePoint now, AccessInfo& out) const;
  // The user an access or refresh token was issued to, whether or not it is still valid (the
  // ledger names the account a refused request was for); nullopt for partner and unknown tokens.
  std::optional<std::size_t> owner_of(std::string_view token) const;
  // Revokes the grants of a user (index), or everything (nullopt) including partner tokens.
  int revoke_user(std::optional<std::size_t> user);
  // Revokes the grant an access or refresh token belongs to.
  bool revoke_token(std::string_view token);

 private:
  struct Grant {
    std::size_t user = 0;
    std::vector<std::string> scopes;
    std::string client_id;
    bool revoked = false;
    std::string current_refresh;
    std::string previous_refresh;  // the most recently used one: valid for the grace period
    TimePoint previous_used_at{};
    TimePoint refresh_issued{};
  };
  struct PendingCode {
    CodeRequest request;
    TimePoint expires;
    bool used = false;
  };

  TokenSet issue_for_grant(std::uint64_t grant_id, Grant& grant, TimePoint now);
  std::string sign(const std::string& payload_json) const;
  std::string random_hex(std::size_t bytes);

  Settings settings_;
  const World& world_;
  std::string signing_key_;
  mutable std::mutex mutex_;
  Rng rng_;
  std::uint64_t next_grant_ = 1;
  std::unordered_map<std::string, PendingCode> codes_;
  std::unordered_map<std::uint64_t, Grant> grants_;
  std::unordered_map<std::string, std::uint64_t> refresh_index_;
  struct AccessEntry {
    AccessInfo info;
    bool revoked = false;  // partner tokens; user tokens follow their grant
  };
  std::unordered_map<std::string, AccessEntry> access_;
};

}  // namespace cpt::sim
