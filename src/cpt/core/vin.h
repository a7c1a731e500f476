// Vin: a validated 17-character Vehicle Identification Number and the facts it encodes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/error.h"

namespace cpt {

// Who built a vehicle, decoded from the World Manufacturer Identifier (positions 1-3).
struct Manufacturer {
  std::string_view wmi;      // "5YJ"
  std::string_view name;     // "Tesla, Inc."
  std::string_view country;  // ISO 3166 alpha-2 of the manufacturing country
};

// A VIN that passed validation: 17 characters from [A-HJ-NPR-Z0-9] (no I, O, Q), upper case, and a
// correct check digit (position 9) where the standard applies (North American VINs: WMI starting
// 1-5 or 7). Immutable value; thread-safe.
class Vin {
 public:
  // Validates and normalizes (trims, upper-cases). Errors are invalid_argument and never echo the
  // full input, so they are safe to log.
  static Result<Vin> parse(std::string_view text);

  const std::string& str() const { return text_; }
  // "LRW…1234": the first three and last four characters; the form used in report headers.
  std::string masked() const;
  // The last four characters: the only part that may appear in logs.
  std::string_view suffix() const { return std::string_view(text_).substr(13); }
  std::string_view wmi() const { return std::string_view(text_).substr(0, 3); }
  // Position 10 decoded against a reference year: the latest matching year not after
  // reference_year + 1 (a car can be sold as next year's model).
  std::optional<int> model_year(int reference_year) const;
  std::optional<Manufacturer> manufacturer() const;
  // Position 4 for Tesla VINs: "Model S", "Model 3", "Model X", "Model Y", "Cybertruck", ...
  std::optional<std::string_view> tesla_model() const;
  // Position 11 for Tesla VINs: the assembly plant, e.g. "Fremont, California, USA".
  std::optional<std::string_view> tesla_plant() const;
  // True when the check digit standard applies and was verified.
  bool check_digit_verified() const;

  friend bool operator==(const Vin&, const Vin&) = default;
  friend auto operator<=>(const Vin&, const Vin&) = default;

 private:
  explicit Vin(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// The ISO 3779 check digit character ('0'-'9' or 'X') for a 17-character VIN, or nullopt if a
// character has no transliteration value.
std::optional<char> vin_check_digit(std::string_view vin17);

// Whether a WMI belongs to a region whose VINs carry a verified check digit (North America).
bool vin_check_digit_applies(std::string_view wmi);

}  // namespace cpt
