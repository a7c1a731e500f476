#include "cpt/report/signing.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>

namespace cpt::report {
namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

using PkeyPtr = std::shared_ptr<EVP_PKEY>;

PkeyPtr own(EVP_PKEY* key) {
  return key ? PkeyPtr(key, &EVP_PKEY_free) : PkeyPtr();
}

BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
}

std::string read_bio(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool is_p256(EVP_PKEY* key) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
  std::array<char, 64> curve{};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, "group", curve.data(), curve.size(), &length) != 1) {
    return false;
  }
  return std::string_view(curve.data(), length) == "prime256v1";
}

Result<std::string> public_der(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return fail(ErrorKind::internal, "cannot encode public key");
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

Result<std::string> key_id_of(EVP_PKEY* key) {
  auto der = public_der(key);
  if (!der) return fail(der.error());
  return sha256_hex(*der).substr(0, 16);
}

}  // namespace

VerifyKey::VerifyKey(std::shared_ptr<evp_pkey_st> key, std::string key_id)
    : key_(std::move(key)), key_id_(std::move(key_id)) {}

Result<VerifyKey> VerifyKey::from_pem(std::string_view pem) {
  auto bio = memory_bio(pem);
  PkeyPtr key = own(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return fail(ErrorKind::invalid_argument, "not a PEM public key");
  if (!is_p256(key.get())) {
    return fail(ErrorKind::invalid_argument, "the public key is not an EC P-256 key");
  }
  auto id = key_id_of(key.get());
  if (!id) return fail(id.error());
  return VerifyKey(std::move(key), std::move(*id));
}

bool VerifyKey::verify(std::string_view message, std::string_view der_signature) const {
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der_signature.data()),
                          der_signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::string VerifyKey::public_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key_.get());
  return read_bio(bio.get());
}

SigningKey::SigningKey(std::shared_ptr<evp_pkey_st> key, VerifyKey public_key)
    : key_(std::move(key)), public_(std::move(public_key)) {}

Result<SigningKey> SigningKey::from_private(std::shared_ptr<evp_pkey_st> key) {
  if (!is_p256(key.get())) {
    return fail(ErrorKind::invalid_argument, "the key is not an EC P-256 key");
  }
  // The public half travels alone (a VerifyKey), so it gets its own key object.
  auto der = public_der(key.get());
  if (!der) return fail(der.error());
  const auto* cursor = reinterpret_cast<const unsigned char*>(der->data());
  PkeyPtr pub = own(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der->size())));
  if (!pub) return fail(ErrorKind::internal, "cannot derive the public key");
  auto id = key_id_of(pub.get());
  if (!id) return fail(id.error());
  return SigningKey(std::move(key), VerifyKey(std::move(pub), std::move(*id)));
}

Result<SigningKey> SigningKey::generate() {
  PkeyPtr key = own(EVP_EC_gen("P-256"));
  if (!key) return fail(ErrorKind::internal, "EC P-256 key generation failed");
  return from_private(std::move(key));
}

Result<SigningKey> SigningKey::from_pem(std::string_view pem) {
  auto bio = memory_bio(pem);
  PkeyPtr key = own(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return fail(ErrorKind::invalid_argument, "not a PEM private key");
  return from_private(std::move(key));
}

Result<std::string> SigningKey::sign(std::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1) {
    return fail(ErrorKind::internal, "signing init failed");
  }
  std::size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &length, data, message.size()) != 1) {
    return fail(ErrorKind::internal, "signing failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     message.size()) != 1) {
    return fail(ErrorKind::internal, "signing failed");
  }
  signature.resize(length);
  return signature;
}

std::string SigningKey::private_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return read_bio(bio.get());
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

Result<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0)
    return fail(ErrorKind::malformed, "base64 length is not a multiple of 4");
  std::string out(3 * (text.size() / 4), '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (written < 0) return fail(ErrorKind::malformed, "invalid base64");
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  std::size_t size = static_cast<std::size_t>(written);
  if (!text.empty() && text.back() == '=') --size;
  if (text.size() > 1 && text[text.size() - 2] == '=') --size;
  out.resize(size);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace cpt::report
