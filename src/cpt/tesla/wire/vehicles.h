// Tolerant parsers for the vehicle inventory: GET /api/1/vehicles, GET /api/1/vehicles/{vin} and
// GET /api/1/products. Each fails (ErrorKind::malformed) only when the body is not JSON or its
// payload has a hopeless shape; everything else becomes warnings. Thread-safe (state per call).
#pragma once

#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/products.h"
#include "cpt/tesla/model/vehicles.h"

namespace cpt::tesla::wire {

// `{"response": [...], "pagination": {...}, "count": N}` (or a bare list).
Result<Parsed<VehicleList>> parse_vehicles(std::string_view body);
// `{"response": {...}}` (or the bare object).
Result<Parsed<Vehicle>> parse_vehicle(std::string_view body);
// `{"response": [vehicles and energy sites], "count": N}`.
Result<Parsed<Products>> parse_products(std::string_view body);

}  // namespace cpt::tesla::wire
