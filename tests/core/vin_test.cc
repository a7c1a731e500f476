#include "cpt/core/vin.h"

#include <gtest/gtest.h>

namespace cpt {
namespace {

// 5YJ3E1EA2KF317000 is a well-formed Fremont Model 3 VIN whose check digit (2) is correct.
constexpr std::string_view kFremontModel3 = "5YJ3E1EA2KF317000";

TEST(Vin, AcceptsValidNorthAmericanVinAndDecodesIt) {
  auto vin = Vin::parse(kFremontModel3);
  ASSERT_TRUE(vin.has_value()) << vin.error().describe();
  EXPECT_TRUE(vin->check_digit_verified());
  EXPECT_EQ(vin->model_year(2026), 2019);  // 'K'
  EXPECT_EQ(vin->tesla_model(), "Model 3");
  EXPECT_EQ(vin->tesla_plant(), "Fremont, California, USA");
  ASSERT_TRUE(vin->manufacturer().has_value());
  EXPECT_EQ(vin->manufacturer()->name, "Tesla, Inc.");
  EXPECT_EQ(vin->manufacturer()->country, "US");
}

TEST(Vin, RejectsWrongCheckDigitOnNorthAmericanVin) {
  auto vin = Vin::parse("5YJ3E1EA8KF317000");
  ASSERT_FALSE(vin.has_value());
  EXPECT_EQ(vin.error().kind, ErrorKind::invalid_argument);
  // Safe to log: only the suffix, never the whole VIN.
  EXPECT_EQ(vin.error().log_message.find("5YJ3E1EA8"), std::string::npos);
  EXPECT_NE(vin.error().log_message.find("7000"), std::string::npos);
}

TEST(Vin, ChineseAndGermanVinsSkipTheCheckDigit) {
  auto shanghai = Vin::parse("LRW3F7EK4NC700000");  // the Home Assistant fixture's VIN
  ASSERT_TRUE(shanghai.has_value());
  EXPECT_FALSE(shanghai->check_digit_verified());
  EXPECT_EQ(shanghai->model_year(2026), 2022);  // 'N'
  EXPECT_EQ(shanghai->manufacturer()->country, "CN");
  EXPECT_EQ(shanghai->tesla_plant(), "Shanghai, China");
  auto berlin = Vin::parse("XP7YGCEK5PB000001");
  ASSERT_TRUE(berlin.has_value());
  EXPECT_EQ(berlin->tesla_model(), "Model Y");
  EXPECT_EQ(berlin->model_year(2026), 2023);
  EXPECT_EQ(berlin->manufacturer()->country, "DE");
}

TEST(Vin, RejectsWrongLengthAndForbiddenLetters) {
  EXPECT_FALSE(Vin::parse("5YJ3E1EA7KF31700").has_value());
  EXPECT_FALSE(Vin::parse("5YJ3E1EA2KF3170001").has_value());
  EXPECT_FALSE(Vin::parse("LRW3F7EK4NC7O0000").has_value());  // letter O
  EXPECT_FALSE(Vin::parse("LRW3F7EK4NC7I0000").has_value());  // letter I
  EXPECT_FALSE(Vin::parse("LRW3F7EK4NC7Q0000").has_value());  // letter Q
  EXPECT_FALSE(Vin::parse("LRW3F7EK4NC7-0000").has_value());
  EXPECT_FALSE(Vin::parse("").has_value());
}

TEST(Vin, NormalizesCaseAndWhitespace) {
  auto vin = Vin::parse("  5yj3e1ea2kf317000\n");
  ASSERT_TRUE(vin.has_value());
  EXPECT_EQ(vin->str(), kFremontModel3);
}

TEST(Vin, MaskedAndSuffixForms) {
  auto vin = Vin::parse("LRW3F7EK4NC701234").value();
  EXPECT_EQ(vin.masked(), "LRW\u20261234");
  EXPECT_EQ(vin.suffix(), "1234");
}

TEST(Vin, ModelYearCycleUsesReferenceYear) {
  // Position 10 'A' is 2010 (and 1980, 2040): the latest not after reference + 1.
  auto vin = Vin::parse("LRW3F7EK4AC700000").value();
  EXPECT_EQ(vin.model_year(2026), 2010);
  EXPECT_EQ(vin.model_year(2039), 2040);
  auto roadster = Vin::parse("SFZRE11B18A000001").value();  // '8' is 2008
  EXPECT_EQ(roadster.model_year(2026), 2008);
  EXPECT_EQ(roadster.tesla_model(), "Roadster");
  auto no_year = Vin::parse("LRW3F7EK4UC700000").value();  // 'U' never codes a year
  EXPECT_FALSE(no_year.model_year(2026).has_value());
}

TEST(Vin, CheckDigitComputation) {
  EXPECT_EQ(vin_check_digit("5YJ3E1EA2KF317000"), '2');
  EXPECT_EQ(vin_check_digit("11111111111111111"), '1');
  EXPECT_EQ(vin_check_digit("1M8GDM9AXKP042788"), 'X');  // the textbook example VIN
  EXPECT_FALSE(vin_check_digit("short").has_value());
  EXPECT_TRUE(vin_check_digit_applies("5YJ"));
  EXPECT_TRUE(vin_check_digit_applies("7SA"));
  EXPECT_FALSE(vin_check_digit_applies("LRW"));
  EXPECT_FALSE(vin_check_digit_applies("XP7"));
}

TEST(Vin, UnknownMakerHasNoTeslaFacts) {
  auto vin = Vin::parse("WVWZZZ1JZXW000001").value();
  EXPECT_FALSE(vin.manufacturer().has_value());
  EXPECT_FALSE(vin.tesla_model().has_value());
  EXPECT_FALSE(vin.tesla_plant().has_value());
}

}  // namespace
}  // namespace cpt
