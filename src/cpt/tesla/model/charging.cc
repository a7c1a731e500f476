#include "cpt/tesla/model/charging.h"

namespace cpt::tesla {

std::optional<Money> ChargingFee::money(const std::optional<double>& amount) const {
  if (!amount || !currency_code) return std::nullopt;
  auto converted = Money::from_double(*currency_code, *amount);
  if (!converted) return std::nullopt;
  return *converted;
}

MoneyTotals ChargingSession::total_due() const {
  MoneyTotals totals;
  for (const auto& fee : fees) {
    if (auto amount = fee.total_due_money()) totals.add(*amount);
  }
  return totals;
}

}  // namespace cpt::tesla
