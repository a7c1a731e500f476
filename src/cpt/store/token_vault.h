// Token vault: the Tesla client's TokenStore on top of a SessionStore, sealing every token set
// with AES-256-GCM before it reaches storage.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "cpt/core/error.h"
#include "cpt/store/sealer.h"
#include "cpt/store/session_store.h"
#include "cpt/tesla/auth/token_store.h"

namespace cpt::store {

// A token set as a sealed blob for `account` (JSON inside, the account as associated data).
Result<std::string> seal_tokens(const Sealer& sealer, std::string_view account,
                                const tesla::auth::TokenSet& tokens);
// The inverse of seal_tokens; malformed when the blob was tampered with or belongs elsewhere.
Result<tesla::auth::TokenSet> open_tokens(const Sealer& sealer, std::string_view account,
                                          std::string_view sealed);

// TokenStore whose accounts are session ids: a session's tokens live and die with it. On the Redis
// backend a refresh holds a fenced lock shared by every instance (lock_for_refresh), and the
// rotated pair is saved only while that lock is still this holder's. Thread-safe (the
// SessionStore is).
class EncryptedTokenStore final : public tesla::auth::TokenStore {
 public:
  EncryptedTokenStore(std::shared_ptr<SessionStore> store, std::shared_ptr<const Sealer> sealer,
                      std::chrono::milliseconds lock_wait = std::chrono::seconds(60));

  Result<std::optional<tesla::auth::TokenSet>> load(std::string_view account) override;
  Result<void> save(std::string_view account, const tesla::auth::TokenSet& tokens) override;
  Result<std::unique_ptr<tesla::auth::RefreshLock>> lock_for_refresh(
      std::string_view account) override;

 private:
  class RedisRefreshLock;
  std::shared_ptr<SessionStore> store_;
  std::shared_ptr<const Sealer> sealer_;
  std::chrono::milliseconds lock_wait_;
  std::mutex held_mutex_;
  std::map<std::string, std::int64_t, std::less<>> held_;  // account -> fencing token
};

}  // namespace cpt::store
