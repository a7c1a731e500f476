// libFuzzer target: the small endpoints (service_data, recent_alerts, release_notes, options,
// warranty, specs, fleet_status, users/*, partner, OAuth token). The first byte picks the parser
// so that each input exercises one family deeply.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cpt/tesla/wire/account.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/specs.h"
#include "fuzz_check.h"

namespace wire = cpt::tesla::wire;
using cpt::fuzz::check_parsed;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 14) {
    case 0:
      check_parsed(wire::parse_service_data(body));
      break;
    case 1:
      check_parsed(wire::parse_recent_alerts(body));
      break;
    case 2:
      check_parsed(wire::parse_release_notes(body));
      break;
    case 3:
      check_parsed(wire::parse_vehicle_options(body));
      break;
    case 4:
      check_parsed(wire::parse_warranty_details(body));
      break;
    case 5:
      check_parsed(wire::parse_specs(body));
      break;
    case 6:
      check_parsed(wire::parse_fleet_status(body));
      break;
    case 7:
      check_parsed(wire::parse_user_me(body));
      break;
    case 8:
      check_parsed(wire::parse_user_region(body));
      break;
    case 9:
      check_parsed(wire::parse_orders(body));
      break;
    case 10:
      check_parsed(wire::parse_feature_config(body));
      break;
    case 11:
      check_parsed(wire::parse_partner_account(body));
      break;
    case 12:
      check_parsed(wire::parse_partner_public_key(body));
      break;
    default: {
      auto token = wire::parse_token_response(body);
      if (token) cpt::fuzz::check(token->raw.empty());
      break;
    }
  }
  return 0;
}
