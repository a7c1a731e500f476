// The browser journey of the UI (journey.cc) and a headless Chromium to run it in, for the tests
// that drive the UI: the browser test and the cluster test.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "processes.h"
#include "webdriver.h"

namespace cpt::e2e {

// Where the journey runs and what it expects there. Plain values.
struct JourneyOptions {
  std::string home;            // the UI's address: "http://localhost:8080/"
  std::string lang = "en";     // the language the browser asks for ("en", "de")
  std::size_t vehicles = 3;    // the cars of the user the simulator signs in
  std::string artifact_dir;    // where screenshots are kept
  std::string screenshot_tag;  // added to every screenshot's name ("-nginx")
  // The browser's own IANA zone (TestBrowser::start's): the report must be in it, as the UI
  // sends it with the order. Empty: not checked.
  std::string time_zone;
};

// Runs the whole journey in `browser`; a step that does not hold fails the current test.
void run_journey(WebDriver& browser, const JourneyOptions& options);

// Chromium's flags for a headless test browser: its profile in `profile_dir`, its language
// ("de-DE"; empty keeps Chromium's English), and whether it accepts a self-made certificate.
std::vector<std::string> headless_chromium_args(const std::string& profile_dir,
                                                const std::string& language,
                                                bool trust_any_certificate);

// chromedriver and one Chromium session, stopped when the object goes.
class TestBrowser {
 public:
  // nullptr with `why` when chromium or chromedriver is missing or does not start. A
  // `time_zone` (IANA) is the browser's own; empty keeps the machine's.
  static std::unique_ptr<TestBrowser> start(const std::filesystem::path& dir,
                                            std::vector<std::string> chromium_args,
                                            std::string& why, const std::string& time_zone = {});
  ~TestBrowser();
  WebDriver& web() { return *web_; }

 private:
  TestBrowser() = default;
  std::optional<ChildProcess> driver_;
  std::unique_ptr<WebDriver> web_;
};

}  // namespace cpt::e2e
