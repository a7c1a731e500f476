// A small checker of responses against the service's OpenAPI 3.1 document: the operation
// exists, the status is declared, the content type is declared, and JSON bodies match the schema
// for the keywords the document uses (type incl. unions, required, properties, items, enum, $ref).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cpt::service::testing {

class OpenApiCheck {
 public:
  explicit OpenApiCheck(nlohmann::json document) : doc_(std::move(document)) {}

  // Problems found with one response (empty: it conforms).
  std::vector<std::string> check(const std::string& method, const std::string& path, int status,
                                 const std::string& content_type, const std::string& body) const;

 private:
  const nlohmann::json* find_operation(const std::string& method, const std::string& path) const;
  void check_schema(const nlohmann::json& schema, const nlohmann::json& value,
                    const std::string& where, std::vector<std::string>& problems) const;
  nlohmann::json doc_;
};

}  // namespace cpt::service::testing
