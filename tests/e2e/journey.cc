// The UI journey a person makes, driven in a browser against one origin: connect Tesla (the
// simulator approves), pick every vehicle, order, watch the progress, read a report, download every
// file, check it on the public verify page, delete the data. Shared by the browser test (one
// instance) and the cluster test (two instances behind nginx over TLS).
#include "journey.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace cpt::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// One run of the journey; fails the current test on the first step that does not hold.
class Journey {
 public:
  Journey(WebDriver& browser, JourneyOptions options)
      : browser_(&browser), options_(std::move(options)) {}
  void run();

 private:
  void keep_screenshot(const std::string& name) {
    const std::string png = browser_->screenshot_png();
    ASSERT_GT(png.size(), 10'000u) << name;
    ASSERT_EQ(png.substr(1, 3), "PNG") << name;
    std::filesystem::create_directories(options_.artifact_dir);
    std::ofstream out(std::filesystem::path(options_.artifact_dir) / name, std::ios::binary);
    out << png;
    EXPECT_TRUE(out.good()) << "cannot keep " << name << " in " << options_.artifact_dir;
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

  WebDriver* browser_;
  JourneyOptions options_;
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

void Journey::run() {
  const std::string& lang = options_.lang;
  const std::string& home = options_.home;
  const std::string suffix = options_.screenshot_tag + (lang == "en" ? "" : "-" + lang);
  const auto vehicles = options_.vehicles;
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
  ASSERT_EQ(cards.size(), vehicles) << cards.dump();
  for (const json& card : cards) {
    EXPECT_NE(card[0].get<std::string>().find("\u2026"), std::string::npos);  // masked VIN
    EXPECT_FALSE(card[1].get<std::string>().empty());
  }
  EXPECT_EQ(browser_->script("return document.getElementById('order').disabled;"), json(true));
  browser_->click(*browser_->find("#select-all"));
  EXPECT_EQ(browser_->script("return document.querySelectorAll('.vehicle-check:checked').length;"),
            json(vehicles));
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
        json(vehicles));
    EXPECT_EQ(leaks(english, ui_texts("fi")), json::array());
    keep_screenshot("cpt-ui-vehicles" + options_.screenshot_tag + "-fi.png");
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
  EXPECT_EQ(browser_->find_all("#tabs .tab").size(), vehicles);
  ASSERT_TRUE(browser_->wait_until(
      "(() => { const d = document.getElementById('report-frame').contentDocument;"
      " return d && d.body && d.body.innerText.length > 200; })()",
      30s));
  const std::string report_text =
      browser_
          ->script("return document.getElementById('report-frame').contentDocument.body.innerText;")
          .get<std::string>();
  EXPECT_NE(report_text.find("Car Pulse Tracker"), std::string::npos);
  if (!options_.time_zone.empty()) {
    // The UI sends the browser's zone with the order, and the report is in it.
    EXPECT_EQ(browser_->script("return Intl.DateTimeFormat().resolvedOptions().timeZone;"),
              json(options_.time_zone));
    EXPECT_NE(report_text.find(options_.time_zone), std::string::npos)
        << "the report does not say it is in " << options_.time_zone;
  }
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
        " return d && d.documentElement && d.body && d.documentElement.lang === 'en' &&"
        " d.body.innerText.length > 200; })()",
        30s));
    EXPECT_NE(browser_->script("return document.querySelector('#downloads a').href;")
                  .get<std::string>()
                  .find(".pdf?lang=en"),
              std::string::npos);
    browser_->click(languages[0]);
    // While the frame loads the other report it has no document element yet: not an error.
    EXPECT_TRUE(browser_->wait_until(
        "(() => { const d = document.getElementById('report-frame').contentDocument;"
        " return d && d.documentElement && d.documentElement.lang === '" +
            lang + "'; })()",
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

}  // namespace

void run_journey(WebDriver& browser, const JourneyOptions& options) {
  Journey(browser, options).run();
}

std::vector<std::string> headless_chromium_args(const std::string& profile_dir,
                                                const std::string& language,
                                                bool trust_any_certificate) {
  std::vector<std::string> args{"--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile_dir,
                                "--window-size=1280,1500"};
  if (!language.empty()) {
    args.push_back("--lang=" + language);
    args.push_back("--accept-lang=" + language);
  }
  // The cluster's nginx presents a certificate made for the test, which no CA signed.
  if (trust_any_certificate) args.push_back("--ignore-certificate-errors");
  return args;
}

std::unique_ptr<TestBrowser> TestBrowser::start(const std::filesystem::path& dir,
                                                std::vector<std::string> chromium_args,
                                                std::string& why, const std::string& time_zone) {
  for (const char* tool : {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
    if (::access(tool, X_OK) != 0) {
      why = std::string(tool) + " missing: run ./run setup";
      return nullptr;
    }
  }
  std::unique_ptr<TestBrowser> browser(new TestBrowser());
  const int port = free_port();
  // Chromium takes its zone from TZ, which it inherits from chromedriver.
  std::map<std::string, std::string> env;
  if (!time_zone.empty()) env["TZ"] = time_zone;
  auto driver = ChildProcess::spawn({"/usr/bin/chromedriver", "--port=" + std::to_string(port)},
                                    env, (dir / "chromedriver.log").string());
  if (!driver) {
    why = "cannot start chromedriver";
    return nullptr;
  }
  browser->driver_.emplace(std::move(*driver));
  if (!wait_for_http(port, "/status", 20s)) {
    why = "chromedriver did not come up";
    return nullptr;
  }
  browser->web_ = std::make_unique<WebDriver>(port, std::move(chromium_args));
  if (!browser->web_->ok()) {
    why = "no browser session";
    return nullptr;
  }
  return browser;
}

TestBrowser::~TestBrowser() {
  web_.reset();
  if (driver_) driver_->stop();
}

}  // namespace cpt::e2e
