#include "cpt/tesla/model/specs.h"

#include <charconv>
#include <cmath>

namespace cpt::tesla {

std::optional<double> leading_number(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  text.remove_prefix(first);
  // from_chars would read "1e3kWh" as 1000; units never start with an exponent, so stop at letters.
  std::size_t end = 0;
  while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.' ||
                               (end == 0 && text[end] == '-'))) {
    ++end;
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, value);
  if (ec != std::errc{} || ptr == text.data() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace cpt::tesla
