// JWT payload decoding (no signature check: CPT only reads its own token's claims) and base64url.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/tesla/config.h"

namespace cpt::tesla::auth {

// base64url without padding (RFC 4648 §5).
std::string base64url_encode(std::string_view bytes);
// Accepts input with or without '=' padding; malformed on a bad character or length.
Result<std::string> base64url_decode(std::string_view text);

// The claims CPT reads from a Tesla access token. Value type.
struct JwtClaims {
  std::string iss;
  std::string sub;
  std::vector<std::string> aud;  // a string or a list in the token; always a list here
  std::vector<std::string> scp;  // granted scopes
  std::string ou_code;           // "NA", "EU", "CN"
  std::optional<std::int64_t> exp;
  std::optional<std::int64_t> iat;

  bool has_scope(std::string_view scope) const;
};

// Decodes the payload of a JWT (header.payload.signature). malformed when it is not one.
Result<JwtClaims> decode_jwt_claims(std::string_view token);

// The token's home region from its ou_code ("EU" -> eu); nullopt when absent or unknown (callers
// then ask users/region, or default to NA as Tesla's Go client does).
std::optional<Region> region_from_claims(const JwtClaims& claims);

}  // namespace cpt::tesla::auth
