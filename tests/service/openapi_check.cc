#include "openapi_check.h"

#include <regex>

namespace cpt::service::testing {

using nlohmann::json;

namespace {

// "/api/v1/sessions/{id}/reports/{vin}.json" -> a regex where each {param} is one path segment.
std::regex template_regex(const std::string& templ) {
  std::string pattern = "^";
  for (std::size_t i = 0; i < templ.size(); ++i) {
    const char c = templ[i];
    if (c == '{') {
      i = templ.find('}', i);
      pattern += "[^/]+?";
    } else if (std::string(".^$|()[]*+?\\").find(c) != std::string::npos) {
      pattern += '\\';
      pattern += c;
    } else {
      pattern += c;
    }
  }
  return std::regex(pattern + "$");
}

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

}  // namespace

const json* OpenApiCheck::find_operation(const std::string& method, const std::string& path) const {
  std::string lower = method;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string bare = path.substr(0, path.find('?'));
  for (const auto& [templ, item] : doc_["paths"].items()) {
    if (std::regex_match(bare, template_regex(templ)) && item.contains(lower)) {
      return &item[lower];
    }
  }
  return nullptr;
}

void OpenApiCheck::check_schema(const json& schema, const json& value, const std::string& where,
                                std::vector<std::string>& problems) const {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string name = ref.substr(ref.rfind('/') + 1);
    return check_schema(doc_["components"]["schemas"][name], value, where, problems);
  }
  if (schema.contains("type")) {
    const json& type = schema["type"];
    bool ok = false;
    if (type.is_array()) {
      for (const json& t : type) ok = ok || has_type(value, t.get<std::string>());
    } else {
      ok = has_type(value, type.get<std::string>());
    }
    if (!ok) {
      problems.push_back(where + ": expected type " + type.dump() + ", got " +
                         value.dump().substr(0, 120));
      return;
    }
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const json& option : schema["enum"]) found = found || option == value;
    if (!found)
      problems.push_back(where + ": " + value.dump() + " not in " + schema["enum"].dump());
  }
  if (value.is_object()) {
    for (const json& name : schema.value("required", json::array())) {
      if (!value.contains(name.get<std::string>())) {
        problems.push_back(where + ": missing required property " + name.get<std::string>());
      }
    }
    if (schema.contains("properties")) {
      for (const auto& [name, sub] : schema["properties"].items()) {
        if (value.contains(name)) check_schema(sub, value[name], where + "." + name, problems);
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      check_schema(schema["items"], value[i], where + "[" + std::to_string(i) + "]", problems);
    }
  }
}

std::vector<std::string> OpenApiCheck::check(const std::string& method, const std::string& path,
                                             int status, const std::string& content_type,
                                             const std::string& body) const {
  std::vector<std::string> problems;
  const json* operation = find_operation(method, path);
  const std::string what = method + " " + path + " " + std::to_string(status);
  if (operation == nullptr) return {what + ": no such operation in openapi.json"};
  const std::string code = std::to_string(status);
  if (!(*operation)["responses"].contains(code)) return {what + ": status not declared"};
  const json& response = (*operation)["responses"][code];
  if (!response.contains("content")) {
    if (!body.empty() && status != 302) problems.push_back(what + ": body but no content declared");
    return problems;
  }
  if (!response["content"].contains(content_type)) {
    return {what + ": content type '" + content_type + "' not declared"};
  }
  if (content_type == "application/json") {
    const json value = json::parse(body, nullptr, false);
    if (value.is_discarded()) return {what + ": body is not JSON"};
    check_schema(response["content"][content_type]["schema"], value, what, problems);
  }
  return problems;
}

}  // namespace cpt::service::testing
