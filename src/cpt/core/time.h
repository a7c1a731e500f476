// Timestamps as Tesla sends them (epoch s, epoch ms, ISO-8601 with offset, {seconds, nanos}).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt {

using SysMillis = std::chrono::sys_time<std::chrono::milliseconds>;

// An instant, plus the UTC offset it was written with when the source gave one (a charging
// session's local time matters to a report). Value type; thread-safe.
struct Timestamp {
  SysMillis utc{};
  std::optional<int> offset_minutes;  // e.g. -420 for "-07:00"; nullopt for epoch numbers

  std::int64_t epoch_millis() const { return utc.time_since_epoch().count(); }
  std::int64_t epoch_seconds() const;
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

Timestamp from_epoch_seconds(std::int64_t seconds);
Timestamp from_epoch_millis(std::int64_t millis);
// Tesla mixes seconds and milliseconds in integer fields; values at or above 10^11 (year 5138 in
// seconds, 1973 in ms) are read as milliseconds.
Timestamp from_epoch_auto(std::int64_t value);
// Protobuf-style {"seconds": N, "nanos": M}.
Timestamp from_seconds_nanos(std::int64_t seconds, std::int64_t nanos);

// ISO-8601 / RFC 3339: "2023-07-27T11:43:45-07:00", "2021-03-19T22:01:15.101+00:00",
// "2025-10-21T00:00:00Z", "2026-01-15T10:00:00+0200", a space instead of 'T', or a bare date
// "2025-10-21" (midnight UTC). A date-time without an offset is read as UTC and keeps no offset.
Result<Timestamp> parse_iso8601(std::string_view text);

// "2023-07-27T11:43:45-07:00" when a non-zero offset is known, else "2023-07-27T18:43:45Z"; milliseconds
// are written only when non-zero.
std::string format_iso8601(const Timestamp& ts);

}  // namespace cpt
