// An order's spec on the wire and in the store: read from the API's JSON (every field checked,
// a 400 naming the field), written back for the store, and the stored format of each language.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "cpt/core/vin.h"
#include "cpt/report/time_zone.h"
#include "cpt/service/orders.h"

namespace cpt::service {

using nlohmann::json;

std::vector<std::string> language_codes(const std::vector<report::Language>& languages) {
  std::vector<std::string> out;
  for (report::Language language : languages) out.emplace_back(report::to_string(language));
  return out;
}

std::string spec_to_json(const OrderSpec& spec) {
  json doc = {{"vins", spec.vins},
              {"package", snapshot::to_string(spec.package)},
              {"language", report::to_string(spec.language)}};
  // A one-language order is stored as before, so older records and queued jobs read the same.
  if (spec.languages.size() > 1) doc["languages"] = language_codes(spec.languages);
  if (spec.time_zone) doc["time_zone"] = *spec.time_zone;
  return doc.dump();
}

std::string artifact_format(const OrderSpec& spec, report::Language language,
                            std::string_view format) {
  if (spec.languages.empty() || language == spec.languages.front()) return std::string(format);
  return std::string(format) + ":" + std::string(report::to_string(language));
}

Result<OrderSpec> spec_from_json(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  auto bad = [](std::string why) {
    return fail(ErrorKind::invalid_argument, "order spec: " + why, "Invalid order: " + why + ".");
  };
  if (!doc.is_object()) return bad("the body must be a JSON object");
  OrderSpec spec;
  const auto vins = doc.find("vins");
  if (vins == doc.end() || !vins->is_array() || vins->empty()) return bad("vins must be a list");
  for (const json& item : *vins) {
    if (!item.is_string()) return bad("every VIN must be a string");
    auto vin = Vin::parse(item.get<std::string>());
    if (!vin) return bad("a VIN is not valid");
    if (std::find(spec.vins.begin(), spec.vins.end(), vin->str()) == spec.vins.end()) {
      spec.vins.push_back(vin->str());
    }
  }
  // A field of the wrong JSON type is the client's error (400 naming it), never an exception.
  auto text_field = [&doc](const char* name, const char* fallback) -> std::optional<std::string> {
    const auto it = doc.find(name);
    if (it == doc.end()) return std::string(fallback);
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto package_text = text_field("package", "basic");
  const auto package = package_text ? snapshot::parse_package(*package_text) : std::nullopt;
  if (!package) return bad("package must be one of the strings basic, pro or expert");
  spec.package = *package;
  const char* const one_of = "one of the strings en, fi, sv, no, da, de, fr, es, it";
  const auto language_text = text_field("language", "en");
  const auto language = language_text ? report::parse_language(*language_text) : std::nullopt;
  if (!language) return bad(std::string("language must be ") + one_of);
  // `languages` lists every report language; `language`, when also given, comes first.
  spec.languages = {*language};
  if (const auto list = doc.find("languages"); list != doc.end()) {
    if (!list->is_array() || list->empty()) return bad("languages must be a list of languages");
    if (!doc.contains("language")) spec.languages.clear();
    for (const json& item : *list) {
      const auto code =
          item.is_string() ? report::parse_language(item.get<std::string>()) : std::nullopt;
      if (!code) return bad(std::string("every language must be ") + one_of);
      if (std::find(spec.languages.begin(), spec.languages.end(), *code) == spec.languages.end()) {
        spec.languages.push_back(*code);
      }
    }
  }
  spec.language = spec.languages.front();
  // The reports' time zone, when given, must be one ICU knows: a typo is the client's error.
  if (const auto zone = doc.find("time_zone"); zone != doc.end() && !zone->is_null()) {
    if (!zone->is_string() || !report::is_known_time_zone(zone->get<std::string>())) {
      return bad("time_zone must be an IANA time zone name such as Europe/Helsinki");
    }
    spec.time_zone = zone->get<std::string>();
  }
  return spec;
}

}  // namespace cpt::service
