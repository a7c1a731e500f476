#include "cpt/tesla/model/charging.h"

namespace cpt::tesla {

std::optional<Money> ChargingFee::money(const std::optional<double>& amount) const {
  if (!amount || !currency_code) return std::nullopt;
  auto converted = Money::from_double(*currency_code, *amount);
  if (!converted) return std::nullopt;
  return *converted;
}

bool add_checked(MoneyTotals& totals, const Money& amount) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(totals.total(amount.currency).minor, amount.minor, &sum)) return false;
  totals.add(amount);
  return true;
}

MoneyTotals ChargingSession::total_due() const {
  MoneyTotals totals;
  for (const auto& fee : fees) {
    if (auto amount = fee.total_due_money()) add_checked(totals, *amount);
  }
  return totals;
}

}  // namespace cpt::tesla
