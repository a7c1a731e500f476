#include "cpt/core/json_text.h"

#include <array>
#include <charconv>
#include <cmath>

namespace cpt::json_text {
namespace {

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

// ---- JSON text repairs ------------------------------------------------------------------------

// Length of a well-formed UTF-8 sequence starting at `s[i]`, or the length of its maximal
// ill-formed subpart (at least 1) negated.
int utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  int length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c == 0xE0) {
    length = 3, low = 0xA0;
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    length = 3;
  } else if (c == 0xED) {
    length = 3, high = 0x9F;  // no UTF-16 surrogates
  } else if (c == 0xF0) {
    length = 4, low = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    length = 4;
  } else if (c == 0xF4) {
    length = 4, high = 0x8F;  // nothing above U+10FFFF
  } else {
    return -1;
  }
  for (int k = 1; k < length; ++k) {
    if (i + static_cast<std::size_t>(k) >= s.size()) return -k;
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    const unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xBF;
    if (b < lo || b > hi) return -k;
  }
  return length;
}

namespace {
bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}
}  // namespace

namespace {
// True when `token` is a JSON number whose value does not fit int64/uint64 (integers) or a finite
// double: simdjson rejects those, and quoting them keeps the rest of the payload readable.
bool out_of_range_number(std::string_view token) {
  const char* first = token.data();
  const char* last = first + token.size();
  const bool integral = token.find_first_of(".eE") == std::string_view::npos;
  if (integral) {
    std::int64_t i = 0;
    auto r = std::from_chars(first, last, i);
    if (r.ec == std::errc{} && r.ptr == last) return false;
    if (token.front() != '-') {
      std::uint64_t u = 0;
      r = std::from_chars(first, last, u);
      if (r.ec == std::errc{} && r.ptr == last) return false;
    }
    return r.ec == std::errc::result_out_of_range;
  }
  double d = 0;
  auto r = std::from_chars(first, last, d);
  return r.ec == std::errc::result_out_of_range && r.ptr == last;
}
}  // namespace

// Wraps out-of-range numbers in quotes; nullopt when there were none (the error lies elsewhere).
std::optional<std::string> quote_out_of_range_numbers(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool in_string = false, changed = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      ++i;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t end = i;
      while (end < text.size() && is_number_char(text[end])) ++end;
      std::string_view token = text.substr(i, end - i);
      if (out_of_range_number(token)) {
        out += '"';
        out += token;
        out += '"';
        changed = true;
      } else {
        out += token;
      }
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  if (!changed) return std::nullopt;
  return out;
}

// ---- scalar conversions -----------------------------------------------------------------------

// Tesla's "no value" spellings: "<invalid>", "" and blank text. Called for every string read, so
// the common case (text without surrounding blanks) costs two character tests.
bool is_placeholder(std::string_view s) {
  if (s.empty()) return true;
  if (!is_space(s.front()) && !is_space(s.back())) return s == "<invalid>";
  const auto t = trim(s);
  return t.empty() || t == "<invalid>";
}

std::optional<double> parse_double_text(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double d = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), d);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || !std::isfinite(d)) {
    return std::nullopt;
  }
  return d;
}

// Integral doubles within int64 (the bounds are exact powers of two, so the comparison is exact).
std::optional<std::int64_t> integral_double(double d) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (!(d >= -kLimit && d < kLimit) || std::trunc(d) != d) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

std::optional<std::int64_t> parse_int_text(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t i = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), i);
  if (r.ec == std::errc{} && r.ptr == text.data() + text.size()) return i;
  if (auto d = parse_double_text(text)) return integral_double(*d);
  return std::nullopt;
}

std::optional<bool> parse_bool_text(std::string_view text) {
  text = trim(text);
  auto equals = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if ((text[i] | 0x20) != word[i]) return false;
    }
    return true;
  };
  if (equals("true") || text == "1") return true;
  if (equals("false") || text == "0") return false;
  return std::nullopt;
}

std::string number_text(double d) {
  std::array<char, 32> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), d);
  return std::string(buf.data(), r.ptr);
}

// Timestamps outside years 1900..9999 are not real data and would overflow calendar arithmetic.
namespace {
constexpr std::int64_t kMinEpochMillis = -2'208'988'800'000;
constexpr std::int64_t kMaxEpochMillis = 253'402'300'799'999;
}  // namespace

std::optional<Timestamp> checked(Timestamp ts) {
  if (ts.epoch_millis() < kMinEpochMillis || ts.epoch_millis() > kMaxEpochMillis)
    return std::nullopt;
  return ts;
}

std::optional<Timestamp> timestamp_from_double(double d) {
  if (!std::isfinite(d) || std::fabs(d) >= 1e15) return std::nullopt;
  if (std::fabs(d) < 1e11) return checked(from_epoch_millis(std::llround(d * 1000.0)));
  return checked(from_epoch_millis(std::llround(d)));
}

std::optional<Timestamp> timestamp_from_text(std::string_view text) {
  text = trim(text);
  const bool numeric = text.find_first_not_of("+-0123456789.eE") == std::string_view::npos;
  if (numeric) {
    if (auto d = parse_double_text(text)) return timestamp_from_double(*d);
    return std::nullopt;
  }
  auto ts = parse_iso8601(text);
  if (!ts) return std::nullopt;
  return checked(*ts);
}

}  // namespace cpt::json_text
