// Random identifiers and digests for the service: session ids, cookies, request ids, owners.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt::service {

// `bytes` random bytes from OpenSSL RAND as base64url without padding (16 bytes = 128 bits).
Result<std::string> random_token(std::size_t bytes);
// `bytes` random bytes as lower-case hex.
Result<std::string> random_hex(std::size_t bytes);
// A short request id (64 random bits as hex); falls back to a counter if RAND fails.
std::string new_request_id();
// Lower-case hex SHA-256: how a browser cookie is kept (the cookie itself is never stored).
std::string sha256_hex(std::string_view bytes);
// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace cpt::service
