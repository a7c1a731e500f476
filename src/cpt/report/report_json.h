// The report model as a JSON document (schema in docs/report-schema.md), its canonical form, and
// the signature member. Internal to the report layer; callers use renderers.h.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "cpt/core/error.h"
#include "cpt/report/report_model.h"
#include "cpt/report/signing.h"

namespace cpt::report {

// The unsigned document.
nlohmann::json report_to_json(const Report& report);

// Canonical form: object keys sorted by their UTF-8 bytes, no whitespace, UTF-8 (invalid
// sequences replaced by U+FFFD), numbers as nlohmann writes them (shortest round-trip), and the
// top-level "signature" member left out.
std::string canonical_json(const nlohmann::json& document);

// Adds the "signature" member: ECDSA-P256-SHA256 over canonical_json(document).
Result<void> sign_json(nlohmann::json& document, const SigningKey& key);

}  // namespace cpt::report
