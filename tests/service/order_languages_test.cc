// Several report languages in one order: every language is rendered from the one set of
// snapshots, so an order in Finnish and English costs exactly the Tesla calls of an order in one
// language (the simulator's ledger says so), and each language's downloads are addressable.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "harness.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;
using report::Language;

TEST(OrderLanguagesSpec, LanguagesListTheReportLanguagesWithLanguageFirst) {
  auto only_list = spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"],"languages":["fi","en","fi"]})");
  ASSERT_TRUE(only_list) << only_list.error().describe();
  EXPECT_EQ(only_list->languages, (std::vector<Language>{Language::fi, Language::en}));
  EXPECT_EQ(only_list->language, Language::fi);

  auto both = spec_from_json(
      R"({"vins":["5YJ3E1EA2KF317000"],"language":"de","languages":["en","de","it"]})");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->languages, (std::vector<Language>{Language::de, Language::en, Language::it}));

  auto single = spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"],"language":"sv"})");
  ASSERT_TRUE(single);
  EXPECT_EQ(single->languages, std::vector<Language>{Language::sv});

  // What is stored comes back the same (a resumed order renders the same languages).
  auto again = spec_from_json(spec_to_json(*both));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->languages, both->languages);

  for (const char* bad : {R"({"vins":["5YJ3E1EA2KF317000"],"languages":[]})",
                          R"({"vins":["5YJ3E1EA2KF317000"],"languages":"fi"})",
                          R"({"vins":["5YJ3E1EA2KF317000"],"languages":["fi","xx"]})",
                          R"({"vins":["5YJ3E1EA2KF317000"],"languages":[7]})"}) {
    auto spec = spec_from_json(bad);
    ASSERT_FALSE(spec) << bad;
    EXPECT_NE(spec.error().user_message.find("language"), std::string::npos) << bad;
  }
  EXPECT_EQ(artifact_format(*both, Language::de, "pdf"), "pdf");
  EXPECT_EQ(artifact_format(*both, Language::it, "pdf"), "pdf:it");
}

class OrderLanguagesTest : public ServiceHarness {
 protected:
  // Every Tesla request of the order, as "METHOD path status", in any order.
  static std::multiset<std::string> calls(const sim::Ledger& ledger) {
    std::multiset<std::string> out;
    for (const sim::LedgerEntry& e : ledger.entries) {
      out.insert(e.method + " " + e.path + " " + std::to_string(e.status));
    }
    return out;
  }

  // Signs in a fresh browser, orders `vin` in `languages` and waits; the session id.
  std::string order_in(Browser& browser, const std::string& vin, const json& languages) {
    const std::string session = login(browser);
    sim_->reset_ledger();
    const json body = {{"vins", {vin}}, {"package", "pro"}, {"languages", languages}};
    auto res = post("/api/v1/sessions/" + session + "/order", browser, body.dump());
    EXPECT_TRUE(res && res->status == 202) << (res ? res->body : "no answer");
    EXPECT_TRUE(service_->wait_for_orders(std::chrono::seconds(120)));
    return session;
  }
};

TEST_F(OrderLanguagesTest, FinnishAndEnglishCostTheTeslaCallsOfOneLanguage) {
  start_service({.real_reports = true, .real_runner = true});
  const std::string vin = first_user_vins().front();

  Browser one;
  order_in(one, vin, {"fi"});
  const sim::Ledger single = sim_->ledger();
  ASSERT_GT(single.total_requests(), 3);

  Browser two;
  const std::string session = order_in(two, vin, {"fi", "en"});
  const sim::Ledger both = sim_->ledger();
  EXPECT_EQ(calls(both), calls(single));
  EXPECT_EQ(both.total_billed(), single.total_billed());
  EXPECT_EQ(both.total_cost_micros(), single.total_cost_micros());

  const std::string base = "/api/v1/sessions/" + session;
  auto progress = get(base + "/progress", two);
  ASSERT_EQ(progress->status, 200);
  const json doc = json::parse(progress->body);
  EXPECT_EQ(doc["status"], "done") << progress->body;
  EXPECT_EQ(doc["languages"], json({"fi", "en"}));

  // The first language without ?lang=, every language with it; no other language.
  const std::string report = base + "/reports/" + vin;
  auto plain = get(report + ".html", two);
  auto finnish = get(report + ".html?lang=fi", two);
  auto english = get(report + ".html?lang=en", two);
  ASSERT_EQ(plain->status, 200);
  ASSERT_EQ(finnish->status, 200);
  ASSERT_EQ(english->status, 200);
  EXPECT_EQ(plain->body, finnish->body);
  EXPECT_NE(finnish->body.find(R"(<html lang="fi")"), std::string::npos);
  EXPECT_NE(english->body.find(R"(<html lang="en")"), std::string::npos);
  EXPECT_EQ(get(report + ".html?lang=de", two)->status, 404);
  EXPECT_EQ(get(report + ".html?lang=zz", two)->status, 404);
  for (const char* format : {"json", "pdf", "csv"}) {
    auto file = get(report + "." + format + "?lang=en", two);
    ASSERT_EQ(file->status, 200) << format;
    EXPECT_NE(file->get_header_value("Content-Disposition").find("-en."), std::string::npos);
  }
  // The PDF is worded in each language (the CSV is the same machine-readable table in both).
  EXPECT_NE(get(report + ".pdf?lang=en", two)->body, get(report + ".pdf", two)->body);
  // Both languages read the one snapshot: the same VIN and the same figures.
  const json fi_json = json::parse(get(report + ".json?lang=fi", two)->body);
  const json en_json = json::parse(get(report + ".json?lang=en", two)->body);
  EXPECT_EQ(fi_json["report"]["language"], "fi");
  EXPECT_EQ(en_json["report"]["language"], "en");
  EXPECT_EQ(fi_json["report"]["vehicle"]["vin"], vin);
  EXPECT_EQ(en_json["report"]["vehicle"]["vin"], vin);
  EXPECT_EQ(fi_json["report"]["generated_at"], en_json["report"]["generated_at"]);
  EXPECT_EQ(get(report + "/invoices.zip?lang=en", two)->status, 200);
}

