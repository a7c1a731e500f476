#include "cpt/core/vin.h"

#include <array>
#include <cctype>
#include <utility>

namespace cpt {
namespace {

constexpr std::size_t kVinLength = 17;

bool is_vin_char(char c) {
  if (c >= '0' && c <= '9') return true;
  if (c < 'A' || c > 'Z') return false;
  return c != 'I' && c != 'O' && c != 'Q';
}

// ISO 3779 transliteration: letters map to 1-9 skipping I, O, Q.
std::optional<int> transliterate(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  static constexpr std::array<int, 23> kValues = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                                  5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  auto pos = kLetters.find(c);
  if (pos == std::string_view::npos) return std::nullopt;
  return kValues[pos];
}

struct WmiEntry {
  std::string_view wmi;
  std::string_view name;
  std::string_view country;
};

constexpr std::array kManufacturers = {
    WmiEntry{"5YJ", "Tesla, Inc.", "US"},
    WmiEntry{"7SA", "Tesla, Inc.", "US"},
    WmiEntry{"7G2", "Tesla, Inc. (trucks)", "US"},
    WmiEntry{"LRW", "Tesla (Shanghai) Co., Ltd.", "CN"},
    WmiEntry{"XP7", "Tesla Manufacturing Brandenburg SE", "DE"},
    WmiEntry{"SFZ", "Tesla Motors (Roadster, built by Lotus)", "GB"},
};

}  // namespace

bool vin_check_digit_applies(std::string_view wmi) {
  if (wmi.empty()) return false;
  char region = wmi.front();
  return (region >= '1' && region <= '5') || region == '7';
}

std::optional<char> vin_check_digit(std::string_view vin17) {
  if (vin17.size() != kVinLength) return std::nullopt;
  static constexpr std::array<int, 17> kWeights = {8, 7, 6, 5, 4, 3, 2, 10, 0,
                                                   9, 8, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < kVinLength; ++i) {
    auto value = transliterate(vin17[i]);
    if (!value) return std::nullopt;
    sum += *value * kWeights[i];
  }
  int remainder = sum % 11;
  return remainder == 10 ? 'X' : static_cast<char>('0' + remainder);
}

Result<Vin> Vin::parse(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() != kVinLength) {
    return fail(ErrorKind::invalid_argument,
                "VIN must have 17 characters, got " + std::to_string(text.size()),
                "A VIN has exactly 17 characters.");
  }
  std::string upper(text);
  for (std::size_t i = 0; i < upper.size(); ++i) {
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
    if (!is_vin_char(upper[i])) {
      return fail(ErrorKind::invalid_argument,
                  "VIN has an invalid character at position " + std::to_string(i + 1),
                  "A VIN uses only digits and letters other than I, O and Q.");
    }
  }
  if (vin_check_digit_applies(std::string_view(upper).substr(0, 3))) {
    auto expected = vin_check_digit(upper);
    if (!expected || *expected != upper[8]) {
      return fail(ErrorKind::invalid_argument,
                  "VIN check digit (position 9) does not match, VIN ending " + upper.substr(13),
                  "The VIN's check digit does not match; please check for a typo.");
    }
  }
  return Vin(std::move(upper));
}

std::string Vin::masked() const { return text_.substr(0, 3) + "\u2026" + text_.substr(13); }

bool Vin::check_digit_verified() const { return vin_check_digit_applies(wmi()); }

std::optional<int> Vin::model_year(int reference_year) const {
  static constexpr std::string_view kCodes = "ABCDEFGHJKLMNPRSTVWXY123456789";
  auto pos = kCodes.find(text_[9]);
  if (pos == std::string_view::npos) return std::nullopt;  // 0, U, Z are never year codes
  // The 30-code cycle: A = 1980, 2010, 2040, ...
  int year = 1980 + static_cast<int>(pos);
  while (year + 30 <= reference_year + 1) year += 30;
  return year;
}

std::optional<Manufacturer> Vin::manufacturer() const {
  for (const auto& entry : kManufacturers) {
    if (entry.wmi == wmi()) return Manufacturer{entry.wmi, entry.name, entry.country};
  }
  return std::nullopt;
}

std::optional<std::string_view> Vin::tesla_model() const {
  if (!manufacturer()) return std::nullopt;
  switch (text_[3]) {
    case 'S': return "Model S";
    case 'X': return "Model X";
    case '3': return "Model 3";
    case 'Y': return "Model Y";
    case 'C': return "Cybertruck";
    case 'T': return "Semi";
    case 'R': return "Roadster";
    default: return std::nullopt;
  }
}

std::optional<std::string_view> Vin::tesla_plant() const {
  if (!manufacturer()) return std::nullopt;
  switch (text_[10]) {
    case 'F': return "Fremont, California, USA";
    case 'A': return "Austin, Texas, USA";
    case 'B': return "Grünheide, Brandenburg, Germany";
    case 'C': return "Shanghai, China";
    case 'N': return "Sparks, Nevada, USA";
    case 'P': return "Palo Alto, California, USA";
    default: return std::nullopt;
  }
}

}  // namespace cpt
