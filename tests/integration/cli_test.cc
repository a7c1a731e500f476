// `cpt live-test` and `cpt partner` run as a separate process against the simulator.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cpt/sim/quirks.h"
#include "integration/run_command.h"
#include "integration/sim_session.h"

namespace cpt::integration {
namespace {

using cpt::testing::Output;

// Runs `cpt <args>` with the simulator's TESLA_* variables; stdout and stderr together.
Output run_cpt(const SimSession& s, const std::string& args) {
  std::string command;
  for (const auto& [name, value] : s.sim->env()) command += name + "='" + value + "' ";
  command += std::string(CPT_BINARY) + " " + args + " 2>&1 < /dev/null";
  return cpt::testing::run_command(command);
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cpt-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

unsigned mode_of(const std::filesystem::path& file) {
  struct stat info {};
  return ::stat(file.c_str(), &info) == 0 ? (info.st_mode & 0777U) : 0U;
}

TEST(CliLiveTest, EveryEndpointAnswersAgainstTheSimulator) {
  auto s = SimSession::start();
  ASSERT_TRUE(s);
  auto tokens = s->sign_in();
  ASSERT_TRUE(tokens.has_value());
  for (const auto* v : s->vehicles()) s->sim->set_vehicle_state(v->vin, "online");
  const auto dir = temp_dir("live");
  const auto out = run_cpt(*s, "live-test --token " + tokens->access_token + " --region " +
                                   std::string(tesla::to_string(s->region)) + " --out-dir " +
                                   dir.string() + " --wake --redact");
  ASSERT_EQ(out.status, 0) << out.text;
  for (std::string_view endpoint :
       {"users_region", "users_me", "users_orders", "users_feature_config", "vehicles",
        "charging_history", "charging_sessions", "vehicle ", "vehicle_data", "service_data",
        "recent_alerts", "release_notes", "options", "warranty", "fleet_status", "specs", "wake_up",
        "partner_public_key"}) {
    EXPECT_NE(out.text.find(endpoint), std::string::npos) << endpoint << "\n" << out.text;
  }
  // Every call was answered over HTTP: no transport failures or timeouts in the table.
  EXPECT_EQ(out.text.find("transport"), std::string::npos) << out.text;
  EXPECT_EQ(out.text.find("timeout"), std::string::npos) << out.text;
  const auto responses = dir / "tesla_api_responses.json";
  ASSERT_TRUE(std::filesystem::exists(responses));
  EXPECT_EQ(mode_of(responses), 0600U);
  EXPECT_EQ(mode_of(dir / ".tesla_test_token.json"), 0600U);
  std::stringstream saved;
  saved << std::ifstream(responses).rdbuf();
  for (const auto* v : s->vehicles()) {
    EXPECT_EQ(saved.str().find(v->vin), std::string::npos) << "full VIN in the redacted file";
    EXPECT_NE(saved.str().find(v->vin.substr(0, 3) + "…" + v->vin.substr(13)), std::string::npos)
        << "masked VIN missing from the redacted file";
  }
  EXPECT_EQ(saved.str().find(s->user->email), std::string::npos);
  std::filesystem::remove_all(dir);
}

// The line of the live-test table that names `endpoint` (first match), or "".
std::string row_of(const std::string& text, std::string_view endpoint) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(endpoint) != std::string::npos) return line;
  }
  return {};
}

class CliLiveTestQuirks : public ::testing::TestWithParam<std::string> {};

// `cpt live-test --wake` against every quirk profile of the simulator (FLEET-API §9): the same
// endpoints answer, a wake is allowed by the consent, and nothing fails at the transport.
TEST_P(CliLiveTestQuirks, EveryEndpointAnswersUnderTheProfile) {
  sim::SimOptions options;
  ASSERT_TRUE(sim::apply_quirks(GetParam(), options.quirks).has_value());
  auto s = SimSession::start(options);
  ASSERT_TRUE(s);
  s->auth.scopes = tesla::with_wake_scopes(s->auth.scopes);  // what live-test --wake asks for
  auto tokens = s->sign_in();
  ASSERT_TRUE(tokens.has_value());
  for (const auto* v : s->vehicles()) s->sim->set_vehicle_state(v->vin, "online");
  const auto dir = temp_dir("quirks");
  const auto out = run_cpt(*s, "live-test --token " + tokens->access_token + " --region " +
                                   std::string(tesla::to_string(s->region)) + " --out-dir " +
                                   dir.string() + " --wake --redact");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(out.status, 0) << out.text;
  for (std::string_view endpoint : {"users_region", "vehicles", "charging_history", "vehicle_data",
                                    "fleet_status", "wake_up"}) {
    EXPECT_NE(out.text.find(endpoint), std::string::npos) << endpoint << "\n" << out.text;
  }
  EXPECT_EQ(out.text.find("transport"), std::string::npos) << out.text;
  EXPECT_EQ(out.text.find("timeout"), std::string::npos) << out.text;
  EXPECT_EQ(row_of(out.text, "charging_history").find("400"), std::string::npos) << out.text;
  if (GetParam() != "mobile-access-disabled") {
    EXPECT_EQ(row_of(out.text, "wake_up").find("403"), std::string::npos) << out.text;
  }
}

