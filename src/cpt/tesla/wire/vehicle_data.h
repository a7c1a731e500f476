// Tolerant parser for GET /api/1/vehicles/{vin}/vehicle_data (any subset of blocks; drive_state is
// often missing). Fails (ErrorKind::malformed) only when the body is not JSON or its payload is not
// an object. Thread-safe (state per call).
#pragma once

#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/vehicle_data.h"

namespace cpt::tesla::wire {

// `{"response": {root fields, "charge_state": {...}, ...}}` (or the bare object).
Result<Parsed<VehicleData>> parse_vehicle_data(std::string_view body);

}  // namespace cpt::tesla::wire
