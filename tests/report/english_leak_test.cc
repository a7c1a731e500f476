// No English in a translated report: every car of the default simulator world, and every car of a
// generated account (one asleep, invoices and a warranty answer broken on purpose, so failure
// notes are worded too), is reported in every
// language, and a non-English HTML report must not contain a string of the English catalog,
// except Tesla's own texts and proper names (kTeslaTextFields) and the short list below.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include "acquire/sim_account.h"
#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "cpt/report/renderers.h"
#include "cpt/report/report_model.h"
#include "cpt/snapshot/sample.h"

namespace cpt::report {
namespace {

// English catalog entries a translated report may show, each with its reason. (An English value
// that the language's own catalog also uses as a word, like fr "Transmission" or it "Note", is
// that language's word and needs no entry.)
const std::map<std::string_view, std::string_view> kAllowedEnglish = {
    {"ui.language_name", "the name of a language in that language ('English')"},
};

// Product names that stay as they are in every language (docs/translations.md), also inside
// sentences and source lists ("Tesla Impact Report 2023 (Model 3/Y)").
constexpr std::array<std::string_view, 4> kProperNames = {"Model 3", "Model Y", "Model S",
                                                          "Model X"};

// Columns and fields whose values are Tesla's own words or proper names, shown as Tesla sent
// them: release notes, option, alert and warranty names, sites, the owner's names for the car.
const std::set<std::string_view> kTeslaTextFields = {
    // the car's names: Tesla's model and trim names, the owner's name for the car
    "summary.vehicle",
    "identity.display_name",
    "identity.make",
    "identity.model",
    "identity.trim",
    "identity.wheel_type",
    "identity.performance_package",
    "identity.driver_assist",
    // option, paint, wheel and interior names from Tesla's option catalog
    "options.name",
    "identity.paint",
    "identity.wheels",
    "identity.interior",
    // alerts, warranties, release notes and software status as Tesla words them
    "alerts.name",
    "alerts.text",
    "warranty.name",
    "warranty.type",
    "software.note.title",
    "software.note.description",
    "software.update_status",
    // Supercharger sites and invoice file names as Tesla names them
    "charging.site",
    "charging.invoice.file",
    // the factory specification and live state values Tesla sends as text
    "specs.equipment.name",
    "specs.body_type",
    "specs.autopilot",
    "specs.transmission",
    "specs.vehicle_type",
    "specs.fuel_type",
    "condition.dashcam_state",
    "battery.fast_charger_brand",
    "battery.fast_charger_type",
    "battery.charge_cable",
    "battery.charge_port_latch",
    // a row of the original-range reference table: rating body, year, model, market code
    "battery.original_range_basis",
};

// The text between HTML tags (styles dropped), entities decoded, one string per text node.
std::vector<std::string> text_nodes(const std::string& html) {
  std::vector<std::string> out;
  std::string current;
  bool in_tag = false;
  const auto flush = [&] {
    const auto first = current.find_first_not_of(" \n\t");
    if (first != std::string::npos) {
      out.push_back(current.substr(first, current.find_last_not_of(" \n\t") - first + 1));
    }
    current.clear();
  };
  const std::size_t body = html.find("<body");
  for (std::size_t i = body == std::string::npos ? 0 : body; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      flush();
      in_tag = true;
      // Inline SVG and styles hold no words of the catalog.
      if (html.compare(i, 6, "<style") == 0) i = html.find("</style>", i);
      if (i == std::string::npos) break;
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      current += c;
    }
  }
  flush();
  for (std::string& node : out) {
    for (const auto& [entity, text] : {std::pair<std::string_view, std::string_view>{"&amp;", "&"},
                                       {"&lt;", "<"},
                                       {"&gt;", ">"},
                                       {"&quot;", "\""},
                                       {"&#39;", "'"}}) {
      for (auto pos = node.find(entity); pos != std::string::npos; pos = node.find(entity, pos)) {
        node.replace(pos, entity.size(), text);
      }
    }
  }
  return out;
}

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) != 0;
}

// `needle` in `text` as whole words (no letter glued to either end).
bool contains_words(std::string_view text, std::string_view needle) {
  for (auto pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + 1)) {
    const bool start = pos == 0 || !is_word_byte(text[pos - 1]) || !is_word_byte(needle.front());
    const std::size_t end = pos + needle.size();
    const bool stop =
        end == text.size() || !is_word_byte(text[end]) || !is_word_byte(needle.back());
    if (start && stop) return true;
  }
  return false;
}

