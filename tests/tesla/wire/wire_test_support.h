// Helpers for the wire tests: reading the public fixtures and the seed's documented examples.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cpt/core/json_reader.h"

namespace cpt::tesla::wire::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A file under tests/data/public/, e.g. "home-assistant/vehicle_data.json".
inline std::string fixture(const std::string& name) {
  return read_text(std::string(CPT_TEST_DATA_DIR) + "/public/" + name);
}

// A documented example under tests/data/seed/, e.g. "warranty.json".
inline std::string seed(const std::string& name) {
  return read_text(std::string(CPT_TEST_DATA_DIR) + "/seed/" + name);
}

// The parsed value of a result that must have succeeded.
template <class T>
Parsed<T> must(Result<Parsed<T>> result) {
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
  return result ? std::move(*result) : Parsed<T>{};
}

}  // namespace cpt::tesla::wire::testing
