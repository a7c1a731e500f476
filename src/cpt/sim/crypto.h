// Small crypto and encoding helpers for the simulator's tokens and PKCE (OpenSSL EVP).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cpt::sim::crypto {

std::string base64url(std::string_view bytes);  // no padding
std::optional<std::string> base64url_decode(std::string_view text);
std::string sha256(std::string_view bytes);                            // raw 32 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string hex(std::string_view bytes);
// PKCE S256: base64url(sha256(verifier)).
std::string pkce_challenge(std::string_view verifier);
// A PEM public key (EC P-256) as Tesla's public_key endpoint shows it: the uncompressed point in
// hex ("04..."). nullopt when the PEM is not an EC public key.
std::optional<std::string> ec_public_key_hex(std::string_view pem);

}  // namespace cpt::sim::crypto
