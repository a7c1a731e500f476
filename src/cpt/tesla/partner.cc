#include "cpt/tesla/partner.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <system_error>

#include "cpt/tesla/auth/token_store.h"

namespace cpt::tesla {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

PkeyPtr read_key(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (pem.find("PRIVATE KEY") != std::string_view::npos) {
    return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  }
  return PkeyPtr(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
}

bool is_prime256v1(EVP_PKEY* key) {
  char curve[64] = {};
  std::size_t length = 0;
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
  if (EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof(curve), &length) != 1)
    return false;
  return std::string_view(curve, length) == "prime256v1";
}

Result<std::string> public_der(std::string_view pem) {
  PkeyPtr key = read_key(pem);
  if (!key || !is_prime256v1(key.get())) {
    return fail(ErrorKind::invalid_argument, "not a prime256v1 PEM key",
                "The key is not a prime256v1 (P-256) PEM key.");
  }
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key.get(), &der);
  if (length <= 0) return fail(ErrorKind::internal, "i2d_PUBKEY failed");
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

// Tesla's public_key answer may carry the uncompressed point in hex ("04" + X + Y).
Result<std::string> pem_from_hex_point(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  // A SubjectPublicKeyInfo prefix for id-ecPublicKey + prime256v1, followed by the point.
  static constexpr unsigned char kPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                              0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                              0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
  if (bytes.size() != 65 || bytes[0] != 0x04) {
    return fail(ErrorKind::malformed, "public_key is neither PEM nor an uncompressed P-256 point");
  }
  std::string der(reinterpret_cast<const char*>(kPrefix), sizeof(kPrefix));
  der += bytes;
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  PkeyPtr key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size())), &EVP_PKEY_free);
  if (!key) return fail(ErrorKind::malformed, "public_key point is not on the curve");
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key.get());
  return bio_text(bio.get());
}

bool is_hex(std::string_view text) {
  return !text.empty() &&
         text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

}  // namespace

Result<KeyPairPem> generate_key_pair() {
  PkeyPtr key(EVP_EC_gen("prime256v1"), &EVP_PKEY_free);
  if (!key) return fail(ErrorKind::internal, "EVP_EC_gen(prime256v1) failed");
  BioPtr priv(BIO_new(BIO_s_mem()), &BIO_free);
  BioPtr pub(BIO_new(BIO_s_mem()), &BIO_free);
  // SEC1 "EC PRIVATE KEY", the form `openssl ecparam -genkey -noout` writes (the seed's recipe).
  auto encoder_ok = PEM_write_bio_PrivateKey_traditional(priv.get(), key.get(), nullptr, nullptr, 0,
                                                         nullptr, nullptr) == 1;
  if (!encoder_ok || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) {
    return fail(ErrorKind::internal, "PEM encoding of the key pair failed");
  }
  return KeyPairPem{bio_text(priv.get()), bio_text(pub.get())};
}

Result<void> write_key_pair(const std::filesystem::path& dir, const KeyPairPem& pair) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(ErrorKind::io, "cannot create " + dir.string() + ": " + ec.message());
  const auto private_path = dir / kPrivateKeyFile;
  const auto public_path = dir / kPublicKeyFile;
  for (const auto& path : {private_path, public_path}) {
    if (std::filesystem::exists(path, ec)) {
      return fail(ErrorKind::conflict, path.string() + " already exists; refusing to overwrite",
                  path.string() +
                      " already exists. Keys are never overwritten: move it away or "
                      "choose another --out folder.");
    }
  }
  using std::filesystem::perms;
  if (auto ok = auth::write_file_atomically(private_path, pair.private_pem,
                                            perms::owner_read | perms::owner_write);
      !ok) {
    return ok;
  }
  return auth::write_file_atomically(
      public_path, pair.public_pem,
      perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
}

Result<std::string> public_key_pem(std::string_view pem) {
  PkeyPtr key = read_key(pem);
  if (!key || !is_prime256v1(key.get())) {
    return fail(ErrorKind::invalid_argument, "not a prime256v1 PEM key",
                "The key is not a prime256v1 (P-256) PEM key.");
  }
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key.get());
  return bio_text(bio.get());
}

Result<bool> same_public_key(std::string_view a, std::string_view b) {
  auto der_a = public_der(a);
  if (!der_a) return std::unexpected(der_a.error());
  auto der_b = public_der(b);
  if (!der_b) return std::unexpected(der_b.error());
  return *der_a == *der_b;
}

Result<std::string> registered_public_key(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  const nlohmann::json* response = nullptr;
  if (json.is_object()) {
    if (auto it = json.find("response"); it != json.end()) response = &*it;
  }
  const nlohmann::json* key = nullptr;
  if (response != nullptr && response->is_object()) {
    if (auto it = response->find("public_key"); it != response->end()) key = &*it;
  }
  if (key == nullptr || !key->is_string() || key->get<std::string>().empty()) {
    return fail(ErrorKind::not_found, "no public_key in the answer");
  }
  std::string text = key->get<std::string>();
  if (is_hex(text)) return pem_from_hex_point(text);
  return text;
}

RegionOutcome register_partner(FleetClient& client, Region region, std::string_view domain) {
  RegionOutcome outcome{region, false, 0, {}};
  auto response = client.partner_register(domain);
  if (!response) {
    outcome.http_status = response.error().http_status().value_or(0);
    outcome.detail = response.error().log_message;
    return outcome;
  }
  outcome.ok = true;
  outcome.http_status = response->http_status;
  auto json = nlohmann::json::parse(response->body, nullptr, false);
  std::string registered = std::string(domain);
  if (json.is_object() && json.contains("response") && json["response"].is_object()) {
    const auto& r = json["response"];
    if (r.contains("domain") && r["domain"].is_string())
      registered = r["domain"].get<std::string>();
  }
  outcome.detail = "registered " + registered;
  return outcome;
}

RegionOutcome check_partner_key(FleetClient& client, Region region, std::string_view domain,
                                std::string_view local_public_pem) {
  RegionOutcome outcome{region, false, 0, {}};
  auto response = client.partner_public_key(domain);
  if (!response) {
    outcome.http_status = response.error().http_status().value_or(0);
    outcome.detail = response.error().log_message;
    return outcome;
  }
  outcome.http_status = response->http_status;
  auto registered = registered_public_key(response->body);
  if (!registered) {
    outcome.detail = registered.error().log_message;
    return outcome;
  }
  if (local_public_pem.empty()) {
    outcome.ok = true;
    outcome.detail = "a public key is registered";
    return outcome;
  }
  auto same = same_public_key(*registered, local_public_pem);
  if (!same) {
    outcome.detail = same.error().log_message;
    return outcome;
  }
  outcome.ok = *same;
  outcome.detail =
      *same ? "registered key matches the local key" : "registered key DIFFERS from the local key";
  return outcome;
}

}  // namespace cpt::tesla
