#include "cpt/report/catalog.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace cpt::report {
namespace {

constexpr std::array<std::string_view, kAllLanguages.size()> kCodes = {"en", "fi", "sv", "no", "da",
                                                                       "de", "fr", "es", "it"};

std::array<Catalog, kAllLanguages.size()> load_all() {
  std::array<Catalog, kAllLanguages.size()> catalogs;
  for (Language language : kAllLanguages) {
    auto parsed = Catalog::parse(embedded_catalog_json(language));
    // The embedded catalogs are checked by the unit tests; an unreadable one degrades to keys.
    if (parsed) catalogs[static_cast<std::size_t>(language)] = std::move(*parsed);
  }
  return catalogs;
}

// Replaces every "{name}" in `text` by `value`. A value that ends in an abbreviation's period
// ("1.941 Tg.", "88 384 mi.") before the sentence's own takes that period's place: one, not two.
void fill_placeholder(std::string& text, std::string_view name, std::string_view value) {
  std::string placeholder;
  placeholder.reserve(name.size() + 2);
  placeholder.append(1, '{').append(name).append(1, '}');
  for (auto pos = text.find(placeholder); pos != std::string::npos;
       pos = text.find(placeholder, pos + value.size())) {
    const std::size_t end = pos + placeholder.size();
    const bool two_periods = value.ends_with('.') && end < text.size() && text[end] == '.';
    text.replace(pos, placeholder.size() + (two_periods ? 1 : 0), value);
  }
}

}  // namespace

std::string_view to_string(Language language) {
  return kCodes[static_cast<std::size_t>(language)];
}

std::optional<Language> parse_language(std::string_view code) {
  for (Language language : kAllLanguages) {
    if (to_string(language) == code) return language;
  }
  if (code == "nb" || code == "nn") return Language::no;
  return std::nullopt;
}

const Catalog& Catalog::get(Language language) {
  static const std::array<Catalog, kAllLanguages.size()> catalogs = [] {
    auto all = load_all();
    all[static_cast<std::size_t>(Language::en)].english_ = true;
    return all;
  }();
  return catalogs[static_cast<std::size_t>(language)];
}

std::optional<Catalog> Catalog::parse(std::string_view json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  Catalog catalog;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_string()) return std::nullopt;
    catalog.entries_.emplace(key, value.get<std::string>());
  }
  return catalog;
}

std::string_view Catalog::text(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? key : std::string_view(it->second);
}

std::string_view Catalog::text(std::string_view ns, std::string_view name) const {
  auto it = entries_.find(catalog_key(ns, name));
  return it == entries_.end() ? name : std::string_view(it->second);
}

std::string catalog_key(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + name.size() + 1);
  key.append(ns).append(1, '.').append(name);
  return key;
}

bool Catalog::has(std::string_view key) const {
  return entries_.contains(key);
}

std::string Catalog::format(
    std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string_view>> args) const {
  std::string out(text(key));
  for (const auto& [name, value] : args) fill_placeholder(out, name, value);
  return out;
}

std::string Catalog::format(std::string_view key,
                            const std::vector<std::pair<std::string, std::string>>& args) const {
  std::string out(text(key));
  for (const auto& [name, value] : args) fill_placeholder(out, name, value);
  return out;
}

std::string Catalog::code(std::string_view ns, std::string_view value) const {
  std::string key = catalog_key(ns, value);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  if (!english_) return std::string(value);
  std::string readable(value);
  for (char& c : readable) {
    if (c == '_') c = ' ';
  }
  for (std::size_t i = 1; i < readable.size(); ++i) {
    readable[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(readable[i])));
  }
  if (!readable.empty()) {
    readable[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(readable[0])));
  }
  return readable;
}

}  // namespace cpt::report
