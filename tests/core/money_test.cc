#include "cpt/core/money.h"

#include <gtest/gtest.h>

namespace cpt {
namespace {

TEST(Money, ParsesDecimalTextExactly) {
  EXPECT_EQ(Money::from_decimal("USD", "18.4").value(), (Money{"USD", 1840}));
  EXPECT_EQ(Money::from_decimal("eur", "0.05").value(), (Money{"EUR", 5}));
  EXPECT_EQ(Money::from_decimal("EUR", "-12").value(), (Money{"EUR", -1200}));
  EXPECT_EQ(Money::from_decimal("JPY", "1500").value(), (Money{"JPY", 1500}));
  EXPECT_EQ(Money::from_decimal("KWD", "1.2345").value(), (Money{"KWD", 1235}));
}

TEST(Money, RoundsExtraDecimalsHalfAwayFromZero) {
  EXPECT_EQ(Money::from_decimal("EUR", "0.125").value().minor, 13);
  EXPECT_EQ(Money::from_decimal("EUR", "0.124").value().minor, 12);
  EXPECT_EQ(Money::from_decimal("EUR", "-0.125").value().minor, -13);
}

TEST(Money, RejectsNonNumbersAndBadCurrencies) {
  EXPECT_FALSE(Money::from_decimal("EUR", "").has_value());
  EXPECT_FALSE(Money::from_decimal("EUR", "1.2.3").has_value());
  EXPECT_FALSE(Money::from_decimal("EUR", "12a").has_value());
  EXPECT_FALSE(Money::from_decimal("EURO", "1").has_value());
  EXPECT_FALSE(Money::from_decimal("E1R", "1").has_value());
  EXPECT_FALSE(Money::from_decimal("EUR", "99999999999999999999999").has_value());
}

TEST(Money, FromDoubleRoundsToMinorUnits) {
  // 0.1 + 0.2 style binary noise must not leak into cents.
  EXPECT_EQ(Money::from_double("USD", 0.46 * 40).value().minor, 1840);
  EXPECT_EQ(Money::from_double("EUR", 9.96).value().minor, 996);
  EXPECT_EQ(Money::from_double("JPY", 1499.6).value().minor, 1500);
  EXPECT_FALSE(Money::from_double("USD", 1e300).has_value());
}

TEST(Money, FormatsWithCurrencyDecimals) {
  EXPECT_EQ((Money{"USD", 1840}).to_decimal(), "18.40");
  EXPECT_EQ((Money{"EUR", 5}).to_decimal(), "0.05");
  EXPECT_EQ((Money{"EUR", -5}).to_decimal(), "-0.05");
  EXPECT_EQ((Money{"JPY", 1500}).to_decimal(), "1500");
  EXPECT_EQ((Money{"KWD", 1235}).to_decimal(), "1.235");
}

TEST(Money, TotalsNeverMixCurrencies) {
  MoneyTotals totals;
  totals.add({"USD", 1840});
  totals.add({"EUR", 996});
  totals.add({"USD", 0});
  totals.add({"USD", 250});
  EXPECT_EQ(totals.total("USD").minor, 2090);
  EXPECT_EQ(totals.total("EUR").minor, 996);
  EXPECT_EQ(totals.total("NOK").minor, 0);
  EXPECT_EQ(totals.by_currency().size(), 2u);
}

}  // namespace
}  // namespace cpt
