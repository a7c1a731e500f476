// TokenStore: where a user's token pair lives between calls (per account). Tokens are secrets:
// implementations never log them.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
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

// Persists token sets per account. Implementations are thread-safe.
class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // The stored set, or nullopt when the account has none.
  virtual Result<std::optional<TokenSet>> load(std::string_view account) = 0;
  // Replaces the account's set durably; on failure the previous set stays as it was.
  virtual Result<void> save(std::string_view account, const TokenSet& tokens) = 0;
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
// folder, mode 0600, fsync, rename) so a crash never leaves half a file. Thread-safe within a
// process.
class FileTokenStore final : public TokenStore {
 public:
  explicit FileTokenStore(std::filesystem::path file) : file_(std::move(file)) {}
  Result<std::optional<TokenSet>> load(std::string_view account) override;
  Result<void> save(std::string_view account, const TokenSet& tokens) override;
  const std::filesystem::path& path() const { return file_; }

 private:
  std::mutex mutex_;
  std::filesystem::path file_;
};

// Writes `content` to `file` atomically with the given permission bits (temp + fsync + rename).
Result<void> write_file_atomically(const std::filesystem::path& file, std::string_view content,
                                   std::filesystem::perms mode);

}  // namespace cpt::tesla::auth
