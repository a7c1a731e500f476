// The web UI's catalogs (web/i18n/*.json, embedded in the service): the language a browser gets,
// and that every word the page shows exists, in every language, as a real translation.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "cpt/service/web_assets.h"

namespace cpt::service {
namespace {

using nlohmann::json;
using report::Language;

constexpr Language kLanguages[] = {Language::en, Language::fi, Language::sv,
                                   Language::no, Language::da, Language::de,
                                   Language::fr, Language::es, Language::it};

json texts_of(const WebAssets& assets, Language language) {
  auto text = ui_text_json(assets, language);
  if (!text) return json();
  return json::parse(*text)["texts"];
}

TEST(UiText, LanguageFollowsTheRequestThenAcceptLanguageThenEnglish) {
  EXPECT_EQ(preferred_language("", "de-DE,de;q=0.9,en;q=0.8"), Language::de);
  EXPECT_EQ(preferred_language("", "ja, fi-FI;q=0.7"), Language::fi);  // first one we speak
  EXPECT_EQ(preferred_language("", "nb-NO"), Language::no);
  EXPECT_EQ(preferred_language("", "nn"), Language::no);
  EXPECT_EQ(preferred_language("", "FR-ca"), Language::fr);
  EXPECT_EQ(preferred_language("sv", "de-DE"), Language::sv);  // the page's choice wins
  EXPECT_EQ(preferred_language("xx", "it"), Language::it);     // an unknown choice is ignored
  EXPECT_EQ(preferred_language("", "ja, zh-CN"), Language::en);
  EXPECT_EQ(preferred_language("", ""), Language::en);
}

TEST(UiText, EveryLanguageHasEveryKeyTranslated) {
  const WebAssets assets = WebAssets::embedded();
  const json english = texts_of(assets, Language::en);
  ASSERT_TRUE(english.is_object());
  ASSERT_GT(english.size(), 40u);
  for (Language language : kLanguages) {
    const json local = texts_of(assets, language);
    const std::string code(report::to_string(language));
    ASSERT_TRUE(local.is_object()) << code;
    EXPECT_EQ(json::parse(*ui_text_json(assets, language))["language"], code);
    std::size_t same = 0;
    for (const auto& [key, value] : english.items()) {
      ASSERT_TRUE(local.contains(key)) << code << " misses " << key;
      ASSERT_TRUE(local[key].is_string()) << code << " " << key;
      const std::string text = local[key].get<std::string>();
      EXPECT_FALSE(text.empty()) << code << " " << key;
      // The same placeholders, so a sentence never loses its figure.
      const std::regex placeholder(R"(\{[a-z_]+\})");
      const std::string en_text = value.get<std::string>();
      std::set<std::string> want(
          std::sregex_token_iterator(en_text.begin(), en_text.end(), placeholder),
          std::sregex_token_iterator());
      std::set<std::string> got(std::sregex_token_iterator(text.begin(), text.end(), placeholder),
                                std::sregex_token_iterator());
      EXPECT_EQ(want, got) << code << " " << key;
      if (language != Language::en && text == en_text) ++same;
    }
    EXPECT_EQ(local.size(), english.size()) << code << " has keys English does not";
    // Words such as "Online" or "Service" are the same in some languages; most are not.
    EXPECT_LT(same, english.size() / 10) << code << " looks untranslated";
  }
}

TEST(UiText, EveryKeyThePageUsesIsInTheCatalog) {
  const WebAssets assets = WebAssets::embedded();
  const json english = texts_of(assets, Language::en);
  std::set<std::string> used;
  const std::regex attribute(R"re(data-i18n(?:-title|-aria)?="([a-z_]+(?:\.[a-z_]+)+)")re");
  const std::regex call(R"re(\bt\("([a-z_]+(?:\.[a-z_]+)+)")re");
  const std::regex notice(R"re(notice\("([a-z_]+(?:\.[a-z_]+)+)")re");
  const std::regex reset(R"re(resetSession\("([a-z_]+(?:\.[a-z_]+)+)")re");
  for (const char* file : {"/index.html", "/app.js"}) {
    const WebFile* source = assets.find(file);
    ASSERT_NE(source, nullptr) << file;
    for (const std::regex* pattern : {&attribute, &call, &notice, &reset}) {
      for (std::sregex_iterator it(source->bytes.begin(), source->bytes.end(), *pattern), end;
           it != end; ++it) {
        used.insert((*it)[1].str());
      }
    }
  }
  // Keys the script builds from the service's codes.
  for (const char* state : {"online", "asleep", "offline", "unknown"}) {
    used.insert(std::string("state.") + state);
  }
  for (const char* phase :
       {"queued", "account", "vehicle", "modules", "normalize", "done", "failed"}) {
    used.insert(std::string("phase.") + phase);
  }
  for (const char* status : {"running", "done", "failed"}) {
    used.insert(std::string("status.") + status);
  }
  EXPECT_GT(used.size(), 40u);
  for (const std::string& key : used) EXPECT_TRUE(english.contains(key)) << key;
}

}  // namespace
}  // namespace cpt::service
