#include "cpt/service/oauth_callback.h"

namespace cpt::service {

namespace {

// The first value of `key`, as http::Request::get_param_value reads it.
std::optional<std::string> first(const http::QueryParams& params, const std::string& key) {
  const auto [begin, end] = params.equal_range(key);
  if (begin == end) return std::nullopt;
  return begin->second;
}

}  // namespace

CallbackQuery read_callback_query(const http::QueryParams& params) {
  return {first(params, "error"), first(params, "state").value_or(""),
          first(params, "code").value_or("")};
}

std::string safe_reason(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 48)) {
    if ((c >= 'a' && c <= 'z') || c == '_') out.push_back(c);
  }
  return out.empty() ? "oauth_failed" : out;
}

}  // namespace cpt::service
