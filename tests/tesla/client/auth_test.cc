// OAuth helpers, JWT decoding, token stores, and the single-flight token sources.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/auth/token_store.h"
#include "tesla/client/fakes.h"

namespace cpt::tesla::auth {
namespace {

using testing::FakeTokenEndpoint;
using testing::FlakyTokenStore;
using testing::make_jwt;
using testing::parse_form;

const auto kStart = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

AuthConfig auth_config() {
  AuthConfig config;
  config.token_url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
  config.client_id = "client-1";
  config.client_secret = "secret-1";
  config.redirect_uri = "https://cpt.example/cb";
  return config;
}

TokenSet tokens(std::string access, std::string refresh,
                std::chrono::system_clock::time_point exp) {
  TokenSet set;
  set.access_token = std::move(access);
  set.refresh_token = std::move(refresh);
  set.expires_at = exp;
  return set;
}

// ---- authorize URL, state, PKCE ------------------------------------------------------------

TEST(OAuthUrls, AuthorizeUrlCarriesEveryParameterEncoded) {
  AuthorizeRequest request;
  request.authorize_url = "https://auth.tesla.com/oauth2/v3/authorize";
  request.client_id = "abc";
  request.redirect_uri = "https://cpt.example/api/v1/tesla/oauth/callback";
  request.scopes = "openid offline_access vehicle_device_data";
  request.state = "st4te";
  request.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  request.locale = "en-US";
  request.prompt_missing_scopes = true;
  EXPECT_EQ(build_authorize_url(request),
            "https://auth.tesla.com/oauth2/v3/authorize?response_type=code&client_id=abc"
            "&redirect_uri=https%3A%2F%2Fcpt.example%2Fapi%2Fv1%2Ftesla%2Foauth%2Fcallback"
            "&scope=openid%20offline_access%20vehicle_device_data&state=st4te"
            "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            "&code_challenge_method=S256&locale=en-US&prompt_missing_scopes=true");
}

TEST(OAuthUrls, MinimalAuthorizeUrlHasNoOptionalParameters) {
  AuthorizeRequest request;
  request.authorize_url = "https://auth.tesla.com/oauth2/v3/authorize";
  request.client_id = "abc";
  request.redirect_uri = "https://x/cb";
  request.scopes = "openid";
  request.state = "s";
  const std::string url = build_authorize_url(request);
  EXPECT_EQ(url.find("code_challenge"), std::string::npos);
  EXPECT_EQ(url.find("prompt_missing_scopes"), std::string::npos);
  EXPECT_EQ(url.find("locale"), std::string::npos);
}

TEST(OAuthUrls, PkceChallengeMatchesRfc7636Example) {
  EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  auto pkce = generate_pkce();
  ASSERT_TRUE(pkce.has_value());
  EXPECT_EQ(pkce->verifier.size(), 43u);
  EXPECT_EQ(pkce->challenge, pkce_challenge(pkce->verifier));
  EXPECT_EQ(pkce->method, "S256");
}

TEST(OAuthUrls, StatesAreRandomAndUrlSafe) {
  auto a = generate_state();
  auto b = generate_state();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->size(), 43u);
  EXPECT_EQ(
      a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
}

TEST(OAuthUrls, RedirectUrlYieldsCodeOrAnError) {
  auto ok = parse_redirect("https://cpt.example/cb?code=NA_abc123&state=xyz&issuer=x");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->code, "NA_abc123");
  EXPECT_EQ(ok->state, "xyz");
  auto denied = parse_redirect("https://cpt.example/cb?error=access_denied&state=xyz");
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().kind, ErrorKind::invalid_argument);
  EXPECT_FALSE(parse_redirect("https://cpt.example/cb?state=xyz").has_value());
}

// ---- JWT ---------------------------------------------------------------------------------

TEST(Jwt, Base64UrlRoundTripsEveryLength) {
  const std::string bytes = std::string("\x00\xff\xfe hello?>", 10);
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(base64url_decode(base64url_encode(part)).value(), part) << n;
  }
  EXPECT_EQ(base64url_encode("?>?"), "Pz4_");
  EXPECT_FALSE(base64url_decode("a").has_value());
  EXPECT_FALSE(base64url_decode("ab$d").has_value());
}

