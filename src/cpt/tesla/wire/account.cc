#include "cpt/tesla/wire/account.h"

#include "cpt/tesla/wire/parse_support.h"

namespace cpt::tesla::wire {
namespace {

using namespace detail;

const FieldTable<UserMe> kUserMeFields{
    field<&UserMe::email>("email"),
    field<&UserMe::full_name>("full_name"),
    field<&UserMe::profile_image_url>("profile_image_url"),
    field<&UserMe::vault_uuid>("vault_uuid"),
};

const FieldTable<UserRegion> kUserRegionFields{
    field<&UserRegion::region>("region"),
    field<&UserRegion::fleet_api_base_url>("fleet_api_base_url"),
};

const FieldTable<Signaling> kSignalingFields{
    field<&Signaling::enabled>("enabled"),
    field<&Signaling::subscribe_connectivity>("subscribe_connectivity"),
    field<&Signaling::use_auth_token>("use_auth_token"),
};

const FieldTable<FeatureConfig> kFeatureConfigFields{
    field<&FeatureConfig::signaling>("signaling", kSignalingFields),
};

const FieldTable<PartnerAccount> kPartnerAccountFields{
    field<&PartnerAccount::account_id>("account_id"),
    field<&PartnerAccount::domain>("domain"),
    field<&PartnerAccount::name>("name"),
    field<&PartnerAccount::description>("description"),
    field<&PartnerAccount::client_id>("client_id"),
    field<&PartnerAccount::ca>("ca"),
    field<&PartnerAccount::created_at>("created_at"),
    field<&PartnerAccount::updated_at>("updated_at"),
    field<&PartnerAccount::enterprise_tier>("enterprise_tier"),
    field<&PartnerAccount::csr>("csr"),
    field<&PartnerAccount::issuer>("issuer"),
    field<&PartnerAccount::public_key>("public_key"),
};

const FieldTable<TokenResponse> kTokenResponseFields{
    field<&TokenResponse::access_token>("access_token"),
    field<&TokenResponse::refresh_token>("refresh_token"),
    field<&TokenResponse::id_token>("id_token"),
    field<&TokenResponse::token_type>("token_type"),
    field<&TokenResponse::expires_in>("expires_in"),
    field<&TokenResponse::scope>("scope"),
    field<&TokenResponse::state>("state"),
};

const FieldTable<Order> kOrderFields{
    field<&Order::vehicle_map_id>("vehicleMapId"),
    field<&Order::reference_number>("referenceNumber"),
    field<&Order::vin>("vin"),
    field<&Order::order_status>("orderStatus"),
    field<&Order::order_substatus>("orderSubstatus"),
    field<&Order::model_code>("modelCode"),
    field<&Order::country_code>("countryCode"),
    field<&Order::locale>("locale"),
    field<&Order::mkt_options>("mktOptions"),
    field<&Order::is_b2b>("isB2b"),
};

const FieldTable<PartnerPublicKey> kPartnerPublicKeyFields{
    field<&PartnerPublicKey::public_key>("public_key"),
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Tesla has answered with the PEM text and with the hex of the EC point; keep both readable.
void classify_public_key(PartnerPublicKey& key) {
  if (!key.public_key) return;
  std::string_view text = *key.public_key;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return;
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.starts_with("-----BEGIN")) {
    key.format = PublicKeyFormat::pem;
    return;
  }
  if (text.size() % 2 != 0) return;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]), low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return;
    bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  key.format = PublicKeyFormat::hex;
  key.hex_bytes = std::move(bytes);
}

}  // namespace

Result<Parsed<UserMe>> parse_user_me(std::string_view body) {
  return parse_object(body, kUserMeFields, "users/me");
}

Result<Parsed<UserRegion>> parse_user_region(std::string_view body) {
  return parse_object(body, kUserRegionFields, "users/region");
}

Result<Parsed<Orders>> parse_orders(std::string_view body) {
  return parse_listing(body, &Orders::orders, kOrderFields, "users/orders",
                       [](JsonReader& reader, JsonValue top, Orders& out) {
                         read_member(reader, top, "count", out.count);
                       });
}

Result<Parsed<FeatureConfig>> parse_feature_config(std::string_view body) {
  return parse_object(body, kFeatureConfigFields, "users/feature_config");
}

Result<Parsed<PartnerAccount>> parse_partner_account(std::string_view body) {
  return parse_object(body, kPartnerAccountFields, "partner_accounts");
}

Result<Parsed<PartnerPublicKey>> parse_partner_public_key(std::string_view body) {
  auto parsed = parse_object(body, kPartnerPublicKeyFields, "partner public_key");
  if (parsed) classify_public_key(parsed->value);
  return parsed;
}

Result<Parsed<TokenResponse>> parse_token_response(std::string_view body) {
  auto parsed = parse_object(body, kTokenResponseFields, "token response");
  if (parsed) parsed->raw.clear();
  return parsed;
}

}  // namespace cpt::tesla::wire
