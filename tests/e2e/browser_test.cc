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

#include "processes.h"
#include "webdriver.h"

namespace cpt::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class BrowserTest : public ::testing::Test {
 protected:
  // The browser's language ("de-DE"): empty keeps Chromium's default (English).
  std::string browser_language_;

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

    const int driver_port = free_port();
    auto driver =
        ChildProcess::spawn({"/usr/bin/chromedriver", "--port=" + std::to_string(driver_port)}, {},
                            (dir_ / "chromedriver.log").string());
    ASSERT_TRUE(driver) << "cannot start chromedriver";
    driver_.emplace(std::move(*driver));
    ASSERT_TRUE(wait_for_http(driver_port, "/status", 20s)) << "chromedriver did not come up";
    std::vector<std::string> args{"--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-quic",
                                  "--no-first-run",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--user-data-dir=" + (dir_ / "profile").string(),
                                  "--window-size=1280,1500"};
    if (!browser_language_.empty()) {
      args.push_back("--lang=" + browser_language_);
      args.push_back("--accept-lang=" + browser_language_);
    }
    browser_ = std::make_unique<WebDriver>(driver_port, std::move(args));
    ASSERT_TRUE(browser_->ok()) << "no browser session";
  }

  void TearDown() override {
    browser_.reset();
    if (driver_) driver_->stop();
    if (serve_) serve_->stop();
    if (sim_) sim_->stop();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void keep_screenshot(const std::string& name) {
    const std::string png = browser_->screenshot_png();
    ASSERT_GT(png.size(), 10'000u) << name;
    ASSERT_EQ(png.substr(1, 3), "PNG") << name;
    std::ofstream(std::filesystem::path(CPT_E2E_ARTIFACT_DIR) / name, std::ios::binary) << png;
  }

  // Fetches a URL from the page (same origin, with its cookie): [status, content type, bytes].
  json fetch(const std::string& url) {
    return browser_->async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('" +
        url +
        "').then(async r => done([r.status, r.headers.get('content-type'),"
        " (await r.arrayBuffer()).byteLength])).catch(e => done([0, String(e), 0]));");
  }

  // Drops `file` ("pdf", or "json" with one digit of its date changed when `tamper`) from the
  // session storage onto the public verify page's file input; returns the verdict shown.
  std::string drop_on_verify_page(const std::string& file, bool tamper) {
    browser_->script(
        "const [kind, tamper] = arguments;"
        "let bytes = sessionStorage.getItem('cpt.e2e.' + kind);"
        "if (kind === 'pdf') bytes = Uint8Array.from(atob(bytes), c => c.charCodeAt(0));"
        "if (tamper) bytes = bytes.replace(/\"generated_at\": \"(\\d)/, (m, d) =>"
        "  m.slice(0, -1) + String((Number(d) + 1) % 10));"
        "const input = document.getElementById('report-file');"
        "const verdict = document.getElementById('verdict');"
        "delete verdict.dataset.verdict;"
        "const files = new DataTransfer();"
        "files.items.add(new File([bytes], 'report.' + kind));"
        "input.files = files.files;"
        "input.dispatchEvent(new Event('change'));",
        json::array({file, tamper}));
    EXPECT_TRUE(browser_->wait_until("!!document.getElementById('verdict').dataset.verdict", 20s))
        << file;
    return browser_->script("return document.getElementById('verdict').textContent;");
  }

  // The UI catalog of `lang` as the service serves it.
  json ui_texts(const std::string& lang) {
    return browser_->async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/v1/ui-text?lang=" +
        lang + "').then(r => r.json()).then(d => done(d.texts)).catch(e => done(String(e)));");
  }

  // On a non-English page: every visible text (and title, aria-label) of the page outside the
  // report frame that is a raw catalog key or an English UI string (a piece of at least four
  // letters of an English text that the language words differently). Empty when clean.
  json leaks(const json& english, const json& local) {
    return browser_->script(
        "const [en, local] = arguments;"
        "let text = document.body.innerText;"
        "for (const n of document.querySelectorAll('[title],[aria-label]'))"
        "  text += '\\n' + (n.getAttribute('title') || '') + '\\n' +"
        "    (n.getAttribute('aria-label') || '');"
        "const found = [];"
        "for (const key of Object.keys(en)) {"
        "  if (text.includes(key)) found.push('raw key ' + key);"
        "  if (en[key] === local[key]) continue;"
        "  for (const piece of en[key].split(/\\{[a-z_]+\\}/)) {"
        "    const p = piece.trim();"
        "    if (p.length >= 4 && /[A-Za-z]{4}/.test(p) && text.includes(p))"
        "      found.push(key + ': ' + p);"
        "  }"
        "}"
        "return found;",
        json::array({english, local}));
  }

  void run_journey(const std::string& lang);

  std::filesystem::path dir_;
  int serve_port_ = 0;
  std::optional<ChildProcess> sim_, serve_, driver_;
  std::unique_ptr<WebDriver> browser_;
};

