// Token sources: the access token a call should carry. User tokens refresh single-flight per
// account and persist the new pair before it is used; partner tokens are cached per audience.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_store.h"

namespace cpt::tesla::auth {

// How early a token counts as expired (Tesla: renew within about a minute of expiry).
inline constexpr std::chrono::seconds kRefreshMargin{60};

// When an access token from `response` expires: now + expires_in; without expires_in (some
// answers leave it out), the access token's own `exp` claim; without either, in one hour (the
// lifetime is undocumented; a 401 refreshes sooner anyway).
std::chrono::system_clock::time_point expiry_of(const TokenResponse& response,
                                                std::chrono::system_clock::time_point now);

// A TokenSet from a token response: expires_at = now + expires_in; scope from the response, else
// from the access token's `scp` claim.
TokenSet token_set_from(const TokenResponse& response, std::chrono::system_clock::time_point now);

// Hands out users' access tokens. One refresh in flight per account: concurrent callers wait for
// it and reuse its result (refresh tokens are single-use). The new pair is saved to the store
// BEFORE the new access token is handed out; if saving fails the previous pair stays in use.
// Thread-safe.
class UserTokenSource {
 public:
  UserTokenSource(std::shared_ptr<TokenStore> store, std::shared_ptr<const OAuthClient> oauth,
                  Clock& clock, std::chrono::seconds margin = kRefreshMargin);

  // A valid access token, refreshed first when it expires within the margin. login_required when
  // the account has no tokens or its refresh token was refused.
  Result<std::string> access_token(std::string_view account);
  // After Tesla rejected `rejected` with a 401: refresh, unless another caller already replaced
  // that token (then its successor is returned without a second refresh).
  Result<std::string> refresh_after_rejection(std::string_view account, std::string_view rejected);
  // Stores a pair obtained elsewhere (the code exchange) as the account's current one.
  Result<void> adopt(std::string_view account, const TokenSet& tokens);
  // Granted scopes of the current access token (from its `scp` claim, else the stored scope).
  Result<std::vector<std::string>> scopes(std::string_view account);
  // Refreshes performed so far (all accounts).
  int refresh_count() const;

 private:
  struct Account {
    std::mutex mutex;  // held across a refresh: this is the single flight
    std::optional<TokenSet> tokens;
  };
  Account& account_state(std::string_view account);
  Result<void> load_locked(Account& state, std::string_view account);
  Result<std::string> refresh_locked(Account& state, std::string_view account);

  std::shared_ptr<TokenStore> store_;
  std::shared_ptr<const OAuthClient> oauth_;
  Clock& clock_;
  std::chrono::seconds margin_;
  std::mutex accounts_mutex_;
  std::map<std::string, std::unique_ptr<Account>, std::less<>> accounts_;
  mutable std::mutex count_mutex_;
  int refreshes_ = 0;
};

// Partner tokens (client_credentials), one per region audience, cached until `margin` before
// expiry; one fetch in flight per audience. Thread-safe.
class PartnerTokenSource {
 public:
  PartnerTokenSource(std::shared_ptr<const OAuthClient> oauth, Clock& clock, std::string scope,
                     std::chrono::seconds margin = kRefreshMargin);

  Result<std::string> token(std::string_view audience);
  // Drops a cached token Tesla rejected (if it is still the cached one).
  void invalidate(std::string_view audience, std::string_view rejected);
  int fetch_count() const;

 private:
  struct Entry {
    std::mutex mutex;
    std::string token;
    std::chrono::system_clock::time_point expires_at{};
  };
  Entry& entry(std::string_view audience);

  std::shared_ptr<const OAuthClient> oauth_;
  Clock& clock_;
  std::string scope_;
  std::chrono::seconds margin_;
  std::mutex entries_mutex_;
  std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries_;
  mutable std::mutex count_mutex_;
  int fetches_ = 0;
};

}  // namespace cpt::tesla::auth
