#include "cpt/service/ids.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <atomic>

#include "cpt/tesla/auth/jwt.h"

namespace cpt::service {

namespace {

Result<std::string> random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    return fail(ErrorKind::internal, "RAND_bytes failed");
  }
  return bytes;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

}  // namespace

Result<std::string> random_token(std::size_t bytes) {
  auto raw = random_bytes(bytes);
  if (!raw) return raw;
  return tesla::auth::base64url_encode(*raw);
}

Result<std::string> random_hex(std::size_t bytes) {
  auto raw = random_bytes(bytes);
  if (!raw) return raw;
  return to_hex(*raw);
}

std::string new_request_id() {
  if (auto id = random_hex(8)) return *id;
  static std::atomic<unsigned long long> counter{0};
  return "req-" + std::to_string(++counter);
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cpt::service
