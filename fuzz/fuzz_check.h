// Shared oracles for the wire fuzz targets: beyond "no crash", a parsed payload must keep valid
// UTF-8 text and its warnings must not carry a full VIN.
#pragma once

#include <cstdlib>
#include <string_view>

#include "cpt/core/json_reader.h"

namespace cpt::fuzz {

inline void check(bool ok) {
  if (!ok) std::abort();
}

// Lower-case hex of exactly `digits` characters (fingerprints, key ids).
inline bool is_hex(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// A VIN-shaped run (exactly 17 of [0-9A-Z] with a digit) would mean a warning path leaked a VIN;
// the reader masks exactly those.
inline bool has_vin_run(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto vin_char = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); };
    if (!vin_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    bool digit = false;
    while (end < text.size() && vin_char(text[end])) digit |= text[end++] <= '9';
    if (end - i == 17 && digit) return true;
    i = end;
  }
  return false;
}

template <class T>
void check_parsed(const Result<Parsed<T>>& parsed) {
  if (!parsed) {
    check(parsed.error().kind == ErrorKind::malformed);
    return;
  }
  check(repair_utf8(parsed->raw) == parsed->raw);
  for (const auto& warning : parsed->warnings) {
    check(!warning.reason.empty());
    check(!has_vin_run(warning.path));
  }
}

}  // namespace cpt::fuzz
