// Sign-in without a person: for an auth server that approves at once (the simulator started with
// auto-approve). Used by tests and the demo; a real Tesla login always needs the user.
#pragma once

#include <string_view>

#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"

namespace cpt::tesla::auth {

// Requests the authorize URL (with state and PKCE) without following the redirect, checks the
// state, takes the code from the Location header and exchanges it for `audience` (a Fleet API
// base URL). login_required when the server does not redirect at once.
Result<TokenSet> sign_in_unattended(http::HttpClient& http, const OAuthClient& oauth,
                                    std::string_view audience);

}  // namespace cpt::tesla::auth
