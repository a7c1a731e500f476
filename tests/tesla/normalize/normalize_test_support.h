// Helpers for the normalize tests: the fixture readers of the wire tests, a fixed fetch time, and
// a snapshot whose results look like the acquire layer prepared them.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "cpt/core/time.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/tesla/normalize.h"
#include "tesla/wire/wire_test_support.h"

namespace cpt::tesla::normalize::testing {

using wire::testing::fixture;
using wire::testing::seed;

// The VIN of the Home Assistant fixtures and of the seed examples.
inline constexpr const char* kHaVin = "LRWXF7EK4KC700000";
inline constexpr const char* kSeedVin = "TEST00000000VIN01";

// 2024-01-20T12:00:00Z.
inline Timestamp fetch_time() {
  return from_epoch_seconds(1705752000);
}

// Runs fill_snapshot on a fresh snapshot.
inline snapshot::VehicleSnapshot filled(const VehiclePayloads& payloads) {
  snapshot::VehicleSnapshot snap;
  fill_snapshot(payloads, snap, fetch_time());
  return snap;
}

// The module's data, failing the test when it is absent.
template <class T>
const T& data_of(const snapshot::Module<T>& module) {
  static const T kNone{};
  EXPECT_TRUE(module.data.has_value()) << "module has no data";
  return module.data ? *module.data : kNone;
}

}  // namespace cpt::tesla::normalize::testing
