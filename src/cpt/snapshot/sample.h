// Rich, deterministic example snapshots for demos, tests and benchmarks (no network involved).
#pragma once

#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::snapshot {

// A 2023 Model 3 Long Range sold in Finland: km, degrees Celsius, bar; an expert-package order
// with every module fetched; 24 Supercharger sessions in EUR, SEK and NOK with invoices.
VehicleSnapshot sample_eu_model3();

// A 2023 Model Y from Fremont in the US: miles, Fahrenheit, psi; a pro-package order; sessions in
// USD and CAD; one invoice download failed; specs not in the package.
VehicleSnapshot sample_us_model_y();

// A snapshot whose every module failed or was unavailable (the car asleep, the API down), with
// only the VIN known: reports must still render.
VehicleSnapshot sample_all_failed();

}  // namespace cpt::snapshot
