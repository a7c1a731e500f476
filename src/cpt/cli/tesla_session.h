// A signed-in Tesla account for the `cpt` commands that fetch vehicle data (report, demo,
// live-test): where its tokens come from and the FleetClient built on them.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/cli/tesla_env.h"
#include "cpt/core/error.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/auth/token_store.h"
#include "cpt/tesla/config.h"
#include "cpt/tesla/fleet_client.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/order_deadline.h"

namespace cpt::cli {

// The TokenStore account name every CLI command uses for the signed-in user.
inline constexpr std::string_view kCliAccount = "cli";

// One user's tokens and home region. Holds secrets (through the token source). Thread-safe.
struct UserSession {
  std::shared_ptr<tesla::auth::TokenStore> store;
  std::shared_ptr<tesla::auth::UserTokenSource> tokens;
  tesla::Region region = tesla::Region::na;
};

// A bare access token as a token set: expiry and scopes from its claims when it is a JWT (else
// 8 h and none), no refresh token.
tesla::auth::TokenSet tokens_from_access_token(std::string_view token);

// A bare access token (from --token): usable until it expires; there is no refresh token. The
// region is `region` when given, else the token's ou_code, else NA.
Result<UserSession> session_from_access_token(const TeslaStack& stack, std::string_view token,
                                              std::optional<tesla::Region> region);
// A token file written by `cpt live-test` or `cpt demo` (FileTokenStore, account "cli"):
// refreshes rotate the pair in that file before the new access token is used.
Result<UserSession> session_from_token_file(const TeslaStack& stack,
                                            const std::filesystem::path& file,
                                            std::optional<tesla::Region> region);
// A session holding freshly obtained tokens in `store`.
Result<UserSession> session_from_tokens(const TeslaStack& stack,
                                        std::shared_ptr<tesla::auth::TokenStore> store,
                                        const tesla::auth::TokenSet& tokens,
                                        std::optional<tesla::Region> region);

// The FleetClient of a signed-in user: user tokens, the stack's partner tokens and ledger, an
// optional budget and an optional deadline (its calls and waits end at it).
tesla::FleetClient user_fleet_client(const TeslaStack& stack, const UserSession& session,
                                     std::shared_ptr<tesla::Budget> budget = nullptr,
                                     std::shared_ptr<tesla::OrderDeadline> deadline = nullptr);

// Signs in without a person, for a simulator started with auto-approve: requests the authorize
// URL (state + PKCE), takes the code from the redirect and exchanges it for `region`'s audience.
Result<tesla::auth::TokenSet> sign_in_unattended(const TeslaStack& stack, tesla::Region region);

}  // namespace cpt::cli
