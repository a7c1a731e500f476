#include "cpt/store/sealer.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace cpt::store {

namespace {

constexpr std::string_view kVersion = "v1";
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() {
  return CipherCtx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
  std::string normalized(text);
  for (char& c : normalized) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (normalized.size() % 4 != 0) normalized.push_back('=');
  std::string out(normalized.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(bytes(out), bytes(normalized), static_cast<int>(normalized.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = 0;
  for (auto it = normalized.rbegin(); it != normalized.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

Result<Sealer> Sealer::from_bytes(std::string_view key) {
  if (key.size() != kKeyBytes) {
    return fail(ErrorKind::invalid_argument,
                "token encryption key must be 32 bytes, got " + std::to_string(key.size()),
                "The token encryption key must be 32 bytes (64 hex digits or base64).");
  }
  return Sealer(std::string(key));
}

Result<Sealer> Sealer::from_text(std::string_view key_text) {
  const std::string text = trim(key_text);
  if (text.size() == 2 * kKeyBytes) {
    if (auto raw = decode_hex(text)) return from_bytes(*raw);
  }
  if (auto raw = decode_base64(text); raw && raw->size() == kKeyBytes) return from_bytes(*raw);
  return fail(ErrorKind::invalid_argument,
              "token encryption key is neither 64 hex digits nor base64 of 32 bytes",
              "The token encryption key must be 32 bytes (64 hex digits or base64).");
}

Result<Sealer> Sealer::generate() {
  std::string key(kKeyBytes, '\0');
  if (RAND_bytes(bytes(key), static_cast<int>(key.size())) != 1) {
    return fail(ErrorKind::internal, "RAND_bytes failed while generating a key");
  }
  return Sealer(std::move(key));
}

Result<std::string> Sealer::seal(std::string_view plaintext,
                                 std::string_view associated_data) const {
  std::string out(kVersion);
  out.resize(kVersion.size() + kNonceBytes + plaintext.size() + kTagBytes);
  unsigned char* nonce = bytes(out) + kVersion.size();
  unsigned char* cipher = nonce + kNonceBytes;
  if (RAND_bytes(nonce, kNonceBytes) != 1) return fail(ErrorKind::internal, "RAND_bytes failed");
  CipherCtx ctx = new_ctx();
  int len = 0;
  int total = 0;
  bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), nonce) == 1;
  ok = ok && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                               static_cast<int>(associated_data.size())) == 1;
  ok = ok && EVP_EncryptUpdate(ctx.get(), cipher, &len, bytes(plaintext),
                               static_cast<int>(plaintext.size())) == 1;
  total = len;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), cipher + total, &len) == 1;
  total += len;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, cipher + total) == 1;
  if (!ok || static_cast<std::size_t>(total) != plaintext.size()) {
    return fail(ErrorKind::internal, "AES-256-GCM encryption failed");
  }
  return out;
}

Result<std::string> Sealer::open(std::string_view sealed, std::string_view associated_data) const {
  const std::size_t overhead = kVersion.size() + kNonceBytes + kTagBytes;
  if (sealed.size() < overhead || sealed.substr(0, kVersion.size()) != kVersion) {
    return fail(ErrorKind::malformed, "sealed blob has no v1 header or is truncated");
  }
  const std::string_view nonce = sealed.substr(kVersion.size(), kNonceBytes);
  const std::string_view cipher =
      sealed.substr(kVersion.size() + kNonceBytes, sealed.size() - overhead);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string out(cipher.size(), '\0');
  CipherCtx ctx = new_ctx();
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_),
                                      bytes(nonce)) == 1;
  ok = ok && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                               static_cast<int>(associated_data.size())) == 1;
  ok = ok && EVP_DecryptUpdate(ctx.get(), bytes(out), &len, bytes(cipher),
                               static_cast<int>(cipher.size())) == 1;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1;
  int final_len = 0;
  // The tag check happens in Final: a changed byte anywhere, another key or other associated data
  // all land here.
  ok = ok && EVP_DecryptFinal_ex(ctx.get(), bytes(out) + len, &final_len) == 1;
  if (!ok) return fail(ErrorKind::malformed, "sealed blob failed authentication");
  return out;
}

}  // namespace cpt::store
