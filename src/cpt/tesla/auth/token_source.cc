#include "cpt/tesla/auth/token_source.h"

#include "cpt/tesla/auth/jwt.h"

namespace cpt::tesla::auth {
namespace {

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = std::min(text.find(' ', start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) {
    if (!out.empty()) out.push_back(' ');
    out += scope;
  }
  return out;
}

}  // namespace

std::chrono::system_clock::time_point expiry_of(const TokenResponse& response,
                                                std::chrono::system_clock::time_point now) {
  if (response.expires_in.count() > 0) return now + response.expires_in;
  if (auto claims = decode_jwt_claims(response.access_token); claims && claims->exp) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(*claims->exp));
  }
  return now + std::chrono::hours(1);
}

TokenSet token_set_from(const TokenResponse& response, std::chrono::system_clock::time_point now) {
  TokenSet tokens;
  tokens.access_token = response.access_token;
  tokens.refresh_token = response.refresh_token;
  tokens.id_token = response.id_token;
  tokens.expires_at = expiry_of(response, now);
  tokens.scope = response.scope;
  if (tokens.scope.empty()) {
    if (auto claims = decode_jwt_claims(response.access_token)) {
      tokens.scope = join_scopes(claims->scp);
    }
  }
  return tokens;
}

UserTokenSource::UserTokenSource(std::shared_ptr<TokenStore> store,
                                 std::shared_ptr<const OAuthClient> oauth, Clock& clock,
                                 std::chrono::seconds margin)
    : store_(std::move(store)), oauth_(std::move(oauth)), clock_(clock), margin_(margin) {}

UserTokenSource::Account& UserTokenSource::account_state(std::string_view account) {
  std::lock_guard lock(accounts_mutex_);
  auto it = accounts_.find(account);
  if (it == accounts_.end()) {
    it = accounts_.emplace(std::string(account), std::make_unique<Account>()).first;
  }
  return *it->second;
}

Result<void> UserTokenSource::load_locked(Account& state, std::string_view account) {
  if (state.tokens) return {};
  auto loaded = store_->load(account);
  if (!loaded) return std::unexpected(loaded.error());
  if (!*loaded || (*loaded)->access_token.empty()) {
    return fail(ErrorKind::login_required, "no Tesla tokens stored for this account");
  }
  state.tokens = std::move(**loaded);
  return {};
}

Result<std::string> UserTokenSource::refresh_locked(Account& state, std::string_view account) {
  // Other processes may share the store and refresh this account too: hold the store's lock across
  // the refresh, and first see whether one of them already did while we waited.
  auto guard = store_->lock_for_refresh(account);
  if (!guard) return std::unexpected(guard.error());
  if (*guard) {
    auto stored = store_->load(account);
    if (!stored) return std::unexpected(stored.error());
    if (*stored && !(*stored)->access_token.empty() &&
        (*stored)->refresh_token != state.tokens->refresh_token) {
      state.tokens = std::move(**stored);
      if (state.tokens->expires_at - margin_ > clock_.now()) return state.tokens->access_token;
    }
  }
  if (state.tokens->refresh_token.empty()) {
    return fail(ErrorKind::login_required,
                "the access token expired and there is no refresh token");
  }
  {
    std::lock_guard count(count_mutex_);
    ++refreshes_;
  }
  auto response = oauth_->refresh(state.tokens->refresh_token);
  if (!response) return std::unexpected(response.error());
  TokenSet next = token_set_from(*response, clock_.now());
  // Tesla always rotates the refresh token; if an issuer did not, the old one is still the one.
  if (next.refresh_token.empty()) next.refresh_token = state.tokens->refresh_token;
  if (next.scope.empty()) next.scope = state.tokens->scope;
  // Persist first: a refresh token is single-use, so a new pair that only lived in memory would
  // be lost with the process. If saving fails, the previous pair stays current (Tesla keeps the
  // last-used refresh token valid for a while as a safety net).
  if (auto saved = store_->save(account, next); !saved) return std::unexpected(saved.error());
  state.tokens = std::move(next);
  return state.tokens->access_token;
}

Result<std::string> UserTokenSource::access_token(std::string_view account) {
  Account& state = account_state(account);
  std::lock_guard lock(state.mutex);
  if (auto loaded = load_locked(state, account); !loaded) return std::unexpected(loaded.error());
  if (state.tokens->expires_at - margin_ > clock_.now()) return state.tokens->access_token;
  return refresh_locked(state, account);
}

Result<std::string> UserTokenSource::refresh_after_rejection(std::string_view account,
                                                             std::string_view rejected) {
  Account& state = account_state(account);
  std::lock_guard lock(state.mutex);
  if (auto loaded = load_locked(state, account); !loaded) return std::unexpected(loaded.error());
  if (state.tokens->access_token != rejected) return state.tokens->access_token;
  return refresh_locked(state, account);
}

Result<void> UserTokenSource::adopt(std::string_view account, const TokenSet& tokens) {
  Account& state = account_state(account);
  std::lock_guard lock(state.mutex);
  if (auto saved = store_->save(account, tokens); !saved) return saved;
  state.tokens = tokens;
  return {};
}

Result<std::vector<std::string>> UserTokenSource::scopes(std::string_view account) {
  Account& state = account_state(account);
  std::lock_guard lock(state.mutex);
  if (auto loaded = load_locked(state, account); !loaded) return std::unexpected(loaded.error());
  if (auto claims = decode_jwt_claims(state.tokens->access_token); claims && !claims->scp.empty()) {
    return claims->scp;
  }
  return split_scopes(state.tokens->scope);
}

int UserTokenSource::refresh_count() const {
  std::lock_guard lock(count_mutex_);
  return refreshes_;
}

PartnerTokenSource::PartnerTokenSource(std::shared_ptr<const OAuthClient> oauth, Clock& clock,
                                       std::string scope, std::chrono::seconds margin)
    : oauth_(std::move(oauth)), clock_(clock), scope_(std::move(scope)), margin_(margin) {}

PartnerTokenSource::Entry& PartnerTokenSource::entry(std::string_view audience) {
  std::lock_guard lock(entries_mutex_);
  auto it = entries_.find(audience);
  if (it == entries_.end()) {
    it = entries_.emplace(std::string(audience), std::make_unique<Entry>()).first;
  }
  return *it->second;
}

Result<std::string> PartnerTokenSource::token(std::string_view audience) {
  Entry& cached = entry(audience);
  std::lock_guard lock(cached.mutex);
  if (!cached.token.empty() && cached.expires_at - margin_ > clock_.now()) return cached.token;
  {
    std::lock_guard count(count_mutex_);
    ++fetches_;
  }
  auto response = oauth_->client_credentials(audience, scope_);
  if (!response) return std::unexpected(response.error());
  cached.token = response->access_token;
  cached.expires_at = expiry_of(*response, clock_.now());
  return cached.token;
}

void PartnerTokenSource::invalidate(std::string_view audience, std::string_view rejected) {
  Entry& cached = entry(audience);
  std::lock_guard lock(cached.mutex);
  if (cached.token == rejected) cached.token.clear();
}

int PartnerTokenSource::fetch_count() const {
  std::lock_guard lock(count_mutex_);
  return fetches_;
}

}  // namespace cpt::tesla::auth