std::vector<std::string> quirk_profiles() {
  std::vector<std::string> names;
  for (auto name : sim::quirk_names()) names.emplace_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryProfile, CliLiveTestQuirks, ::testing::ValuesIn(quirk_profiles()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (auto& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(CliPartner, RegisterAllRegionsThenCheck) {
  auto s = SimSession::start();
  ASSERT_TRUE(s);
  const auto dir = temp_dir("partner");
  ASSERT_EQ(run_cpt(*s, "keygen --out " + dir.string()).status, 0);
  const auto again = run_cpt(*s, "keygen --out " + dir.string());
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.text.find("already exists"), std::string::npos);
  EXPECT_EQ(mode_of(dir / "private-key.pem"), 0600U);
  const auto registered =
      run_cpt(*s, "partner register --region all --domain " + s->sim->options().allowed_origin);
  EXPECT_EQ(registered.status, 0) << registered.text;
  EXPECT_NE(registered.text.find("na  ok"), std::string::npos) << registered.text;
  EXPECT_NE(registered.text.find("cn  ok"), std::string::npos) << registered.text;
  std::filesystem::remove_all(dir);
}

// China as its own realm (quirk cn-auth-host): `cpt live-test --region cn` signs a CN account in
// at China's auth host, and a later `cpt report` on its token file refreshes there; neither
// command sends a request to the global auth host.
TEST(CliCnRealm, SignInAndRefreshGoToChinasAuthHostOnly) {
  sim::SimOptions options;
  ASSERT_TRUE(sim::apply_quirks("cn-auth-host", options.quirks).has_value());
  options.access_token_lifetime = std::chrono::seconds(600);
  auto s = SimSession::start(options);
  ASSERT_TRUE(s);
  const auto& urls = s->sim->urls();
  // A code from China's host, as the person signing in would paste it (no PKCE: --code).
  tesla::auth::AuthorizeRequest request;
  request.authorize_url = urls.cn_authorize_url;
  request.client_id = s->auth.client_id;
  request.redirect_uri = s->auth.redirect_uri;
  request.scopes = s->auth.scopes;
  request.state = "cn-state";
  http::HttpRequest get;
  get.url = tesla::auth::build_authorize_url(request);
  auto authorized = s->http->send(get);
  ASSERT_TRUE(authorized.has_value());
  ASSERT_EQ(authorized->status, 302) << authorized->body;
  auto code = tesla::auth::parse_redirect(authorized->header("location").value_or(""));
  ASSERT_TRUE(code.has_value());

  const auto dir = temp_dir("cn");
  const auto live = run_cpt(*s, "live-test --code " + code->code + " --region cn --out-dir " +
                                    dir.string() + " --redact");
  ASSERT_EQ(live.status, 0) << live.text;
  const auto signed_in = s->sim->ledger();
  EXPECT_GE(signed_in.count("/api/1/vehicles"), 1);
  // The access token has expired at the simulator: the report's first call gets a 401, and the
  // refresh that follows goes to China's token endpoint.
  s->clock->advance(std::chrono::minutes(11));
  s->sim->reset_ledger();
  const auto report =
      run_cpt(*s, "report --token-file " + (dir / ".tesla_test_token.json").string() +
                      " --region cn --all --package basic --format json --out " +
                      (dir / "report").string());
  EXPECT_EQ(report.status, 0) << report.text;
  const auto refreshed = s->sim->ledger();
  EXPECT_EQ(refreshed.count("/oauth2/v3/token", "POST"), 1);
  for (const auto* ledger : {&signed_in, &refreshed}) {
    for (const auto& entry : ledger->entries) {
      EXPECT_TRUE(entry.host == "auth-cn" || entry.host == "cn")
          << entry.host << " " << entry.method << " " << entry.path;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cpt::integration
