// Account-level payloads, typed as Tesla sends them: users/me, users/region, users/orders,
// users/feature_config, partner_accounts (register) and partner_accounts/public_key, and OAuth
// token responses. TokenResponse holds secrets: never log it. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/time.h"

namespace cpt::tesla {

// GET /api/1/users/me (personal data: never log email or name).
struct UserMe {
  std::optional<std::string> email;
  std::optional<std::string> full_name;
  std::optional<std::string> profile_image_url;
  std::optional<std::string> vault_uuid;
};

// GET /api/1/users/region, with or without the envelope; `region` as sent ("eu", "NA").
struct UserRegion {
  std::optional<std::string> region;
  std::optional<std::string> fleet_api_base_url;
};

// One order of GET /api/1/users/orders.
struct Order {
  std::optional<std::int64_t> vehicle_map_id;  // vehicleMapId
  std::optional<std::string> reference_number;
  std::optional<std::string> vin;
  std::optional<std::string> order_status;
  std::optional<std::string> order_substatus;
  std::optional<std::string> model_code;
  std::optional<std::string> country_code;
  std::optional<std::string> locale;
  std::optional<std::string> mkt_options;  // comma-separated option codes
  std::optional<bool> is_b2b;              // isB2b
};

// GET /api/1/users/orders: `response[]` and `count`.
struct Orders {
  std::vector<Order> orders;
  std::optional<std::int64_t> count;
};

// `signaling` of users/feature_config.
struct Signaling {
  std::optional<bool> enabled;
  std::optional<bool> subscribe_connectivity;
  std::optional<bool> use_auth_token;
};

// GET /api/1/users/feature_config.
struct FeatureConfig {
  std::optional<Signaling> signaling;
};

// POST /api/1/partner_accounts: the registered partner account.
struct PartnerAccount {
  std::optional<std::string> account_id;
  std::optional<std::string> domain;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> client_id;
  std::optional<std::string> ca;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> updated_at;
  std::optional<std::string> enterprise_tier;
  std::optional<std::string> csr;
  std::optional<std::string> issuer;
  std::optional<std::string> public_key;  // PEM or hex
};

// How a partner public key was written.
enum class PublicKeyFormat { unknown, pem, hex };

// GET /api/1/partner_accounts/public_key: `public_key` as PEM text or as hex of the EC point.
struct PartnerPublicKey {
  std::optional<std::string> public_key;
  PublicKeyFormat format = PublicKeyFormat::unknown;
  std::vector<std::uint8_t> hex_bytes;  // the decoded point, when the key was hex
};

// An OAuth token response (authorization_code, refresh_token or client_credentials grant).
struct TokenResponse {
  std::optional<std::string> access_token;
  std::optional<std::string> refresh_token;  // absent for partner tokens
  std::optional<std::string> id_token;
  std::optional<std::string> token_type;   // "Bearer"
  std::optional<std::int64_t> expires_in;  // seconds
  std::optional<std::string> scope;
  std::optional<std::string> state;
};

}  // namespace cpt::tesla
