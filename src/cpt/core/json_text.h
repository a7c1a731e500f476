// Text-level helpers of the tolerant JSON reader (internal to core/): repairs applied to JSON text
// before parsing, and the conversions of Tesla's loosely typed scalars ("42", "true", "<invalid>",
// epoch seconds or milliseconds). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/time.h"

namespace cpt::json_text {

// Length of a well-formed UTF-8 sequence starting at `s[i]`, or the length of its maximal
// ill-formed subpart (at least 1) negated.
int utf8_sequence(std::string_view s, std::size_t i);
// `text` with every number too large for a double or an int64 quoted as a string (so it stays
// exact); nullopt when nothing needed quoting.
std::optional<std::string> quote_out_of_range_numbers(std::string_view text);

// Tesla's "no value" spellings: "<invalid>", "" and blank text.
bool is_placeholder(std::string_view s);
// A finite number written as text (surrounding blanks and a leading '+' allowed).
std::optional<double> parse_double_text(std::string_view text);
// `d` when it is integral and within int64.
std::optional<std::int64_t> integral_double(double d);
// An integer written as text, or an integral number in any notation ("1e3").
std::optional<std::int64_t> parse_int_text(std::string_view text);
// true/false in any case, or 1/0.
std::optional<bool> parse_bool_text(std::string_view text);
// The shortest text that reads back as `d`.
std::string number_text(double d);
// `ts` when it lies within years 1900..9999 (other values are not real data).
std::optional<Timestamp> checked(Timestamp ts);
// Epoch seconds (below 1e11) or milliseconds.
std::optional<Timestamp> timestamp_from_double(double d);
// Epoch seconds or milliseconds as text, or ISO 8601.
std::optional<Timestamp> timestamp_from_text(std::string_view text);

}  // namespace cpt::json_text
