// Label catalogs: the report's words in nine languages, embedded in the binary at build time from
// src/cpt/report/i18n/<lang>.json.
#pragma once

#include <array>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cpt::report {

// A report language.
enum class Language { en, fi, sv, no, da, de, fr, es, it };

inline constexpr std::array kAllLanguages = {Language::en, Language::fi, Language::sv,
                                             Language::no, Language::da, Language::de,
                                             Language::fr, Language::es, Language::it};

// ISO 639-1 code ("fi"); Norwegian is "no" (Bokmål).
std::string_view to_string(Language language);
std::optional<Language> parse_language(std::string_view code);

// The labels of one language. Immutable after load; thread-safe.
class Catalog {
 public:
  // The embedded catalog of a language (parsed once, on first use).
  static const Catalog& get(Language language);
  // Parses a catalog from JSON text (an object of string values). For tests and tools.
  static std::optional<Catalog> parse(std::string_view json_text);

  // The label for a key; the key itself when the catalog lacks it, so a gap shows, never crashes.
  std::string_view text(std::string_view key) const;
  // text("ns.name"), or `name` itself when the catalog lacks it.
  std::string_view text(std::string_view ns, std::string_view name) const;
  bool has(std::string_view key) const;
  // text(key) with every "{name}" replaced by its value.
  std::string format(
      std::string_view key,
      std::initializer_list<std::pair<std::string_view, std::string_view>> args) const;
  // The same with parameters known only at run time (a snapshot::Note's).
  std::string format(std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& args) const;
  // A code's label ("drive.awd"); a code the catalog lacks is made readable in English
  // ("car_in_repair" -> "Car in repair") and shown as sent in every other language, never as
  // English words.
  std::string code(std::string_view ns, std::string_view value) const;

  const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string, std::less<>> entries_;
  bool english_ = false;
};

// "ns.name": a catalog key from a namespace and a name.
std::string catalog_key(std::string_view ns, std::string_view name);

// The embedded JSON text of a language's catalog.
std::string_view embedded_catalog_json(Language language);

}  // namespace cpt::report
