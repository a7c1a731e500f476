// libFuzzer target: error bodies (JSON envelopes, OAuth errors, 421/412 texts, 429 plain text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cpt/tesla/wire/errors.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto error = cpt::tesla::wire::parse_error_body(body);
  if (error.text) {
    cpt::fuzz::check(error.text->size() <= 4096 * 3);
    cpt::fuzz::check(cpt::repair_utf8(*error.text) == *error.text);
  }
  if (error.base_url) cpt::fuzz::check(error.base_url->starts_with("http"));
  if (error.retry_after_seconds) cpt::fuzz::check(*error.retry_after_seconds >= 0);
  cpt::fuzz::check(error.empty == (body.find_first_not_of(" \t\r\n\f\v") == body.npos));
  (void)cpt::tesla::wire::base_url_in(body);
  (void)cpt::tesla::wire::retry_seconds_in(body);
  return 0;
}
