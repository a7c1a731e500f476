// Reading error responses: parse_error_body understands the Fleet API / OAuth JSON envelope, plain
// text bodies (429 "Retry in N seconds") and empty bodies, and pulls out the 421 base URL, the 412
// region host and the 429 wait. It never fails. Thread-safe (state per call).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpt/tesla/model/errors.h"

namespace cpt::tesla::wire {

// Any error body, as received (a non-JSON text is kept trimmed, at most 4 KiB, valid UTF-8).
ErrorBody parse_error_body(std::string_view body);

// The URL after "use base URL: " in free text, up to a comma, whitespace or quote (a trailing '/'
// or '.' removed); nullopt when the marker or a URL is missing. Not validated: callers check the
// host.
std::optional<std::string> base_url_in(std::string_view text);
// N from "Retry in N seconds" (any case); nullopt when absent or not a number.
std::optional<std::int64_t> retry_seconds_in(std::string_view text);

}  // namespace cpt::tesla::wire
