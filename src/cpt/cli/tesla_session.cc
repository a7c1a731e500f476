#include "cpt/cli/tesla_session.h"

#include "cpt/core/clock.h"
#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/unattended.h"

namespace cpt::cli {
namespace {

namespace auth = tesla::auth;

tesla::Region pick_region(std::optional<tesla::Region> given, std::string_view access_token) {
  if (given) return *given;
  if (auto claims = auth::decode_jwt_claims(access_token)) {
    if (auto region = auth::region_from_claims(*claims)) return *region;
  }
  return tesla::Region::na;
}

}  // namespace

Result<UserSession> session_from_tokens(const TeslaStack& stack,
                                        std::shared_ptr<auth::TokenStore> store,
                                        const auth::TokenSet& tokens,
                                        std::optional<tesla::Region> region) {
  UserSession session;
  session.store = std::move(store);
  session.region = pick_region(region, tokens.access_token);
  // Refreshes go to the auth host of the account's realm (China has its own).
  session.tokens = std::make_shared<auth::UserTokenSource>(
      session.store, oauth_of(stack, session.region), SystemClock::instance());
  if (auto adopted = session.tokens->adopt(kCliAccount, tokens); !adopted) {
    return std::unexpected(adopted.error());
  }
  return session;
}

auth::TokenSet tokens_from_access_token(std::string_view token) {
  auth::TokenSet set;
  set.access_token = std::string(token);
  set.expires_at = std::chrono::system_clock::now() + std::chrono::hours(8);
  if (auto claims = auth::decode_jwt_claims(token)) {
    if (claims->exp) {
      set.expires_at = std::chrono::system_clock::time_point(std::chrono::seconds(*claims->exp));
    }
    for (const auto& scope : claims->scp) set.scope += (set.scope.empty() ? "" : " ") + scope;
  }
  return set;
}

Result<UserSession> session_from_access_token(const TeslaStack& stack, std::string_view token,
                                              std::optional<tesla::Region> region) {
  return session_from_tokens(stack, std::make_shared<auth::InMemoryTokenStore>(),
                             tokens_from_access_token(token), region);
}

Result<UserSession> session_from_token_file(const TeslaStack& stack,
                                            const std::filesystem::path& file,
                                            std::optional<tesla::Region> region) {
  auto store = std::make_shared<auth::FileTokenStore>(file);
  auto tokens = store->load(kCliAccount);
  if (!tokens) return std::unexpected(tokens.error());
  if (!*tokens) {
    return fail(
        ErrorKind::login_required, "token file has no tokens for the CLI account",
        "The token file holds no sign-in; run `cpt live-test` or `cpt demo` to create one.");
  }
  UserSession session;
  session.store = store;
  session.region = pick_region(region, (*tokens)->access_token);
  session.tokens = std::make_shared<auth::UserTokenSource>(store, oauth_of(stack, session.region),
                                                           SystemClock::instance());
  return session;
}

tesla::FleetClient user_fleet_client(const TeslaStack& stack, const UserSession& session,
                                     std::shared_ptr<tesla::Budget> budget,
                                     std::shared_ptr<tesla::OrderDeadline> deadline) {
  tesla::FleetOptions options;
  options.urls = stack.env.urls;
  options.region = session.region;
  options.account = std::string(kCliAccount);
  options.extra_allowed_hosts = stack.env.extra_allowed_hosts;
  tesla::FleetDeps deps;
  deps.stub = tesla::make_http_stub(stack.http);
  if (stack.limits) {
    deps.stub = stack.limits->stub_for(
        options.account, std::move(deps.stub),
        deadline ? deadline->deadline() : std::chrono::system_clock::time_point::max());
  }
  deps.user_tokens = session.tokens;
  deps.partner_tokens = partner_tokens_of(stack, session.region);
  deps.ledger = stack.ledger;
  deps.budget = std::move(budget);
  if (!deadline) {
    return tesla::FleetClient(tesla::make_fleet_connection(std::move(options), std::move(deps)));
  }
  deps.stub = deadline->stub(deps.stub);
  deps.clock = deadline->clock();
  deps.cooldown = deadline->cooldown(nullptr);
  return tesla::FleetClient(
      deadline->connection(tesla::make_fleet_connection(std::move(options), std::move(deps))));
}

Result<auth::TokenSet> sign_in_unattended(const TeslaStack& stack, tesla::Region region) {
  return auth::sign_in_unattended(*stack.http, *oauth_of(stack, region), stack.env.urls.of(region));
}

}  // namespace cpt::cli
