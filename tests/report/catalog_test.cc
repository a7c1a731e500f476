#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cpt/report/catalog.h"
#include "cpt/report/field_schema.h"
#include "cpt/report/report_model.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "report/report_test_support.h"

namespace cpt::report {
namespace {

// The keys every language must translate, besides every field label.
std::vector<std::string> required_keys() {
  std::vector<std::string> keys;
  for (const FieldDef* def : fields::kAll) keys.push_back(def->label_key());
  for (int i = 0; i < kSectionCount; ++i) {
    keys.push_back(catalog_key("section", to_string(static_cast<SectionId>(i))));
  }
  for (int i = 0; i < snapshot::kModuleCount; ++i) {
    keys.push_back(catalog_key("module", to_string(static_cast<snapshot::ModuleId>(i))));
  }
  for (int k = 0; k <= static_cast<int>(ErrorKind::internal); ++k) {
    keys.push_back(catalog_key("error", to_string(static_cast<ErrorKind>(k))));
  }
  for (auto p : {snapshot::Package::basic, snapshot::Package::pro, snapshot::Package::expert}) {
    keys.push_back(catalog_key("package", to_string(p)));
  }
  for (auto o : {"ok", "empty", "unavailable", "not_in_package", "failed"}) {
    keys.push_back(catalog_key("outcome", o));
  }
  return keys;
}

TEST(Catalog, EnglishHasEveryFieldSectionModuleErrorAndOutcomeLabel) {
  const Catalog& en = Catalog::get(Language::en);
  for (const auto& key : required_keys()) EXPECT_TRUE(en.has(key)) << key;
}

TEST(Catalog, EveryLanguageHasExactlyTheEnglishKeysAndNoEmptyValue) {
  const auto& english = Catalog::get(Language::en).entries();
  ASSERT_GT(english.size(), 200u);
  for (Language language : kAllLanguages) {
    const auto& entries = Catalog::get(language).entries();
    EXPECT_EQ(entries.size(), english.size()) << to_string(language);
    for (const auto& [key, value] : english) {
      auto it = entries.find(key);
      ASSERT_NE(it, entries.end()) << to_string(language) << " lacks " << key;
      EXPECT_FALSE(it->second.empty()) << to_string(language) << " " << key;
    }
  }
}

TEST(Catalog, PlaceholdersSurviveTranslation) {
  for (Language language : kAllLanguages) {
    const Catalog& c = Catalog::get(language);
    for (const auto& [key, placeholder] :
         std::vector<std::pair<std::string, std::string>>{{"ui.page", "{page}"},
                                                          {"ui.page", "{pages}"},
                                                          {"ui.signed", "{key}"},
                                                          {"status.unavailable", "{reason}"},
                                                          {"status.failed", "{reason}"},
                                                          {"status.not_in_package", "{package}"},
                                                          {"ui.module_note", "{module}"}}) {
      EXPECT_NE(c.text(key).find(placeholder), std::string_view::npos)
          << to_string(language) << " " << key;
    }
  }
}

TEST(Catalog, EmbeddedCatalogsMatchTheDataFilesInTheRepository) {
  for (Language language : kAllLanguages) {
    const std::string file = testing::read_repo_file("src/cpt/report/i18n/" +
                                                     std::string(to_string(language)) + ".json");
    EXPECT_EQ(nlohmann::json::parse(file), nlohmann::json::parse(embedded_catalog_json(language)))
        << to_string(language);
  }
}

TEST(Catalog, TranslationsAreRealTranslations) {
  EXPECT_EQ(Catalog::get(Language::fi).text("section.battery"), "Akku ja toimintamatka");
  EXPECT_EQ(Catalog::get(Language::de).text("section.tyres"), "Reifen");
  EXPECT_EQ(Catalog::get(Language::sv).text("drive.awd"), "Fyrhjulsdrift");
  EXPECT_EQ(Catalog::get(Language::fr).text("field.battery.charge_limit"), "Limite de charge");
  EXPECT_EQ(Catalog::get(Language::it).text("warranty_state.expired"), "Scaduta");
}

TEST(Catalog, FormatReplacesEveryPlaceholder) {
  EXPECT_EQ(Catalog::get(Language::en).format("ui.page", {{"page", "2"}, {"pages", "7"}}),
            "Page 2 of 7");
  EXPECT_EQ(Catalog::get(Language::fi).format("ui.page", {{"page", "2"}, {"pages", "7"}}),
            "Sivu 2/7");
}

TEST(Catalog, UnknownCodeIsMadeReadableAndUnknownKeyShowsItself) {
  const Catalog& en = Catalog::get(Language::en);
  EXPECT_EQ(en.code("service_status", "car_in_repair"), "In repair");
  EXPECT_EQ(en.code("service_status", "AWAITING_PARTS"), "Awaiting parts");
  EXPECT_EQ(en.text("no.such.key"), "no.such.key");
}

TEST(Catalog, ParseRejectsNonStringValues) {
  EXPECT_TRUE(Catalog::parse(R"({"a":"b"})").has_value());
  EXPECT_FALSE(Catalog::parse(R"({"a":1})").has_value());
  EXPECT_FALSE(Catalog::parse("[1]").has_value());
}

TEST(Language, CodesRoundTripAndBokmalMapsToNorwegian) {
  for (Language language : kAllLanguages) {
    EXPECT_EQ(parse_language(to_string(language)), language);
  }
  EXPECT_EQ(parse_language("nb"), Language::no);
  EXPECT_FALSE(parse_language("pt").has_value());
}

// A value that ends in an abbreviation ("Tg.", German for days) closes the sentence once.
TEST(Catalog, AnAbbreviationAtTheEndOfASentenceKeepsOnePeriod) {
  const Catalog& de = Catalog::get(Language::de);
  EXPECT_EQ(de.format("reason.warranty.left_time", {{"name", "Garantie"}, {"time", "1.941 Tg."}}),
            "Garantie: noch 1.941 Tg.");
  EXPECT_EQ(de.format("reason.warranty.left_time", {{"name", "Garantie"}, {"time", "5 Jahre"}}),
            "Garantie: noch 5 Jahre.");
}

}  // namespace
}  // namespace cpt::report
