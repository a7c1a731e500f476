// A validator for the subset of JSON Schema (draft 2020-12) that docs/report-schema.json uses:
// type, const, enum, properties, required, additionalProperties (false), items, oneOf, $ref
// (#/$defs/...), minimum, minLength, pattern. Any other validation keyword is reported as
// unsupported, so the schema cannot silently outgrow the checker. Test-only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cpt::report::testing {

// Every violation as "<json pointer>: <what>"; empty when the instance is valid.
std::vector<std::string> validate_json_schema(const nlohmann::json& schema,
                                              const nlohmann::json& instance);

}  // namespace cpt::report::testing
