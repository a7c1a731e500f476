// libFuzzer target: the vehicle inventory (vehicles list, one vehicle, products).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cpt/tesla/wire/vehicles.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  cpt::fuzz::check_parsed(cpt::tesla::wire::parse_vehicles(body));
  cpt::fuzz::check_parsed(cpt::tesla::wire::parse_vehicle(body));
  auto products = cpt::tesla::wire::parse_products(body);
  cpt::fuzz::check_parsed(products);
  if (products) {
    for (const auto& vehicle : products->value.vehicles) {
      if (vehicle.option_codes) (void)cpt::tesla::split_option_codes(*vehicle.option_codes);
    }
  }
  return 0;
}
