// Tolerant parsers for account-level payloads: users/me, users/region, users/orders,
// users/feature_config, partner_accounts (register), partner_accounts/public_key, and OAuth token
// responses (OAuth error bodies go through parse_error_body). Each fails (ErrorKind::malformed)
// only when the body is not JSON or its payload has a hopeless shape. Thread-safe (state per call).
#pragma once

#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/account.h"

namespace cpt::tesla::wire {

Result<Parsed<UserMe>> parse_user_me(std::string_view body);
// With the envelope (`{"response": {"region": "eu", ...}}`) or bare, as in the 2023 docs.
Result<Parsed<UserRegion>> parse_user_region(std::string_view body);
// `{"response": [...], "count": N}`.
Result<Parsed<Orders>> parse_orders(std::string_view body);
Result<Parsed<FeatureConfig>> parse_feature_config(std::string_view body);
Result<Parsed<PartnerAccount>> parse_partner_account(std::string_view body);
// Sets `format` (PEM or hex) and, for hex, the decoded bytes.
Result<Parsed<PartnerPublicKey>> parse_partner_public_key(std::string_view body);
// The body holds secrets, so the result's `raw` is left empty on purpose.
Result<Parsed<TokenResponse>> parse_token_response(std::string_view body);

}  // namespace cpt::tesla::wire
