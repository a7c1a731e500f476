// Tolerant parser for GET /api/1/vehicles/{vin}/specs (partner token). Quantities sent as text with
// units ("100%", "82.3kWh", "571 km") are kept as text and parsed into numbers beside it. Fails
// (ErrorKind::malformed) only when the body is not JSON or its payload is not an object.
// Thread-safe (state per call).
#pragma once

#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/specs.h"

namespace cpt::tesla::wire {

Result<Parsed<VehicleSpecs>> parse_specs(std::string_view body);

}  // namespace cpt::tesla::wire
