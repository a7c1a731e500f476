// libFuzzer target: the OAuth callback's query, decoded as the server decodes it
// (http::parse_form) and read by the callback (service/oauth_callback.h). The reason that goes
// back into the UI's URL must be [a-z_] only and survive its own decoding unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cpt/http/wire.h"
#include "cpt/service/oauth_callback.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  cpt::http::QueryParams params;
  cpt::http::parse_form(query, params);
  const cpt::service::CallbackQuery callback = cpt::service::read_callback_query(params);
  cpt::fuzz::check(callback.error.has_value() == (params.count("error") > 0));
  cpt::fuzz::check(callback.state.empty() || params.count("state") > 0);
  cpt::fuzz::check(callback.code.empty() || params.count("code") > 0);

  const std::string error = callback.error.value_or("");
  for (const std::string_view text :
       {std::string_view(error), std::string_view(callback.state), query}) {
    const std::string reason = cpt::service::safe_reason(text);
    cpt::fuzz::check(!reason.empty() && reason.size() <= 48);
    cpt::fuzz::check(reason.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
    cpt::fuzz::check(cpt::service::safe_reason(reason) == reason);
    // The redirect the callback builds decodes back to exactly two parameters.
    cpt::http::QueryParams back;
    cpt::http::parse_form("oauth=error&reason=" + reason, back);
    cpt::fuzz::check(back.size() == 2);
    cpt::fuzz::check(back.find("reason") != back.end() && back.find("reason")->second == reason);
  }
  return 0;
}
