// End to end as a person would do it: open the UI in headless Chromium, connect Tesla (the
// simulator approves), pick every vehicle, order reports, watch the progress, read a report,
// download files, delete the data. Runs the real `cpt sim` and `cpt serve` binaries. The journey
// runs twice: in English, and in German picked from the browser's Accept-Language, where no
// catalog key and no English UI string may show on any step.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "journey.h"
#include "processes.h"

namespace cpt::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class BrowserTest : public ::testing::Test {
 protected:
  // The browser's language ("de-DE"): empty keeps Chromium's default (English).
  std::string browser_language_;
  // The browser's zone: none of the simulator's markets has it as its main zone, so a report
  // in it shows that the UI sent it.
  std::string browser_zone_ = "Asia/Tokyo";

  void SetUp() override {
    for (const char* tool : {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
      if (::access(tool, X_OK) != 0) GTEST_SKIP() << tool << " missing: run ./run setup";
    }
    dir_ = std::filesystem::temp_directory_path() / ("cpt-e2e-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::filesystem::create_directories(CPT_E2E_ARTIFACT_DIR);
    serve_port_ = free_port();
    const std::string redirect =
        "http://localhost:" + std::to_string(serve_port_) + "/api/v1/tesla/oauth/callback";

    auto sim =
        ChildProcess::spawn({CPT_BINARY, "sim", "--auto-approve", "--registered", "--print-env",
                             "--redirect-uri", redirect, "--wake-delay-ms", "10"},
                            {}, (dir_ / "sim.log").string());
    ASSERT_TRUE(sim) << "cannot start cpt sim";
    sim_.emplace(std::move(*sim));
    std::map<std::string, std::string> env;
    while (!env.contains("TESLA_DOMAIN")) {
      auto line = sim_->read_line(20s);
      ASSERT_TRUE(line) << "cpt sim printed no environment";
      if (const auto eq = line->find('='); eq != std::string::npos && line->starts_with("TESLA_")) {
        env[line->substr(0, eq)] = line->substr(eq + 1);
      }
    }
    ASSERT_EQ(env["TESLA_REDIRECT_URI"], redirect);

    auto serve = ChildProcess::spawn(
        {CPT_BINARY, "serve", "--simulator", "--listen", "127.0.0.1:" + std::to_string(serve_port_),
         "--database", (dir_ / "cpt.db").string()},
        env, (dir_ / "serve.log").string());
    ASSERT_TRUE(serve) << "cannot start cpt serve";
    serve_.emplace(std::move(*serve));
    ASSERT_TRUE(wait_for_http(serve_port_, "/health", 20s)) << "cpt serve did not come up";

    std::string why;
    browser_ = TestBrowser::start(
        dir_, headless_chromium_args((dir_ / "profile").string(), browser_language_, false), why,
        browser_zone_);
    ASSERT_NE(browser_, nullptr) << why;
  }

  void TearDown() override {
    browser_.reset();
    if (serve_) serve_->stop();
    if (sim_) sim_->stop();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void run_journey(const std::string& lang) {
    e2e::run_journey(browser_->web(),
                     {.home = "http://localhost:" + std::to_string(serve_port_) + "/",
                      .lang = lang,
                      .vehicles = 3,
                      .artifact_dir = CPT_E2E_ARTIFACT_DIR,
                      .screenshot_tag = "",
                      .time_zone = browser_zone_});
  }

  std::filesystem::path dir_;
  int serve_port_ = 0;
  std::optional<ChildProcess> sim_, serve_;
  std::unique_ptr<TestBrowser> browser_;
};

TEST_F(BrowserTest, ConnectSelectOrderReadDownloadAndDelete) {
  run_journey("en");
}

// The same journey for a German browser: the UI, the report and the verify page speak German.
class GermanBrowserTest : public BrowserTest {
 protected:
  GermanBrowserTest() {
    browser_language_ = "de-DE";
    browser_zone_ = "America/Halifax";
  }
};

TEST_F(GermanBrowserTest, WholeJourneyInGermanShowsNoKeyAndNoEnglish) {
  run_journey("de");
}

}  // namespace
}  // namespace cpt::e2e