// What to look for of an English catalog value: the whole value, or for a value with
// placeholders its longest literal part (long enough to be English words, not punctuation).
std::optional<std::string> probe(const std::string& value) {
  if (value.find('{') == std::string::npos) return value;
  std::string longest;
  std::string part;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || value[i] == '{') {
      if (part.size() > longest.size()) longest = part;
      part.clear();
      if (i < value.size()) i = value.find('}', i);
      if (i == std::string::npos) break;
    } else {
      part += value[i];
    }
  }
  const auto first = longest.find_first_not_of(" .,:;()");
  if (first == std::string::npos) return std::nullopt;
  longest = longest.substr(first, longest.find_last_not_of(" .,:;()") - first + 1);
  if (longest.size() < 8) return std::nullopt;
  return longest;
}

// At most two words: "Status", "Service", "Total" can be the same word in another language; a
// longer English value in a translated report is always a leak.
bool is_short(std::string_view value) {
  return std::count(value.begin(), value.end(), ' ') <= 1;
}

// English strings a report in `language` must not show: every English value, minus the allowed
// ones and short values that are also words of the language (its catalog writes them too:
// de "Status", fr "Transmission" in "Transmission intégrale", it "Note" in "Note di rilascio").
std::vector<std::pair<std::string, std::string>> english_probes(Language language) {
  const Catalog& en = Catalog::get(Language::en);
  const Catalog& other = Catalog::get(language);
  std::vector<std::pair<std::string, std::string>> out;
  std::string own_words;
  for (const auto& [key, value] : other.entries()) own_words.append(value).append("\n");
  for (const auto& [key, value] : en.entries()) {
    if (kAllowedEnglish.contains(key)) continue;
    if (is_short(value) && contains_words(own_words, value)) continue;
    if (auto text = probe(value)) out.emplace_back(key, std::move(*text));
  }
  return out;
}

// Longer first, so that a name inside a longer name ("Long Range" in "Long Range All-Wheel
// Drive") does not break the longer one before it is removed.
struct LongerFirst {
  bool operator()(const std::string& a, const std::string& b) const {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  }
};
using TeslaTexts = std::set<std::string, LongerFirst>;

// The displays of Tesla's own texts in a report, removed from the text before it is searched.
TeslaTexts tesla_texts(const Report& report) {
  TeslaTexts out{report.header.vehicle_name, report.header.display_name};
  for (const Section& section : report.sections) {
    for (const Field& field : section.fields) {
      if (kTeslaTextFields.contains(field.def->key)) out.insert(field.cell.display);
    }
    for (const Table& table : section.tables) {
      for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
          if (kTeslaTextFields.contains(table.columns[c].def->key)) out.insert(row[c].display);
        }
      }
    }
  }
  return out;
}

// Removes every `what` from `text` (Tesla's words inside a sentence of ours), leaving a gap.
void erase_all(std::string& text, std::string_view what) {
  if (what.size() < 3) return;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos)) {
    text.replace(pos, what.size(), " ");
  }
}

std::vector<snapshot::VehicleSnapshot> order_all(cpt::testing::SimAccount& account) {
  acquire::Order order;
  order.id = "ord-english-leak";
  order.package = snapshot::Package::expert;
  order.vins = account.vins;
  acquire::InMemoryRawStore store;
  auto result = acquire::run_order(order, *account.client, store, SystemClock::instance());
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
  return result ? std::move(result->snapshots) : std::vector<snapshot::VehicleSnapshot>{};
}

// Every car of the default simulator world (the demo's: its accounts in North America, Europe
// and China, each market's settings and units), each account signed in on its own.
std::vector<snapshot::VehicleSnapshot> every_default_world_car() {
  std::vector<snapshot::VehicleSnapshot> out;
  const sim::SimOptions defaults;
  for (std::size_t user = 0; user < static_cast<std::size_t>(defaults.users); ++user) {
    auto account = cpt::testing::start_sim_account(defaults, {}, user);
    EXPECT_TRUE(account.client) << "user " << user;
    if (!account.client) continue;
    for (auto& car : order_all(account)) out.push_back(std::move(car));
  }
  return out;
}