TEST(Jwt, ClaimsAreDecodedWithoutVerification) {
  const std::string token =
      make_jwt({{"iss", "https://auth.tesla.com/oauth2/v3/nts"},
                {"sub", "user-1"},
                {"aud",
                 {"https://fleet-api.prd.na.vn.cloud.tesla.com",
                  "https://fleet-api.prd.eu.vn.cloud.tesla.com"}},
                {"scp", {"openid", "vehicle_device_data", "vehicle_location"}},
                {"ou_code", "EU"},
                {"exp", 1700028800},
                {"iat", 1700000000}});
  auto claims = decode_jwt_claims(token);
  ASSERT_TRUE(claims.has_value()) << claims.error().describe();
  EXPECT_EQ(claims->sub, "user-1");
  EXPECT_EQ(claims->aud.size(), 2u);
  EXPECT_TRUE(claims->has_scope("vehicle_location"));
  EXPECT_FALSE(claims->has_scope("user_data"));
  EXPECT_EQ(claims->ou_code, "EU");
  EXPECT_EQ(claims->exp, 1700028800);
  EXPECT_EQ(*claims->exp - *claims->iat, 28800);
  EXPECT_EQ(region_from_claims(*claims), Region::eu);
}

TEST(Jwt, NonJwtIsMalformed) {
  EXPECT_EQ(decode_jwt_claims("opaque-token").error().kind, ErrorKind::malformed);
  EXPECT_EQ(decode_jwt_claims("a.!!!.c").error().kind, ErrorKind::malformed);
  EXPECT_EQ(decode_jwt_claims("a." + base64url_encode("[1]") + ".c").error().kind,
            ErrorKind::malformed);
}

// ---- token endpoint ------------------------------------------------------------------------

TEST(OAuthClient, CodeExchangeSendsTheDocumentedForm) {
  FakeTokenEndpoint endpoint;
  auto ledger = std::make_shared<CallLedger>();
  OAuthClient oauth(auth_config(), endpoint.client(), ledger);
  auto response =
      oauth.exchange_code("good-code", "https://fleet-api.prd.eu.vn.cloud.tesla.com", "verifier-1");
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(response->access_token, "access-code");
  EXPECT_EQ(response->refresh_token, "refresh-code");
  EXPECT_EQ(response->expires_in, std::chrono::seconds(28800));
  auto form = parse_form(endpoint.last_form_body);
  EXPECT_EQ(form["grant_type"], "authorization_code");
  EXPECT_EQ(form["client_id"], "client-1");
  EXPECT_EQ(form["client_secret"], "secret-1");
  EXPECT_EQ(form["audience"], "https://fleet-api.prd.eu.vn.cloud.tesla.com");
  EXPECT_EQ(form["redirect_uri"], "https://cpt.example/cb");
  EXPECT_EQ(form["code_verifier"], "verifier-1");
  ASSERT_EQ(ledger->records().size(), 1u);
  EXPECT_EQ(ledger->records()[0].category, Category::auth);
  EXPECT_FALSE(ledger->records()[0].billed);
}

TEST(OAuthClient, ExpiredCodeIsAnErrorNotATokenResponse) {
  FakeTokenEndpoint endpoint;
  OAuthClient oauth(auth_config(), endpoint.client());
  auto response = oauth.exchange_code("stale", "https://fleet-api.prd.eu.vn.cloud.tesla.com");
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(response.error().get("tesla_error").value_or(""), "invalid_auth_code");
}

TEST(OAuthClient, RefusedRefreshTokenIsLoginRequired) {
  FakeTokenEndpoint endpoint;
  OAuthClient oauth(auth_config(), endpoint.client());
  auto response = oauth.refresh("not-the-current-one");
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::login_required);
  auto form = parse_form(endpoint.last_form_body);
  EXPECT_EQ(form["grant_type"], "refresh_token");
  EXPECT_EQ(form.count("client_secret"), 0u);
}

TEST(OAuthClient, ClientCredentialsAsksForTheRegionAudience) {
  FakeTokenEndpoint endpoint;
  OAuthClient oauth(auth_config(), endpoint.client());
  auto response = oauth.client_credentials("https://fleet-api.prd.na.vn.cloud.tesla.com",
                                           "openid vehicle_specs");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->access_token, "partner-1");
  auto form = parse_form(endpoint.last_form_body);
  EXPECT_EQ(form["grant_type"], "client_credentials");
  EXPECT_EQ(form["audience"], "https://fleet-api.prd.na.vn.cloud.tesla.com");
  EXPECT_EQ(form["scope"], "openid vehicle_specs");
}

