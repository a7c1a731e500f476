// Sealer: AES-256-GCM encryption of secrets at rest (tokens), bound to what they belong to.
#pragma once

#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt::store {

// Seals and opens small secrets with one 256-bit key. A sealed blob is
// "v1" | 12-byte random nonce | ciphertext | 16-byte tag; the associated data (e.g. the account
// id) is authenticated but not stored, so a blob copied to another account fails to open.
// Immutable after construction; thread-safe.
class Sealer {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // The key as 64 hex digits or as base64 (standard or URL-safe, padding optional) of 32 bytes;
  // invalid_argument otherwise (the message never echoes the key).
  static Result<Sealer> from_text(std::string_view key_text);
  static Result<Sealer> from_bytes(std::string_view key);
  // A fresh random key (development and simulator mode).
  static Result<Sealer> generate();

  Result<std::string> seal(std::string_view plaintext, std::string_view associated_data) const;
  // malformed when the blob was changed, truncated, sealed with another key or for other data.
  Result<std::string> open(std::string_view sealed, std::string_view associated_data) const;

 private:
  explicit Sealer(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace cpt::store
