#include "cpt/service/config_loader.h"

#include <gtest/gtest.h>

#include "cpt/report/signing.h"

#include <filesystem>
#include <fstream>
#include <map>

namespace cpt::service {
namespace {

constexpr const char* kKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cpt-config-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  EnvLookup env() {
    return [this](std::string_view name) -> std::optional<std::string> {
      auto it = env_.find(std::string(name));
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }
  // The minimum a production configuration needs, in the environment.
  void production_env() {
    env_["TESLA_CLIENT_ID"] = "client-1";
    env_["TESLA_REDIRECT_URI"] = "https://api.example.test/api/v1/tesla/oauth/callback";
    env_["CPT_TOKEN_KEY"] = kKey;
    env_["CPT_SIGNING_KEY_FILE"] = write("sign.pem", signing_pem());
  }
  static std::string signing_pem() {
    static const std::string pem = report::SigningKey::generate()->private_pem();
    return pem;
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(ConfigTest, DefaultsListenOnLoopback8080WithTwoHourTtl) {
  production_env();
  auto config = load_config({.env = env()});
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 8080);
  EXPECT_EQ(config->session_ttl, std::chrono::hours(2));
  EXPECT_EQ(config->auth.token_url, "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token");
  EXPECT_TRUE(config->cookie_secure);
}

TEST_F(ConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  production_env();
  const std::string file = write("cpt.toml", R"(
[server]
listen = "0.0.0.0:9000"
[storage]
database = "/var/lib/cpt/file.db"
session_ttl_seconds = 600
[tesla]
client_id = "from-file"
fleet_url_eu = "https://eu.file.test"
)");
  env_["CPT_LISTEN"] = "127.0.0.2:9100";
  env_["TESLA_FLEET_URL_EU"] = "https://eu.env.test";
  auto config = load_config({.file = file, .env = env(), .listen = "127.0.0.3:9200"});
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  EXPECT_EQ(config->listen_host, "127.0.0.3");          // flag
  EXPECT_EQ(config->listen_port, 9200);                 // flag
  EXPECT_EQ(config->urls.eu, "https://eu.env.test");    // env over file
  EXPECT_EQ(config->auth.client_id, "client-1");        // env over file
  EXPECT_EQ(config->database, "/var/lib/cpt/file.db");  // file over default
  EXPECT_EQ(config->session_ttl, std::chrono::seconds(600));
  EXPECT_EQ(config->urls.na, "https://fleet-api.prd.na.vn.cloud.tesla.com");  // default
}

TEST_F(ConfigTest, SecretsComeFromFilesNamedByFileVariables) {
  production_env();
  env_["TESLA_CLIENT_SECRET_FILE"] = write("secret.txt", "s3cret\n");
  auto config = load_config({.env = env()});
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  EXPECT_EQ(config->auth.client_secret, "s3cret");
  EXPECT_EQ(config->signing_key_pem, signing_pem());
}

TEST_F(ConfigTest, RefusesToStartWithoutATokenKeyOutsideSimulatorMode) {
  production_env();
  env_.erase("CPT_TOKEN_KEY");
  auto config = load_config({.env = env()});
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(config.error().user_message.find("token encryption key"), std::string::npos);
}

TEST_F(ConfigTest, RefusesPlainHttpRedirectOutsideSimulatorMode) {
  production_env();
  env_["TESLA_REDIRECT_URI"] = "http://localhost:8080/api/v1/tesla/oauth/callback";
  auto config = load_config({.env = env()});
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().user_message.find("HTTPS"), std::string::npos);
}

TEST_F(ConfigTest, RefusesPlainHttpTeslaUrlsOutsideSimulatorMode) {
  for (const char* name : {"TESLA_AUTH_URL", "TESLA_TOKEN_URL", "TESLA_FLEET_URL_NA",
                           "TESLA_FLEET_URL_EU", "TESLA_FLEET_URL_CN"}) {
    env_.clear();
    production_env();
    env_[name] = "http://fleet-api.example.test";
    auto config = load_config({.env = env()});
    ASSERT_FALSE(config.has_value()) << name;
    EXPECT_EQ(config.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(config.error().user_message.find("https required"), std::string::npos) << name;
  }
  env_.clear();
  production_env();
  EXPECT_TRUE(load_config({.env = env()}).has_value());  // Tesla's https defaults pass
}

TEST_F(ConfigTest, TrustedProxiesMustBeAddressesOrCidrs) {
  production_env();
  env_["CPT_TRUSTED_PROXIES"] = "10.0.0.0/8, ::1, 192.168.1.7";
  auto config = load_config({.env = env()});
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  EXPECT_EQ(config->trusted_proxies.size(), 3u);
  env_["CPT_TRUSTED_PROXIES"] = "10.0.0.0/33";
  EXPECT_FALSE(load_config({.env = env()}).has_value());
  env_["CPT_TRUSTED_PROXIES"] = "proxy.example";
  EXPECT_FALSE(load_config({.env = env()}).has_value());
}

TEST_F(ConfigTest, SimulatorModeAllowsLocalhostAndGeneratesKeys) {
  env_["TESLA_CLIENT_ID"] = "cpt-sim-client";
  env_["TESLA_REDIRECT_URI"] = "http://localhost:8080/api/v1/tesla/oauth/callback";
  env_["TESLA_FLEET_URL_NA"] = "http://127.0.0.1:4001";
  auto config = load_config({.env = env(), .simulator = true});
  ASSERT_TRUE(config.has_value()) << config.error().describe();
  EXPECT_EQ(config->token_key.size(), 64u);
  EXPECT_NE(config->tesla_public_key_pem.find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_NE(config->signing_key_pem.find("PRIVATE KEY"), std::string::npos);
  EXPECT_FALSE(config->cookie_secure);
  EXPECT_NE(std::find(config->extra_allowed_hosts.begin(), config->extra_allowed_hosts.end(),
                      "127.0.0.1"),
            config->extra_allowed_hosts.end());
}

TEST_F(ConfigTest, SimulatorModeStillRefusesRemotePlainHttp) {
  env_["TESLA_CLIENT_ID"] = "cpt-sim-client";
  env_["TESLA_REDIRECT_URI"] = "http://example.test/callback";
  EXPECT_FALSE(load_config({.env = env(), .simulator = true}).has_value());
}

TEST_F(ConfigTest, InvalidTomlNamesTheFile) {
  production_env();
  const std::string file = write("bad.toml", "[server\nlisten = 1");
  auto config = load_config({.file = file, .env = env()});
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().user_message.find("bad.toml"), std::string::npos);
}

// Found by fuzz_config_toml: a float where an integer belongs was converted unchecked (4e74 to
// int64 is undefined behaviour); it is now ignored like any mistyped value, and so are seconds
// beyond a century (they overflow once converted to milliseconds).
TEST(ConfigText, FloatsAndHugeSecondsWhereIntegersBelongAreIgnored) {
  ServiceConfig config;
  const ServiceConfig defaults;
  ASSERT_TRUE(apply_config_text("[storage]\noauth_state_ttl_seconds = 4e74\n"
                                "session_ttl_seconds = 600.5\n"
                                "job_lease_seconds = 9000000000000000000\n"
                                "sweep_interval_seconds = 30\n"
                                "[server]\nmax_body_bytes = 1.5\n",
                                "fuzz.toml", config)
                  .has_value());
  EXPECT_EQ(config.oauth_state_ttl, defaults.oauth_state_ttl);
  EXPECT_EQ(config.session_ttl, defaults.session_ttl);
  EXPECT_EQ(config.job_lease, defaults.job_lease);
  EXPECT_EQ(config.max_body_bytes, defaults.max_body_bytes);
  EXPECT_EQ(config.sweep_interval, std::chrono::seconds(30));
}

TEST(ConfigText, TheSignInDeadlineIsReadFromTheTeslaTable) {
  ServiceConfig config;
  EXPECT_EQ(config.sign_in_deadline, std::chrono::seconds(20));
  ASSERT_TRUE(
      apply_config_text("[tesla]\nsign_in_deadline_seconds = 8\n", "cpt.toml", config).has_value());
  EXPECT_EQ(config.sign_in_deadline, std::chrono::seconds(8));
}

TEST(ConfigText, InvalidTomlNamesTheSource) {
  ServiceConfig config;
  const auto applied = apply_config_text("[server\nlisten = 1", "inline.toml", config);
  ASSERT_FALSE(applied.has_value());
  EXPECT_EQ(applied.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(applied.error().user_message.find("inline.toml"), std::string::npos);
}

TEST(ParseListen, AcceptsHostPortIpv6AndBarePort) {
  EXPECT_EQ(*parse_listen("0.0.0.0:8080"), (std::pair<std::string, int>{"0.0.0.0", 8080}));
  EXPECT_EQ(*parse_listen("[::1]:9000"), (std::pair<std::string, int>{"::1", 9000}));
  EXPECT_EQ(*parse_listen(":7000"), (std::pair<std::string, int>{"127.0.0.1", 7000}));
  EXPECT_FALSE(parse_listen("localhost").has_value());
  EXPECT_FALSE(parse_listen("host:70000").has_value());
}

TEST(RedirectUriAllowed, HttpsAlwaysHttpOnlyToLocalhostInSimulatorMode) {
  EXPECT_TRUE(
      redirect_uri_allowed("https://api.carpulsetracker.com/api/v1/tesla/oauth/callback", false));
  EXPECT_FALSE(redirect_uri_allowed("http://localhost:8080/cb", false));
  EXPECT_TRUE(redirect_uri_allowed("http://localhost:8080/cb", true));
  EXPECT_TRUE(redirect_uri_allowed("http://127.0.0.1:8080/cb", true));
  EXPECT_FALSE(redirect_uri_allowed("http://localhost.evil.test/cb", true));
  EXPECT_FALSE(redirect_uri_allowed("https://user@evil.test/cb", false));
  EXPECT_FALSE(redirect_uri_allowed("javascript:alert(1)", true));
}

}  // namespace
}  // namespace cpt::service
