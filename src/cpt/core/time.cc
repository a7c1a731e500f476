#include "cpt/core/time.h"

#include <cstdio>

namespace cpt {
namespace {

using namespace std::chrono;

bool read_digits(std::string_view& text, std::size_t count, int& out) {
  if (text.size() < count) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  text.remove_prefix(count);
  return true;
}

bool consume(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

Error bad_time(std::string_view why) {
  return make_error(ErrorKind::malformed, "invalid ISO-8601 timestamp: " + std::string(why));
}

}  // namespace

std::int64_t Timestamp::epoch_seconds() const {
  return floor<seconds>(utc).time_since_epoch().count();
}

Timestamp from_epoch_seconds(std::int64_t value) { return {SysMillis(milliseconds(value * 1000)), {}}; }

Timestamp from_epoch_millis(std::int64_t value) { return {SysMillis(milliseconds(value)), {}}; }

Timestamp from_epoch_auto(std::int64_t value) {
  constexpr std::int64_t kMillisThreshold = 100'000'000'000;
  if (value >= kMillisThreshold || value <= -kMillisThreshold) return from_epoch_millis(value);
  return from_epoch_seconds(value);
}

Timestamp from_seconds_nanos(std::int64_t secs, std::int64_t nanos) {
  return {SysMillis(milliseconds(secs * 1000 + nanos / 1'000'000)), {}};
}

Result<Timestamp> parse_iso8601(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, 4, year) || !consume(text, '-') || !read_digits(text, 2, month) ||
      !consume(text, '-') || !read_digits(text, 2, day)) {
    return std::unexpected(bad_time("expected YYYY-MM-DD"));
  }
  const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::unexpected(bad_time("no such calendar date"));
  SysMillis utc = time_point_cast<milliseconds>(sys_days(date));
  if (text.empty()) return Timestamp{utc, {}};
  if (!consume(text, 'T') && !consume(text, 't') && !consume(text, ' ')) {
    return std::unexpected(bad_time("expected 'T' after the date"));
  }
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 2, hour) || !consume(text, ':') || !read_digits(text, 2, minute)) {
    return std::unexpected(bad_time("expected hh:mm"));
  }
  if (consume(text, ':') && !read_digits(text, 2, second)) {
    return std::unexpected(bad_time("expected seconds"));
  }
  if (hour > 23 || minute > 59 || second > 60) return std::unexpected(bad_time("time out of range"));
  std::int64_t millis = 0;
  if (consume(text, '.') || consume(text, ',')) {
    int digits = 0;
    while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
      if (digits < 3) millis = millis * 10 + (text.front() - '0');
      ++digits;
      text.remove_prefix(1);
    }
    if (digits == 0) return std::unexpected(bad_time("empty fraction"));
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  utc += hours(hour) + minutes(minute) + seconds(second) + milliseconds(millis);
  std::optional<int> offset;
  if (consume(text, 'Z') || consume(text, 'z')) {
    offset = 0;
  } else if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    const int sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
    int off_h = 0, off_m = 0;
    if (!read_digits(text, 2, off_h)) return std::unexpected(bad_time("bad UTC offset"));
    consume(text, ':');
    if (!text.empty() && !read_digits(text, 2, off_m)) {
      return std::unexpected(bad_time("bad UTC offset minutes"));
    }
    if (off_h > 18 || off_m > 59) return std::unexpected(bad_time("UTC offset out of range"));
    offset = sign * (off_h * 60 + off_m);
    utc -= minutes(*offset);
  }
  if (!text.empty()) return std::unexpected(bad_time("unexpected trailing text"));
  return Timestamp{utc, offset};
}

std::string format_iso8601(const Timestamp& ts) {
  const int offset = ts.offset_minutes.value_or(0);
  const SysMillis local = ts.utc + minutes(offset);
  const auto day_point = floor<days>(local);
  const year_month_day date{day_point};
  const hh_mm_ss<milliseconds> tod{local - day_point};
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                        static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                        static_cast<int>(tod.seconds().count()));
  std::string out(buf, static_cast<std::size_t>(n));
  if (tod.subseconds().count() != 0) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(tod.subseconds().count()));
    out += buf;
  }
  if (!ts.offset_minutes || *ts.offset_minutes == 0) {
    out += 'Z';
  } else {
    const int abs_off = offset < 0 ? -offset : offset;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', abs_off / 60, abs_off % 60);
    out += buf;
  }
  return out;
}

}  // namespace cpt