// A generated account's six cars, with failures on purpose so that their notes are worded too.
std::vector<snapshot::VehicleSnapshot> cars_with_failures() {
  sim::SimOptions options;
  options.seed = 7;
  options.users = 1;
  options.vehicles_per_user = 6;
  auto account = cpt::testing::start_sim_account(options);
  EXPECT_TRUE(account.client);
  if (!account.client) return {};
  // One car asleep (its live modules are unavailable), the others online.
  for (std::size_t i = 0; i < account.vins.size(); ++i) {
    account.sim->set_vehicle_state(account.vins[i], i == 0 ? "asleep" : "online");
  }
  // Every invoice download and one warranty answer fail, so their notes are worded too.
  account.sim->faults().add_rule(
      {"/api/1/dx/charging/invoice/", "", sim::FaultKind::status, 404, -1, 0});
  account.sim->faults().add_rule(
      {"/api/1/dx/warranty/details", "", sim::FaultKind::malformed, 200, 1, 0});
  return order_all(account);
}

// IANA time zone names ("Europe/Oslo", "America/Argentina/Buenos_Aires") are codes, the same in
// every language; the report words the zone beside it in its own language ("MEZ/MESZ").
const std::regex kZoneId(
    R"(\b(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)(/[A-Za-z_-]+)+)");

// Every English catalog string the HTML of `report` (in a language other than English) shows,
// as "'<english>' (<key>) in: <text>".
std::vector<std::string> english_in(const Report& report) {
  std::vector<std::string> found;
  const auto probes = english_probes(report.region.language);
  const auto own = tesla_texts(report);
  for (std::string node : text_nodes(render_html(report))) {
    for (const std::string& text : own) erase_all(node, text);  // longest first
    for (std::string_view name : kProperNames) erase_all(node, name);
    node = std::regex_replace(node, kZoneId, " ");
    for (const auto& [key, english] : probes) {
      if (contains_words(node, english)) {
        found.push_back("'" + english + "' (" + key + ") in: " + node);
      }
    }
  }
  return found;
}

TEST(EnglishLeak, NoEnglishCatalogStringInAnyTranslatedReportOfAnySimulatorCar) {
  auto cars = every_default_world_car();
  std::set<std::string> markets;
  for (const auto& car : cars) {
    if (car.identity.data && car.identity.data->market) markets.insert(*car.identity.data->market);
  }
  // The default world: 8 cars over three accounts (US, Europe, China) and several markets.
  EXPECT_GE(cars.size(), 8u);
  EXPECT_GE(markets.size(), 3u);
  for (auto& car : cars_with_failures()) cars.push_back(std::move(car));
  ASSERT_GE(cars.size(), 14u);
  int notes = 0;  // worded failure and partial-answer notes seen (the test must meet some)
  int reports = 0;
  for (const auto& car : cars) {
    for (Language language : kAllLanguages) {
      const Report report = build_report(car, language);
      ++reports;
      for (const Section& section : report.sections) {
        notes += static_cast<int>(section.notes.size());
      }
      if (language == Language::en) continue;
      for (const std::string& leak : english_in(report)) {
        ADD_FAILURE() << to_string(language) << " report of …" << car.vin.substr(13)
                      << " shows English " << leak;
      }
    }
  }
  EXPECT_EQ(reports, static_cast<int>(cars.size()) * 9);
  EXPECT_GT(notes, 0);
}

TEST(EnglishLeak, AnEnglishNoteInAFinnishReportIsFound) {
  Report report = build_report(snapshot::sample_us_model_y(), Language::fi);
  EXPECT_EQ(english_in(report), std::vector<std::string>{});
  // What the report said before notes became codes: the acquisition's English sentence.
  report.sections.back().notes.push_back("1 of 16 invoices could not be downloaded.");
  const auto found = english_in(report);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("note.invoices_missing"), std::string::npos) << found[0];
}

TEST(EnglishLeak, TheMatcherFindsEnglishWordsButNotPartsOfWords) {
  EXPECT_TRUE(contains_words("Akku: Battery", "Battery"));
  EXPECT_FALSE(contains_words("Batteryless", "Battery"));
  EXPECT_EQ(probe("{missing} of {wanted} invoices could not be downloaded."),
            "invoices could not be downloaded");
  EXPECT_EQ(probe("{module}: {message}"), std::nullopt);
  const auto nodes = text_nodes("<body><p>Tom &amp; Jerry<b> x </b></p><style>p{}</style></body>");
  EXPECT_EQ(nodes, (std::vector<std::string>{"Tom & Jerry", "x"}));
}

}  // namespace
}  // namespace cpt::report
