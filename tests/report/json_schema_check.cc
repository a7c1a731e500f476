#include "report/json_schema_check.h"

#include <regex>
#include <set>

namespace cpt::report::testing {
namespace {

using nlohmann::json;

const std::set<std::string> kAnnotations = {"$id", "$defs", "$schema", "title", "description"};
const std::set<std::string> kKeywords = {
    "type",  "const", "enum", "properties", "required",  "additionalProperties",
    "items", "oneOf", "$ref", "minimum",    "minLength", "pattern"};

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  void check(const json& schema, const json& value, const std::string& path,
             std::vector<std::string>& errors) const {
    for (const auto& [keyword, unused] : schema.items()) {
      if (!kKeywords.contains(keyword) && !kAnnotations.contains(keyword)) {
        errors.push_back(path + ": unsupported schema keyword " + keyword);
      }
    }
    if (schema.contains("$ref")) check(resolve(schema["$ref"]), value, path, errors);
    if (schema.contains("type") && !type_matches(schema["type"], value)) {
      errors.push_back(path + ": expected type " + schema["type"].dump() + ", got " +
                       value.type_name());
      return;
    }
    if (schema.contains("const") && schema["const"] != value) {
      errors.push_back(path + ": expected " + schema["const"].dump());
    }
    if (schema.contains("enum")) check_enum(schema["enum"], value, path, errors);
    if (value.is_object()) check_object(schema, value, path, errors);
    if (value.is_array() && schema.contains("items")) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        check(schema["items"], value[i], path + "/" + std::to_string(i), errors);
      }
    }
    if (value.is_number() && schema.contains("minimum") &&
        value.get<double>() < schema["minimum"].get<double>()) {
      errors.push_back(path + ": below minimum");
    }
    if (value.is_string()) check_string(schema, value.get<std::string>(), path, errors);
    if (schema.contains("oneOf")) check_one_of(schema["oneOf"], value, path, errors);
  }

 private:
  const json& resolve(const json& ref) const {
    const std::string text = ref.get<std::string>();
    return root_.at(json::json_pointer(text.substr(1)));  // "#/$defs/x" -> "/$defs/x"
  }

  static bool type_matches(const json& type, const json& value) {
    if (type.is_array()) {
      for (const auto& t : type) {
        if (type_matches(t, value)) return true;
      }
      return false;
    }
    const std::string t = type.get<std::string>();
    if (t == "null") return value.is_null();
    if (t == "boolean") return value.is_boolean();
    if (t == "object") return value.is_object();
    if (t == "array") return value.is_array();
    if (t == "string") return value.is_string();
    if (t == "number") return value.is_number();
    if (t == "integer") return value.is_number_integer();
    return false;
  }

  static void check_enum(const json& options, const json& value, const std::string& path,
                         std::vector<std::string>& errors) {
    for (const auto& option : options) {
      if (option == value) return;
    }
    errors.push_back(path + ": " + value.dump() + " is not one of " + options.dump());
  }

  void check_object(const json& schema, const json& value, const std::string& path,
                    std::vector<std::string>& errors) const {
    if (schema.contains("required")) {
      for (const auto& name : schema["required"]) {
        if (!value.contains(name.get<std::string>())) {
          errors.push_back(path + ": missing " + name.get<std::string>());
        }
      }
    }
    const json* properties = schema.contains("properties") ? &schema["properties"] : nullptr;
    for (const auto& [name, member] : value.items()) {
      if (properties && properties->contains(name)) {
        check((*properties)[name], member, path + "/" + name, errors);
      } else if (schema.contains("additionalProperties") &&
                 schema["additionalProperties"] == false) {
        errors.push_back(path + ": unexpected member " + name);
      }
    }
  }

  static void check_string(const json& schema, const std::string& text, const std::string& path,
                           std::vector<std::string>& errors) {
    if (schema.contains("minLength") && text.size() < schema["minLength"].get<std::size_t>()) {
      errors.push_back(path + ": shorter than minLength");
    }
    if (schema.contains("pattern") &&
        !std::regex_search(text, std::regex(schema["pattern"].get<std::string>()))) {
      errors.push_back(path + ": \"" + text + "\" does not match " +
                       schema["pattern"].get<std::string>());
    }
  }

  void check_one_of(const json& options, const json& value, const std::string& path,
                    std::vector<std::string>& errors) const {
    int matches = 0;
    for (const auto& option : options) {
      std::vector<std::string> sub;
      check(option, value, path, sub);
      matches += sub.empty() ? 1 : 0;
    }
    if (matches != 1) {
      errors.push_back(path + ": matches " + std::to_string(matches) + " oneOf alternatives");
    }
  }

  const json& root_;
};

}  // namespace

std::vector<std::string> validate_json_schema(const json& schema, const json& instance) {
  std::vector<std::string> errors;
  Validator(schema).check(schema, instance, "", errors);
  return errors;
}

}  // namespace cpt::report::testing
