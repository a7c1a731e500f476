// What an error response from the Fleet API or Tesla's OAuth server says: the JSON envelope
// (`error`, `error_description`, `error_uri`, `messages`), a plain-text body, or nothing at all,
// plus the facts a client acts on (the 421 base URL, the 412 region, the 429 wait). Value type;
// thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cpt::tesla {

// An error body. Built by wire::parse_error_body, which never fails.
struct ErrorBody {
  bool empty = true;                 // no body, or only whitespace (401 for an expired token, 423)
  bool json = false;                 // the body was a JSON object
  std::optional<std::string> error;  // short enum-like text or sentence
  std::optional<std::string> error_description;                           // longer text
  std::optional<std::string> error_uri;                                   // OAuth errors
  std::map<std::string, std::vector<std::string>, std::less<>> messages;  // field -> problems
  std::optional<std::string> text;  // a non-JSON body, trimmed ("Retry in 37829 seconds")
  // 421: the host named after "use base URL: " (up to a comma, space or quote), unvalidated: the
  // caller checks it against its allow-list.
  std::optional<std::string> base_url;
  // 412: the regional host after "registered in the current region " (trailing '/' removed).
  std::optional<std::string> region_base_url;
  // 429: N from "Retry in N seconds".
  std::optional<std::int64_t> retry_after_seconds;
};

}  // namespace cpt::tesla