// ---- token stores ------------------------------------------------------------------------

class FileTokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cpt-token-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(FileTokenStoreTest, SavesAtomicallyWithOwnerOnlyMode) {
  FileTokenStore store(dir_ / "tokens.json");
  EXPECT_FALSE(store.load("alice").value().has_value());
  ASSERT_TRUE(store.save("alice", tokens("a1", "r1", kStart)).has_value());
  ASSERT_TRUE(store.save("bob", tokens("b1", "rb", kStart)).has_value());
  auto alice = store.load("alice").value();
  ASSERT_TRUE(alice.has_value());
  EXPECT_EQ(alice->access_token, "a1");
  EXPECT_EQ(alice->refresh_token, "r1");
  EXPECT_EQ(alice->expires_at, kStart);
  EXPECT_EQ(store.load("bob").value()->access_token, "b1");
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "tokens.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  // Only the file itself: no temp file left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(FileTokenStoreTest, FailedWriteKeepsThePreviousFile) {
  FileTokenStore store(dir_ / "tokens.json");
  ASSERT_TRUE(store.save("alice", tokens("a1", "r1", kStart)).has_value());
  // A directory where the temp file must go makes the write fail, even for root.
  const auto blocker = dir_ / ("tokens.json.tmp." + std::to_string(::getpid()));
  std::filesystem::create_directories(blocker / "x");
  auto saved = store.save("alice", tokens("a2", "r2", kStart));
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().kind, ErrorKind::io);
  EXPECT_EQ(store.load("alice").value()->access_token, "a1");
}

TEST_F(FileTokenStoreTest, CorruptFileIsMalformedNotEmpty) {
  const auto file = dir_ / "tokens.json";
  ASSERT_TRUE(write_file_atomically(
      file, "{not json", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  FileTokenStore store(file);
  EXPECT_EQ(store.load("alice").error().kind, ErrorKind::malformed);
}

// ---- user token source ---------------------------------------------------------------------

struct UserTokenFixture {
  FakeClock clock{kStart};
  FakeTokenEndpoint endpoint;
  std::shared_ptr<FlakyTokenStore> store = std::make_shared<FlakyTokenStore>();
  std::shared_ptr<OAuthClient> oauth =
      std::make_shared<OAuthClient>(auth_config(), endpoint.client());
  UserTokenSource source{store, oauth, clock};

  void seed(std::chrono::seconds valid_for) {
    EXPECT_TRUE(store->save("alice", tokens("access-0", "refresh-0", kStart + valid_for)));
  }
};

TEST(UserTokenSource, ValidTokenIsUsedAsIs) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(3600));
  EXPECT_EQ(f.source.access_token("alice").value(), "access-0");
  EXPECT_EQ(f.endpoint.refreshes.load(), 0);
}

TEST(UserTokenSource, RefreshesWithinSixtySecondsOfExpiry) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(61));
  EXPECT_EQ(f.source.access_token("alice").value(), "access-0");
  f.clock.advance(std::chrono::seconds(2));  // now 59 s before expiry
  EXPECT_EQ(f.source.access_token("alice").value(), "access-1");
  EXPECT_EQ(f.endpoint.refreshes.load(), 1);
  EXPECT_EQ(f.store->load("alice").value()->refresh_token, "refresh-1");
  EXPECT_EQ(f.store->load("alice").value()->expires_at,
            kStart + std::chrono::seconds(2) + std::chrono::seconds(28800));
}

TEST(UserTokenSource, RefreshIsSingleFlightUnderConcurrency) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(-10));  // already expired
  f.endpoint.refresh_delay = std::chrono::milliseconds(50);
  std::vector<std::thread> threads;
  std::vector<std::string> seen(50);
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] { seen[i] = f.source.access_token("alice").value_or("error"); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(f.endpoint.refreshes.load(), 1);
  for (const auto& token : seen) EXPECT_EQ(token, "access-1");
}

TEST(UserTokenSource, RejectedTokenIsRefreshedOnceForManyCallers) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(3600));
  f.endpoint.refresh_delay = std::chrono::milliseconds(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      EXPECT_EQ(f.source.refresh_after_rejection("alice", "access-0").value_or("error"),
                "access-1");
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(f.endpoint.refreshes.load(), 1);
}