TEST_F(OrderLanguagesTest, ALanguageAddedToAFinishedOrderMakesNoTeslaCall) {
  start_service({.real_reports = true, .real_runner = true});
  const std::string vin = first_user_vins().front();
  Browser browser;
  const std::string session = order_in(browser, vin, {"fi"});
  const std::string base = "/api/v1/sessions/" + session;
  const std::string report = base + "/reports/" + vin;
  EXPECT_EQ(get(report + ".html?lang=de", browser)->status, 404);

  sim_->reset_ledger();
  auto added = post(base + "/languages", browser, R"({"language":"de"})");
  ASSERT_EQ(added->status, 200) << added->body;
  EXPECT_EQ(json::parse(added->body)["teslaCalls"], 0);
  EXPECT_EQ(sim_->ledger().total_requests(), 0);  // read again from the stored answers

  auto german = get(report + ".html?lang=de", browser);
  ASSERT_EQ(german->status, 200);
  EXPECT_NE(german->body.find(R"(<html lang="de")"), std::string::npos);
  EXPECT_EQ(json::parse(get(report + ".json?lang=de", browser)->body)["report"]["language"], "de");
  // The order's own language is untouched.
  EXPECT_NE(get(report + ".html", browser)->body.find(R"(<html lang="fi")"), std::string::npos);
  EXPECT_EQ(post(base + "/languages", browser, R"({"language":"xx"})")->status, 400);
  EXPECT_EQ(post(base + "/languages", browser, R"({"language":7})")->status, 400);
}

TEST(OrderTimeZoneSpec, AKnownZoneIsStoredAndAnUnknownOneNamesTheField) {
  auto zoned = spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"],"time_zone":"Europe/Helsinki"})");
  ASSERT_TRUE(zoned) << zoned.error().describe();
  EXPECT_EQ(zoned->time_zone, "Europe/Helsinki");
  // Stored with the order: a resumed order or a language added later uses the same zone.
  EXPECT_EQ(spec_from_json(spec_to_json(*zoned))->time_zone, "Europe/Helsinki");
  // Not given (or null): each car's market zone, decided when the report is built.
  EXPECT_EQ(spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"]})")->time_zone, std::nullopt);
  EXPECT_EQ(spec_from_json(R"({"vins":["5YJ3E1EA2KF317000"],"time_zone":null})")->time_zone,
            std::nullopt);
  for (const char* bad : {R"({"vins":["5YJ3E1EA2KF317000"],"time_zone":"Mars/Olympus_Mons"})",
                          R"({"vins":["5YJ3E1EA2KF317000"],"time_zone":""})",
                          R"({"vins":["5YJ3E1EA2KF317000"],"time_zone":"+02:00"})",
                          R"({"vins":["5YJ3E1EA2KF317000"],"time_zone":120})"}) {
    auto spec = spec_from_json(bad);
    ASSERT_FALSE(spec) << bad;
    EXPECT_NE(spec.error().user_message.find("time_zone"), std::string::npos) << bad;
  }
}

// The zone of an order reaches every report of it, also one in a language added later; an
// unknown zone is refused with a 400 that names the field.
TEST_F(OrderLanguagesTest, TheOrdersTimeZoneIsUsedByEveryLanguageOfItsReports) {
  start_service({.real_reports = true, .real_runner = true});
  const std::string vin = first_user_vins().front();
  Browser browser;
  const std::string session = login(browser);
  const std::string base = "/api/v1/sessions/" + session;
  const json unknown = {{"vins", {vin}}, {"language", "en"}, {"time_zone", "Europe/Atlantis"}};
  auto refused = post(base + "/order", browser, unknown.dump());
  ASSERT_EQ(refused->status, 400) << refused->body;
  EXPECT_EQ(json::parse(refused->body)["error"], "invalid_order");
  EXPECT_NE(refused->body.find("time_zone"), std::string::npos) << refused->body;

  const json body = {{"vins", {vin}}, {"language", "en"}, {"time_zone", "Asia/Tokyo"}};
  auto res = post(base + "/order", browser, body.dump());
  ASSERT_EQ(res->status, 202) << res->body;
  ASSERT_TRUE(service_->wait_for_orders(std::chrono::seconds(120)));
  const std::string report = base + "/reports/" + vin;
  const json english = json::parse(get(report + ".json", browser)->body);
  EXPECT_EQ(english["report"]["units"]["time_zone"], "Asia/Tokyo");
  const std::string html = get(report + ".html", browser)->body;
  EXPECT_NE(html.find("Times in Asia/Tokyo (GMT+9)"), std::string::npos);

  ASSERT_EQ(post(base + "/languages", browser, R"({"language":"de"})")->status, 200);
  const json german = json::parse(get(report + ".json?lang=de", browser)->body);
  EXPECT_EQ(german["report"]["units"]["time_zone"], "Asia/Tokyo");
  EXPECT_NE(get(report + ".html?lang=de", browser)->body.find("Zeiten in der Zeitzone Asia/Tokyo"),
            std::string::npos);
}

}  // namespace
}  // namespace cpt::service::testing