// The verify page's verdicts in the languages the journey runs in.
struct VerifyWords {
  std::string genuine_prefix, altered;
};
const std::map<std::string, VerifyWords> kVerifyWords = {
    {"en", {"Genuine: signed with key ", "Not genuine: the report was changed after signing."}},
    {"de",
     {"Echt: signiert mit Schlüssel ",
      "Nicht echt: Der Bericht wurde nach dem Signieren verändert."}}};

void BrowserTest::run_journey(const std::string& lang) {
  const std::string home = "http://localhost:" + std::to_string(serve_port_) + "/";
  const std::string suffix = lang == "en" ? "" : "-" + lang;
  browser_->navigate(home);
  ASSERT_TRUE(browser_->wait_until("!document.getElementById('step-connect').hidden", 10s));
  // The page speaks the browser's language before anyone picks one.
  ASSERT_TRUE(browser_->wait_until("document.documentElement.lang === '" + lang + "'", 10s));
  EXPECT_EQ(browser_->script("return document.getElementById('ui-language').value;"), json(lang));
  const json english = ui_texts("en");
  const json local = ui_texts(lang);
  ASSERT_TRUE(english.is_object() && local.is_object()) << english.dump() << local.dump();
  EXPECT_EQ(browser_->script("return document.getElementById('connect').textContent;"),
            local["connect.button"]);
  auto check_clean = [&](const char* step) {
    if (lang != "en") {
      EXPECT_EQ(leaks(english, local), json::array()) << step;
    }
  };
  check_clean("connect");
  // Nothing to delete before connecting: the button is not shown.
  EXPECT_EQ(browser_->script(
                "return getComputedStyle(document.getElementById('delete-session')).display;"),
            json("none"));
  if (lang == "en") {
    // The detector itself: this English page, read as if it should be German, is full of leaks.
    EXPECT_GT(leaks(english, ui_texts("de")).size(), 5u);
  }
  keep_screenshot("cpt-ui-connect" + suffix + ".png");
  auto connect = browser_->find("#connect");
  ASSERT_TRUE(connect);
  browser_->click(*connect);

  // The simulator approves at once and Tesla's redirect lands back in the UI with the cards.
  ASSERT_TRUE(browser_->wait_until("document.querySelectorAll('.vehicle-check').length > 0", 30s))
      << browser_->current_url();
  EXPECT_EQ(browser_->current_url(), home);  // the oauth query is cleaned from the address bar
  const json cards = browser_->script(
      "return [...document.querySelectorAll('.vehicle')].map(c => "
      "[c.querySelector('.vehicle-vin').textContent, c.querySelector('.badge').textContent]);");
  ASSERT_EQ(cards.size(), 3u) << cards.dump();
  for (const json& card : cards) {
    EXPECT_NE(card[0].get<std::string>().find("\u2026"), std::string::npos);  // masked VIN
    EXPECT_FALSE(card[1].get<std::string>().empty());
  }
  EXPECT_EQ(browser_->script("return document.getElementById('order').disabled;"), json(true));
  browser_->click(*browser_->find("#select-all"));
  EXPECT_EQ(browser_->script("return document.querySelectorAll('.vehicle-check:checked').length;"),
            json(3));
  browser_->click(*browser_->find("input[name=package][value=pro]"));
  check_clean("vehicles");
  // The report language follows the UI's unless picked.
  EXPECT_EQ(browser_->script("return document.getElementById('language').value;"), json(lang));
  keep_screenshot("cpt-ui-vehicles" + suffix + ".png");
  if (lang != "en") {
    // Switching on this page rewords it at once (here to Finnish and back).
    browser_->script(
        "const s = document.getElementById('ui-language'); s.value = 'fi';"
        "s.dispatchEvent(new Event('change'));");
    ASSERT_TRUE(browser_->wait_until("document.documentElement.lang === 'fi'", 10s));
    EXPECT_EQ(browser_->script("return document.getElementById('order').textContent;"),
              ui_texts("fi")["select.order"]);
    EXPECT_EQ(
        browser_->script("return document.querySelectorAll('.vehicle-check:checked').length;"),
        json(3));
    EXPECT_EQ(leaks(english, ui_texts("fi")), json::array());
    keep_screenshot("cpt-ui-vehicles-fi.png");
    browser_->script("const s = document.getElementById('ui-language'); s.value = '" + lang +
                     "'; s.dispatchEvent(new Event('change'));");
    ASSERT_TRUE(browser_->wait_until("document.documentElement.lang === '" + lang + "'", 10s));
    // A second report language for the buyer, from the same order.
    browser_->click(*browser_->find(".extra-language[value=en]"));
  } else {
    browser_->script("document.getElementById('language').value = 'fi';");
  }
  browser_->click(*browser_->find("#order"));

  ASSERT_TRUE(
      browser_->wait_until("!document.getElementById('step-progress').hidden || "
                           "!document.getElementById('step-reports').hidden",
                           15s));
  ASSERT_TRUE(browser_->wait_until("!document.getElementById('step-reports').hidden", 240s))
      << browser_->script("return document.getElementById('notice').textContent;").dump();
  EXPECT_EQ(browser_->find_all("#tabs .tab").size(), 3u);
  ASSERT_TRUE(browser_->wait_until(
      "(() => { const d = document.getElementById('report-frame').contentDocument;"
      " return d && d.body && d.body.innerText.length > 200; })()",
      30s));
  const std::string report_text =
      browser_
          ->script("return document.getElementById('report-frame').contentDocument.body.innerText;")
          .get<std::string>();
  EXPECT_NE(report_text.find("Car Pulse Tracker"), std::string::npos);
  EXPECT_EQ(browser_->script("return document.getElementById('report-frame')"
                             ".contentDocument.documentElement.lang;"),
            json(lang == "en" ? "fi" : lang));
  check_clean("reports");
  keep_screenshot("cpt-ui-reports" + suffix + ".png");
  if (lang != "en") {
    // One tab per report language; the English one shows the English report of the same order.
    const auto languages = browser_->find_all("#report-languages .tab");
    ASSERT_EQ(languages.size(), 2u);
    browser_->click(languages[1]);
    EXPECT_TRUE(browser_->wait_until(
        "(() => { const d = document.getElementById('report-frame').contentDocument;"
        " return d && d.documentElement.lang === 'en' && d.body.innerText.length > 200; })()",
        30s));
    EXPECT_NE(browser_->script("return document.querySelector('#downloads a').href;")
                  .get<std::string>()
                  .find(".pdf?lang=en"),
              std::string::npos);
    browser_->click(languages[0]);
    EXPECT_TRUE(browser_->wait_until(
        "document.getElementById('report-frame').contentDocument.documentElement.lang === '" +
            lang + "'",
        30s));
  }

  // Every download of the selected vehicle and the order's invoice ZIP answer with their type.
  const json links = browser_->script(
      "return [...document.querySelectorAll('#downloads a')].map(a => a.getAttribute('href'))"
      ".concat([document.getElementById('order-invoices').getAttribute('href')]);");
  ASSERT_EQ(links.size(), 5u);
  const std::vector<std::string> types = {"application/pdf", "text/csv; charset=utf-8",
                                          "application/json", "application/zip", "application/zip"};
  for (std::size_t i = 0; i < links.size(); ++i) {
    const json answer = fetch(links[i].get<std::string>());
    EXPECT_EQ(answer[0], 200) << links[i];
    EXPECT_EQ(answer[1], types[i]) << links[i];
    EXPECT_GT(answer[2].get<int>(), 100) << links[i];
  }
  const std::string vehicles_url = browser_->script(
      "return '/api/v1/sessions/' + sessionStorage.getItem('cpt.session') + '/vehicles';");

  // A buyer checks the seller's PDF and JSON on the public verify page, and a copy with one
  // changed digit.
  const json kept = browser_->async_script(
      "const done = arguments[arguments.length - 1];"
      "Promise.all([fetch('" +
      links[0].get<std::string>() +
      "').then(r => r.arrayBuffer()),"
      "  fetch('" +
      links[2].get<std::string>() +
      "').then(r => r.text())]).then(([pdf, text]) => {"
      "  const b = new Uint8Array(pdf); let bin = '';"
      "  for (let i = 0; i < b.length; ++i) bin += String.fromCharCode(b[i]);"
      "  sessionStorage.setItem('cpt.e2e.pdf', btoa(bin));"
      "  sessionStorage.setItem('cpt.e2e.json', text); done(b.length);"
      "}).catch(e => done(String(e)));");
  ASSERT_TRUE(kept.is_number()) << kept.dump();
  // The footer's link opens the verify page in the UI's language.
  browser_->click(*browser_->find("#verify-link"));
  ASSERT_TRUE(browser_->wait_until("!!document.getElementById('report-file')", 10s));
  EXPECT_EQ(browser_->script("return document.documentElement.lang;"), json(lang));
  const VerifyWords& words = kVerifyWords.at(lang);
  const std::string& genuine = words.genuine_prefix;
  EXPECT_EQ(drop_on_verify_page("pdf", false).rfind(genuine, 0), 0u);
  keep_screenshot("cpt-verify-genuine" + suffix + ".png");
  EXPECT_EQ(drop_on_verify_page("json", false).rfind(genuine, 0), 0u);
  EXPECT_EQ(drop_on_verify_page("json", true), words.altered);
  keep_screenshot("cpt-verify-altered" + suffix + ".png");
  browser_->navigate(home);
  ASSERT_TRUE(browser_->wait_until("!document.getElementById('step-reports').hidden", 30s));

  // Deleting erases the session: the UI returns to the start and the API forgets it.
  browser_->click(*browser_->find("#delete-session"));
  ASSERT_TRUE(browser_->wait_until("!document.getElementById('step-connect').hidden", 10s));
  EXPECT_EQ(browser_->script("return document.getElementById('notice').textContent;"),
            local["notice.deleted"]);
  check_clean("deleted");
  EXPECT_EQ(fetch(vehicles_url)[0], 404);
}

TEST_F(BrowserTest, ConnectSelectOrderReadDownloadAndDelete) {
  run_journey("en");
}

// The same journey for a German browser: the UI, the report and the verify page speak German.
class GermanBrowserTest : public BrowserTest {
 protected:
  GermanBrowserTest() { browser_language_ = "de-DE"; }
};

TEST_F(GermanBrowserTest, WholeJourneyInGermanShowsNoKeyAndNoEnglish) {
  run_journey("de");
}

}  // namespace
}  // namespace cpt::e2e
