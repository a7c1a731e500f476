// libFuzzer target: the signed report JSON that `cpt verify` and the public verify page read.
// Seeds are signed reports; mutations exercise canonicalization, the signature member, the key
// choice and the facts read back. Oracles: fuzz_verify_check.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_verify_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const cpt::report::Verification json = cpt::report::verify_json_report(text, nullptr);
  cpt::fuzz::check_verdict(json);
  cpt::fuzz::check_verifications(text);
  if (!text.starts_with("%PDF-")) {
    const cpt::report::Verification detected = cpt::report::verify_report(text, nullptr);
    cpt::fuzz::check(detected.valid == json.valid);
    cpt::fuzz::check(detected.authenticity == json.authenticity);
  }
  return 0;
}
