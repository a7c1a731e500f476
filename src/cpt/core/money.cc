#include "cpt/core/money.h"

#include <array>
#include <cctype>
#include <cmath>
#include <limits>

namespace cpt {
namespace {

struct ExponentEntry {
  std::string_view code;
  int exponent;
};

// Currencies whose minor unit is not 1/100 (ISO 4217).
constexpr std::array kExponents = {
    ExponentEntry{"BHD", 3}, ExponentEntry{"CLP", 0}, ExponentEntry{"IQD", 3},
    ExponentEntry{"ISK", 0}, ExponentEntry{"JOD", 3}, ExponentEntry{"JPY", 0},
    ExponentEntry{"KRW", 0}, ExponentEntry{"KWD", 3}, ExponentEntry{"LYD", 3},
    ExponentEntry{"OMR", 3}, ExponentEntry{"PYG", 0}, ExponentEntry{"TND", 3},
    ExponentEntry{"UGX", 0}, ExponentEntry{"VND", 0}, ExponentEntry{"XAF", 0},
    ExponentEntry{"XOF", 0},
};

std::int64_t pow10(int exponent) {
  std::int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

Result<std::string> normalize_currency(std::string_view currency) {
  if (currency.size() != 3) {
    return fail(ErrorKind::invalid_argument, "currency code must have 3 letters");
  }
  std::string code(currency);
  for (char& c : code) {
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      return fail(ErrorKind::invalid_argument, "currency code must be letters");
    }
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return code;
}

}  // namespace

int currency_exponent(std::string_view currency) {
  for (const auto& entry : kExponents) {
    if (entry.code == currency) return entry.exponent;
  }
  return 2;
}

Result<Money> Money::from_decimal(std::string_view currency, std::string_view text) {
  auto code = normalize_currency(currency);
  if (!code) return fail(code.error());
  const int exponent = currency_exponent(*code);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return fail(ErrorKind::invalid_argument, "empty amount");
  std::int64_t units = 0;
  int decimals_seen = 0;
  bool in_fraction = false;
  bool round_up = false;
  bool any_digit = false;
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 10 - 10;
  for (char c : text) {
    if (c == '.') {
      if (in_fraction) return fail(ErrorKind::invalid_argument, "amount has two decimal points");
      in_fraction = true;
      continue;
    }
    if (c < '0' || c > '9') return fail(ErrorKind::invalid_argument, "amount is not a number");
    any_digit = true;
    if (in_fraction && decimals_seen >= exponent) {
      if (decimals_seen == exponent) round_up = c >= '5';
      ++decimals_seen;
      continue;
    }
    if (units > kLimit) return fail(ErrorKind::invalid_argument, "amount is too large");
    units = units * 10 + (c - '0');
    if (in_fraction) ++decimals_seen;
  }
  if (!any_digit) return fail(ErrorKind::invalid_argument, "amount has no digits");
  for (int i = std::min(decimals_seen, exponent); i < exponent; ++i) units *= 10;
  if (round_up) ++units;
  return Money{*code, negative ? -units : units};
}

Result<Money> Money::from_double(std::string_view currency, double amount) {
  auto code = normalize_currency(currency);
  if (!code) return fail(code.error());
  if (!std::isfinite(amount) || std::fabs(amount) >= 1e13) {
    return fail(ErrorKind::invalid_argument, "amount is not a finite number in range");
  }
  const double scaled = amount * static_cast<double>(pow10(currency_exponent(*code)));
  return Money{*code, std::llround(scaled)};
}

std::string Money::to_decimal() const {
  const int exponent = currency_exponent(currency);
  const std::int64_t scale = pow10(exponent);
  // Work in unsigned to keep INT64_MIN well defined.
  const bool negative = minor < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(minor + 1)) + 1 : static_cast<std::uint64_t>(minor);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / static_cast<std::uint64_t>(scale));
  if (exponent > 0) {
    std::string fraction = std::to_string(magnitude % static_cast<std::uint64_t>(scale));
    out += '.';
    out.append(static_cast<std::size_t>(exponent) - fraction.size(), '0');
    out += fraction;
  }
  return out;
}

void MoneyTotals::add(const Money& amount) { minor_by_currency_[amount.currency] += amount.minor; }

Money MoneyTotals::total(std::string_view currency) const {
  auto it = minor_by_currency_.find(std::string(currency));
  return Money{std::string(currency), it == minor_by_currency_.end() ? 0 : it->second};
}

}  // namespace cpt
