// Partner setup: the app's prime256v1 key pair (generation, PEM files, comparison) and the
// per-region partner registration and public-key check.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/tesla/config.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::tesla {

// A P-256 key pair in PEM. The private half is a secret. Value type.
struct KeyPairPem {
  std::string private_pem;  // "-----BEGIN EC PRIVATE KEY-----" (SEC1, like `openssl ecparam`)
  std::string public_pem;   // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo)
};

// A fresh prime256v1 key pair (OpenSSL EVP).
Result<KeyPairPem> generate_key_pair();

// The file names `cpt keygen` writes and Tesla's well-known path serves.
inline constexpr std::string_view kPrivateKeyFile = "private-key.pem";
inline constexpr std::string_view kPublicKeyFile = "public-key.pem";
inline constexpr std::string_view kWellKnownKeyPath =
    "/.well-known/appspecific/com.tesla.3p.public-key.pem";

// Writes private-key.pem (mode 0600) and public-key.pem (0644) into `dir` (created if missing).
// conflict when either file exists: keys are never overwritten.
Result<void> write_key_pair(const std::filesystem::path& dir, const KeyPairPem& pair);

// The public key PEM of a PEM (a public key as it is, or the public half of a private key);
// invalid_argument unless it is a prime256v1 key.
Result<std::string> public_key_pem(std::string_view pem);

// Whether two PEMs hold the same public key (compared as DER, whatever the PEM wrapping).
Result<bool> same_public_key(std::string_view a, std::string_view b);

// The outcome of registering (or checking) one region. Value type.
struct RegionOutcome {
  Region region = Region::na;
  bool ok = false;
  int http_status = 0;
  std::string detail;  // what to print: account/domain on success, the error otherwise
};

// POST /api/1/partner_accounts {"domain"} with a partner token, on one region's client.
RegionOutcome register_partner(FleetClient& client, Region region, std::string_view domain);

// GET /api/1/partner_accounts/public_key?domain= and compare with `local_public_pem` (empty: only
// report what is registered).
RegionOutcome check_partner_key(FleetClient& client, Region region, std::string_view domain,
                                std::string_view local_public_pem);

// The registered public key in a public_key answer: `response.public_key` (PEM, or hex of the
// uncompressed point as Tesla sends it).
Result<std::string> registered_public_key(std::string_view body);

}  // namespace cpt::tesla
