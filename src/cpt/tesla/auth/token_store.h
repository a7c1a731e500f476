// TokenStore: where a user's token pair lives between calls (per account). Tokens are secrets:
// implementations never log them.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt::tesla::auth {

// A user's tokens with their expiry. Holds secrets. Value type.
struct TokenSet {
  std::string access_token;
  std::string refresh_token;
  std::string id_token;
  std::chrono::system_clock::time_point expires_at{};
  std::string scope;  // space-separated granted scopes, when known
};

// Held across one refresh of an account by every process that shares a token store, so that a
// single-use refresh token is spent once. Destroying it releases the lock.
class RefreshLock {
 public:
  virtual ~RefreshLock() = default;
};

// Persists token sets per account. Implementations are thread-safe.
class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // The stored set, or nullopt when the account has none.
  virtual Result<std::optional<TokenSet>> load(std::string_view account) = 0;
  // Replaces the account's set durably; on failure the previous set stays as it was.
  virtual Result<void> save(std::string_view account, const TokenSet& tokens) = 0;
  // Locks the account against refreshes by other processes sharing this store, waiting for a
  // refresh under way elsewhere; while held, load() shows what such a refresh saved. Null when
  // the store is private to this process (nothing to coordinate); timeout when the lock stays
  // taken.
  virtual Result<std::unique_ptr<RefreshLock>> lock_for_refresh(std::string_view account) {
    (void)account;
    return std::unique_ptr<RefreshLock>();
  }
};

// Keeps tokens in memory (tests, short-lived tools). Thread-safe.
class InMemoryTokenStore final : public TokenStore {
 public:
  Result<std::optional<TokenSet>> load(std::string_view account) override;
  Result<void> save(std::string_view account, const TokenSet& tokens) override;

 private:
  std::mutex mutex_;
  std::map<std::string, TokenSet, std::less<>> tokens_;
};

// One JSON file holding every account's tokens, rewritten atomically (temp file in the same
// folder, mode 0600, fsync, rename) so a crash never leaves half a file. Refreshes take an
// exclusive flock on "<file>.lock", so several processes on one file refresh an account once.
// Thread-safe.
class FileTokenStore final : public TokenStore {
 public:
  explicit FileTokenStore(std::filesystem::path file,
                          std::chrono::milliseconds lock_timeout = std::chrono::seconds(60))
      : file_(std::move(file)), lock_timeout_(lock_timeout) {}
  Result<std::optional<TokenSet>> load(std::string_view account) override;
  Result<void> save(std::string_view account, const TokenSet& tokens) override;
  Result<std::unique_ptr<RefreshLock>> lock_for_refresh(std::string_view account) override;
  const std::filesystem::path& path() const { return file_; }

 private:
  std::mutex mutex_;
  std::filesystem::path file_;
  std::chrono::milliseconds lock_timeout_;
};

// Writes `content` to `file` atomically with the given permission bits (temp + fsync + rename).
Result<void> write_file_atomically(const std::filesystem::path& file, std::string_view content,
                                   std::filesystem::perms mode);

}  // namespace cpt::tesla::auth
