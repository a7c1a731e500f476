#include "cpt/service/report_keys.h"

namespace cpt::service {

Result<report::KeySet> published_key_set(const ServiceConfig& config,
                                         const report::SigningKey* current) {
  report::KeySet keys;
  if (!config.previous_keys_json.empty()) {
    auto previous = report::KeySet::from_json(config.previous_keys_json);
    if (!previous) {
      return fail(ErrorKind::invalid_argument,
                  "configuration: previous report-signing keys: " + previous.error().log_message,
                  "Configuration error: the previous report-signing keys are not a key set.");
    }
    keys = std::move(*previous);
  }
  if (current == nullptr) return keys;
  std::optional<Timestamp> since;
  if (!config.signing_key_since.empty()) {
    auto parsed = parse_iso8601(config.signing_key_since);
    if (!parsed) {
      return fail(ErrorKind::invalid_argument, "configuration: signing key since is not a date",
                  "Configuration error: signing_key_since must be an ISO 8601 date.");
    }
    since = *parsed;
  }
  // The current key has no end: it signs today's reports.
  keys.add(report::PublishedKey{current->public_key(), since, std::nullopt});
  return keys;
}

std::string verify_base_url(const ServiceConfig& config, const std::string& server_base_url) {
  std::string base = config.public_url.empty() ? server_base_url : config.public_url;
  while (base.ends_with('/')) base.pop_back();
  return base;
}

}  // namespace cpt::service
