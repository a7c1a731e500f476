// JSON request bodies the service reads besides the order spec (orders.h: spec_from_json): pure
// parsers, so this outside input can be tested and fuzzed without a server.
#pragma once

#include <optional>
#include <string_view>

#include "cpt/report/catalog.h"

namespace cpt::service {

// POST /sessions/{id}/languages {"language": "de"}: the language asked for; nullopt for a body
// that is not such an object or names a language the reports are not written in.
std::optional<report::Language> language_from_body(std::string_view body);

}  // namespace cpt::service
