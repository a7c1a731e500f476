#include "cpt/service/request_bodies.h"

#include <nlohmann/json.hpp>

namespace cpt::service {

std::optional<report::Language> language_from_body(std::string_view body) {
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  const auto language = doc.find("language");
  if (language == doc.end() || !language->is_string()) return std::nullopt;
  return report::parse_language(language->get<std::string>());
}

}  // namespace cpt::service