TEST(UserTokenSource, NewPairIsPersistedBeforeItIsUsed) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(-1));
  auto token = f.source.access_token("alice");
  ASSERT_TRUE(token.has_value());
  // By the time the caller holds the new access token, the store already has the new pair.
  auto stored = f.store->load("alice").value();
  EXPECT_EQ(stored->access_token, *token);
  EXPECT_EQ(stored->refresh_token, f.endpoint.current_refresh());
}

TEST(UserTokenSource, FailingPersistLeavesThePreviousPairUsable) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(-1));
  f.store->fail_saves = true;
  auto failed = f.source.access_token("alice");
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind, ErrorKind::io);
  // Nothing lost: the stored pair is still the previous one, and it was not replaced in memory.
  auto stored = f.store->load("alice").value();
  EXPECT_EQ(stored->access_token, "access-0");
  EXPECT_EQ(stored->refresh_token, "refresh-0");
  // Tesla keeps the last-used refresh token valid for a while; once the disk is back, the
  // previous pair refreshes again and the result is saved.
  f.endpoint.set_refresh("refresh-0");
  f.store->fail_saves = false;
  auto retried = f.source.access_token("alice");
  ASSERT_TRUE(retried.has_value()) << retried.error().describe();
  EXPECT_EQ(f.store->load("alice").value()->access_token, *retried);
}

TEST(UserTokenSource, RevokedRefreshTokenIsLoginRequired) {
  UserTokenFixture f;
  f.seed(std::chrono::seconds(-1));
  f.endpoint.revoked = true;
  auto token = f.source.access_token("alice");
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().kind, ErrorKind::login_required);
}

TEST(UserTokenSource, UnknownAccountIsLoginRequired) {
  UserTokenFixture f;
  EXPECT_EQ(f.source.access_token("nobody").error().kind, ErrorKind::login_required);
}

TEST(UserTokenSource, ScopesComeFromTheAccessTokenClaims) {
  UserTokenFixture f;
  TokenSet set = tokens(make_jwt({{"scp", {"openid", "vehicle_location"}}}), "r", kStart);
  set.scope = "openid";
  ASSERT_TRUE(f.source.adopt("alice", set).has_value());
  EXPECT_EQ(f.source.scopes("alice").value(),
            (std::vector<std::string>{"openid", "vehicle_location"}));
  TokenSet opaque = tokens("opaque", "r", kStart);
  opaque.scope = "openid user_data";
  ASSERT_TRUE(f.source.adopt("bob", opaque).has_value());
  EXPECT_EQ(f.source.scopes("bob").value(), (std::vector<std::string>{"openid", "user_data"}));
}

// ---- partner token source -------------------------------------------------------------------

TEST(PartnerTokenSource, CachedPerAudienceUntilAMinuteBeforeExpiry) {
  FakeClock clock(kStart);
  FakeTokenEndpoint endpoint;
  auto oauth = std::make_shared<OAuthClient>(auth_config(), endpoint.client());
  PartnerTokenSource partner(oauth, clock, "openid vehicle_specs");
  const std::string na = "https://fleet-api.prd.na.vn.cloud.tesla.com";
  const std::string eu = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  EXPECT_EQ(partner.token(na).value(), "partner-1");
  EXPECT_EQ(partner.token(na).value(), "partner-1");
  EXPECT_EQ(partner.token(eu).value(), "partner-2");
  clock.advance(std::chrono::seconds(28800 - 61));
  EXPECT_EQ(partner.token(na).value(), "partner-1");
  clock.advance(std::chrono::seconds(2));
  EXPECT_EQ(partner.token(na).value(), "partner-3");
  partner.invalidate(na, "partner-3");
  EXPECT_EQ(partner.token(na).value(), "partner-4");
  EXPECT_EQ(partner.fetch_count(), 4);
}

TEST(PartnerTokenSource, ConcurrentCallersShareOneFetch) {
  FakeClock clock(kStart);
  FakeTokenEndpoint endpoint;
  auto oauth = std::make_shared<OAuthClient>(auth_config(), endpoint.client());
  PartnerTokenSource partner(oauth, clock, "");
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back(
        [&] { EXPECT_EQ(partner.token("https://a.tesla.com").value(), "partner-1"); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(endpoint.client_credentials.load(), 1);
}

}  // namespace
}  // namespace cpt::tesla::auth
