// libFuzzer target: vehicle_data bodies.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cpt/tesla/wire/summary.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  cpt::fuzz::check_parsed(cpt::tesla::wire::parse_vehicle_data(body));
  (void)cpt::tesla::wire::summarize_payload(cpt::tesla::wire::PayloadKind::vehicle_data, body);
  return 0;
}
