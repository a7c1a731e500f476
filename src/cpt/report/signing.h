// Report signing keys: ECDSA P-256 with SHA-256 over OpenSSL EVP. A report-signing key is its own
// key (never the Tesla command key): one key, one purpose.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace cpt::report {

// The public half: checks signatures. Immutable; thread-safe.
class VerifyKey {
 public:
  // A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) holding a P-256 key.
  static Result<VerifyKey> from_pem(std::string_view pem);

  // Whether `der_signature` is a valid ECDSA-SHA256 signature of `message`.
  bool verify(std::string_view message, std::string_view der_signature) const;
  std::string public_pem() const;
  // The first 16 hex digits of SHA-256 over the DER public key: names the key in reports.
  const std::string& key_id() const { return key_id_; }

 private:
  friend class SigningKey;
  VerifyKey(std::shared_ptr<evp_pkey_st> key, std::string key_id);
  std::shared_ptr<evp_pkey_st> key_;
  std::string key_id_;
};

// The private half: signs reports. Immutable after creation; thread-safe.
class SigningKey {
 public:
  static Result<SigningKey> generate();
  // A PEM private key ("PRIVATE KEY" or "EC PRIVATE KEY") on the P-256 curve.
  static Result<SigningKey> from_pem(std::string_view pem);

  // An ECDSA-SHA256 signature of `message`, DER-encoded.
  Result<std::string> sign(std::string_view message) const;
  std::string private_pem() const;
  const VerifyKey& public_key() const { return public_; }
  const std::string& key_id() const { return public_.key_id(); }

 private:
  SigningKey(std::shared_ptr<evp_pkey_st> key, VerifyKey public_key);
  // A private key (from generation or PEM) checked to be P-256, with its public half.
  static Result<SigningKey> from_private(std::shared_ptr<evp_pkey_st> key);
  std::shared_ptr<evp_pkey_st> key_;
  VerifyKey public_;
};

std::string base64_encode(std::string_view bytes);
Result<std::string> base64_decode(std::string_view text);
// Lower-case hex of SHA-256.
std::string sha256_hex(std::string_view bytes);

}  // namespace cpt::report
