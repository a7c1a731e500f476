#include "cpt/tesla/model/vehicles.h"

namespace cpt::tesla {

std::vector<std::string> split_option_codes(std::string_view codes) {
  std::vector<std::string> out;
  while (!codes.empty()) {
    const auto comma = codes.find(',');
    std::string_view code = codes.substr(0, comma);
    codes = comma == std::string_view::npos ? std::string_view{} : codes.substr(comma + 1);
    const auto first = code.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    code = code.substr(first, code.find_last_not_of(" \t") - first + 1);
    out.emplace_back(code);
  }
  return out;
}

}  // namespace cpt::tesla
