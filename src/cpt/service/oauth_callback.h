// The OAuth callback's query read into what the callback acts on, before any store lookup or
// Tesla call: pure, so the parsing of this outside input can be tested and fuzzed on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpt/http/message.h"

namespace cpt::service {

// What Tesla's redirect (or whoever crafted the link) put in the callback's query. Value type.
struct CallbackQuery {
  std::optional<std::string> error;  // `error`: the user declined or Tesla failed the sign-in
  std::string state;                 // `state`: "" when absent
  std::string code;                  // `code`: "" when absent
};

// The first `error`, `state` and `code` parameters of the decoded query.
CallbackQuery read_callback_query(const http::QueryParams& params);

// A failure reason as it may appear in the UI's URL: only [a-z_], at most 48 characters of the
// input kept, "oauth_failed" when nothing is left, so a reason can never inject anything.
std::string safe_reason(std::string_view text);

}  // namespace cpt::service
