#include "cpt/sim/tokens.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cpt/sim/crypto.h"

namespace cpt::sim {

using nlohmann::json;

bool AccessInfo::has_scope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

namespace {

std::int64_t epoch(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

bool has(const std::vector<std::string>& scopes, std::string_view s) {
  return std::find(scopes.begin(), scopes.end(), s) != scopes.end();
}

}  // namespace

TokenRegistry::TokenRegistry(Settings settings, const World& world)
    : settings_(std::move(settings)),
      world_(world),
      signing_key_(crypto::sha256("cpt-sim-signing-key:" + std::to_string(settings_.seed))),
      rng_(settings_.seed ^ 0x70CE115ULL) {}

std::string TokenRegistry::random_hex(std::size_t bytes) {
  std::string raw;
  while (raw.size() < bytes) {
    auto v = rng_.next();
    raw.append(reinterpret_cast<const char*>(&v), std::min<std::size_t>(8, bytes - raw.size()));
  }
  return crypto::hex(raw);
}

std::string TokenRegistry::sign(const std::string& payload_json) const {
  static const std::string kHeader =
      crypto::base64url(R"({"alg":"HS256","typ":"JWT","kid":"cpt-sim"})");
  std::string signing_input = kHeader + "." + crypto::base64url(payload_json);
  return signing_input + "." + crypto::base64url(crypto::hmac_sha256(signing_key_, signing_input));
}

std::string TokenRegistry::issue_code(CodeRequest request, TimePoint now) {
  std::lock_guard lock(mutex_);
  std::string code = ou_code(world_.users[request.user].region) + "_" + random_hex(24);
  codes_[code] = PendingCode{std::move(request), now + settings_.code_lifetime, false};
  return code;
}

GrantError TokenRegistry::redeem_code(std::string_view code, std::string_view client_id,
                                      std::string_view redirect_uri, std::string_view code_verifier,
                                      TimePoint now, TokenSet& out) {
  std::lock_guard lock(mutex_);
  auto it = codes_.find(std::string(code));
  if (it == codes_.end() || it->second.used || now >= it->second.expires) {
    return GrantError::invalid_code;
  }
  auto& pending = it->second;
  if (pending.request.client_id != client_id) return GrantError::client_mismatch;
  if (pending.request.redirect_uri != redirect_uri) return GrantError::redirect_mismatch;
  if (pending.request.code_challenge &&
      crypto::pkce_challenge(code_verifier) != *pending.request.code_challenge) {
    return GrantError::pkce_mismatch;
  }
  pending.used = true;  // single use, even if a later step fails
  const std::uint64_t id = next_grant_++;
  Grant& grant = grants_[id];
  grant.user = pending.request.user;
  grant.scopes = pending.request.scopes;
  grant.client_id = pending.request.client_id;
  out = issue_for_grant(id, grant, now);
  if (has(grant.scopes, "openid")) {
    const auto& user = world_.users[grant.user];
    json id_claims = {{"iss", settings_.issuer},
                      {"aud", grant.client_id},
                      {"sub", user.id},
                      {"email", user.email},
                      {"iat", epoch(now)},
                      {"exp", epoch(now + settings_.access_lifetime)},
                      {"nonce", pending.request.nonce}};
    out.id_token = sign(id_claims.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return GrantError::none;
}

TokenSet TokenRegistry::issue_for_grant(std::uint64_t grant_id, Grant& grant, TimePoint now) {
  const auto& user = world_.users[grant.user];
  json claims = {{"iss", settings_.issuer},
                 {"azp", grant.client_id},
                 {"sub", user.id},
                 {"aud", settings_.user_audience},
                 {"scp", grant.scopes},
                 {"amr", {"pwd", "mfa", "otp"}},
                 {"exp", epoch(now + settings_.access_lifetime)},
                 {"iat", epoch(now)},
                 {"auth_time", epoch(now)},
                 {"ou_code", ou_code(user.region)},
                 {"locale", user.locale},
                 {"jti", random_hex(8)}};
  TokenSet set;
  set.access_token = sign(claims.dump(-1, ' ', false, json::error_handler_t::replace));
  set.expires_in = settings_.access_lifetime.count();
  AccessInfo info;
  info.user = grant.user;
  info.scopes = grant.scopes;
  info.audience = settings_.user_audience;
  info.expires = now + settings_.access_lifetime;
  info.grant = grant_id;
  access_[set.access_token] = AccessEntry{std::move(info), false};
  if (has(grant.scopes, "offline_access")) {
    std::string refresh = ou_code(user.region) + "_" + random_hex(32);
    refresh_index_[refresh] = grant_id;
    grant.current_refresh = refresh;
    grant.refresh_issued = now;
    set.refresh_token = std::move(refresh);
  }
  return set;
}

GrantError TokenRegistry::refresh(std::string_view refresh_token, std::string_view client_id,
                                  TimePoint now, TokenSet& out) {
  std::lock_guard lock(mutex_);
  auto it = refresh_index_.find(std::string(refresh_token));
  if (it == refresh_index_.end()) return GrantError::login_required;
  auto grant_it = grants_.find(it->second);
  if (grant_it == grants_.end() || grant_it->second.revoked) return GrantError::login_required;
  Grant& grant = grant_it->second;
  if (grant.client_id != client_id) return GrantError::client_mismatch;
  if (refresh_token == grant.current_refresh) {
    if (now >= grant.refresh_issued + settings_.refresh_lifetime) return GrantError::login_required;
    // Rotation: the presented token becomes "most recently used" and stays valid for the grace
    // period; any older one is now dead.
    grant.previous_refresh = grant.current_refresh;
    grant.previous_used_at = now;
  } else if (refresh_token == grant.previous_refresh) {
    if (now >= grant.previous_used_at + settings_.refresh_grace) return GrantError::login_required;
  } else {
    return GrantError::login_required;
  }
  out = issue_for_grant(it->second, grant, now);
  return GrantError::none;
}

TokenSet TokenRegistry::issue_partner(const std::vector<std::string>& scopes, std::string audience,
                                      TimePoint now) {
  std::lock_guard lock(mutex_);
  json claims = {{"iss", settings_.issuer}, {"azp", "partner"},
                 {"sub", "partner"},        {"aud", json::array({audience})},
                 {"scp", scopes},           {"exp", epoch(now + settings_.access_lifetime)},
                 {"iat", epoch(now)},       {"jti", random_hex(8)}};
  TokenSet set;
  set.access_token = sign(claims.dump(-1, ' ', false, json::error_handler_t::replace));
  set.expires_in = settings_.access_lifetime.count();
  AccessInfo info;
  info.partner = true;
  info.scopes = scopes;
  info.audience = {std::move(audience)};
  info.expires = now + settings_.access_lifetime;
  access_[set.access_token] = AccessEntry{std::move(info), false};
  return set;
}

TokenCheck TokenRegistry::check(std::string_view access_token, TimePoint now,
                                AccessInfo& out) const {
  std::lock_guard lock(mutex_);
  auto it = access_.find(std::string(access_token));
  if (it == access_.end()) return TokenCheck::unknown;
  const auto& entry = it->second;
  if (entry.revoked) return TokenCheck::revoked;
  if (!entry.info.partner) {
    auto grant = grants_.find(entry.info.grant);
    if (grant == grants_.end() || grant->second.revoked) return TokenCheck::revoked;
  }
  if (now >= entry.info.expires) return TokenCheck::expired;
  out = entry.info;
  return TokenCheck::ok;
}

std::optional<std::size_t> TokenRegistry::owner_of(std::string_view token) const {
  std::lock_guard lock(mutex_);
  if (auto it = access_.find(std::string(token)); it != access_.end()) {
    if (it->second.info.partner) return std::nullopt;
    return it->second.info.user;
  }
  if (auto it = refresh_index_.find(std::string(token)); it != refresh_index_.end()) {
    if (auto grant = grants_.find(it->second); grant != grants_.end()) return grant->second.user;
  }
  return std::nullopt;
}

int TokenRegistry::revoke_user(std::optional<std::size_t> user) {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (auto& [id, grant] : grants_) {
    if (grant.revoked || (user && grant.user != *user)) continue;
    grant.revoked = true;
    ++count;
  }
  if (!user) {
    for (auto& [token, entry] : access_) {
      if (entry.info.partner && !entry.revoked) {
        entry.revoked = true;
        ++count;
      }
    }
  }
  return count;
}

bool TokenRegistry::revoke_token(std::string_view token) {
  std::lock_guard lock(mutex_);
  const std::string key(token);
  if (auto it = access_.find(key); it != access_.end()) {
    if (it->second.info.partner) {
      it->second.revoked = true;
      return true;
    }
    if (auto g = grants_.find(it->second.info.grant); g != grants_.end()) g->second.revoked = true;
    return true;
  }
  if (auto it = refresh_index_.find(key); it != refresh_index_.end()) {
    if (auto g = grants_.find(it->second); g != grants_.end()) g->second.revoked = true;
    return true;
  }
  return false;
}

}  // namespace cpt::sim
