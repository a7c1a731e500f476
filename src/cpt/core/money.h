// Money: an amount in one currency, held as integer minor units (never a double).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt {

// Decimal places of an ISO 4217 currency's minor unit (JPY 0, EUR 2, KWD 3); 2 when unknown.
int currency_exponent(std::string_view currency);

// An amount of money. `minor` counts the currency's minor units (cents for USD, yen for JPY).
// Value type; thread-safe.
struct Money {
  std::string currency;  // ISO 4217, upper case ("EUR")
  std::int64_t minor = 0;

  // Exact parse of a decimal text such as "18.4", "-0.05" or "12"; more decimals than the
  // currency has are rounded half away from zero.
  static Result<Money> from_decimal(std::string_view currency, std::string_view text);
  // From a JSON number that arrived as a double (Tesla sends fees as JSON numbers): rounded half
  // away from zero to the currency's minor unit. Exact for any amount below 10^13.
  static Result<Money> from_double(std::string_view currency, double amount);

  // "18.40", with the currency's number of decimals and no thousands separator.
  std::string to_decimal() const;

  friend bool operator==(const Money&, const Money&) = default;
};

// Adds amounts per currency; never mixes currencies. Not thread-safe.
class MoneyTotals {
 public:
  void add(const Money& amount);
  const std::map<std::string, std::int64_t>& by_currency() const { return minor_by_currency_; }
  Money total(std::string_view currency) const;
  bool empty() const { return minor_by_currency_.empty(); }

 private:
  std::map<std::string, std::int64_t> minor_by_currency_;
};

}  // namespace cpt
