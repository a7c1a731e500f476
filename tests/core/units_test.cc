#include "cpt/core/units.h"

#include <gtest/gtest.h>

namespace cpt::units {
namespace {

TEST(Units, DistanceTemperaturePressure) {
  EXPECT_DOUBLE_EQ(miles_to_km(100.0), 160.9344);
  EXPECT_NEAR(km_to_miles(571.0), 354.80, 0.01);
  EXPECT_DOUBLE_EQ(celsius_to_fahrenheit(-40.0), -40.0);
  EXPECT_DOUBLE_EQ(celsius_to_fahrenheit(21.5), 70.7);
  EXPECT_NEAR(fahrenheit_to_celsius(70.7), 21.5, 1e-9);
  EXPECT_NEAR(bar_to_psi(2.9), 42.06, 0.01);
  EXPECT_NEAR(psi_to_bar(42.0), 2.896, 0.001);
  EXPECT_DOUBLE_EQ(bar_to_kpa(2.75), 275.0);
}

}  // namespace
}  // namespace cpt::units
