// libFuzzer target: charging history pages and business charging sessions, plus the Money
// conversion of every fee amount.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cpt/tesla/wire/charging.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto history = cpt::tesla::wire::parse_charging_history(body);
  cpt::fuzz::check_parsed(history);
  if (history) {
    for (const auto& session : history->value.sessions) {
      const auto totals = session.total_due();
      for (const auto& [currency, minor] : totals.by_currency()) {
        (void)cpt::Money{currency, minor}.to_decimal();
      }
      for (const auto& fee : session.fees) {
        (void)fee.money(fee.net_due);
        (void)fee.money(fee.rate_tier4);
      }
    }
  }
  cpt::fuzz::check_parsed(cpt::tesla::wire::parse_business_charging_sessions(body));
  return 0;
}
