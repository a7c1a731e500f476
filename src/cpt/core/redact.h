// Redaction: the forms in which VINs, e-mails and secrets may appear in logs and errors.
#pragma once

#include <string>
#include <string_view>

namespace cpt::redact {

// "LRW…1234" for any VIN-like text (unvalidated); "…" when too short to mask safely.
std::string vin(std::string_view text);
// The last four characters of a VIN: the only VIN part a log line may carry.
std::string vin_suffix(std::string_view text);
// "t…@example.com": the first character of the local part and the domain.
std::string email(std::string_view text);
// "[redacted, 812 chars]": nothing of the secret itself.
std::string secret(std::string_view text);
// Masks, inside free text (a Tesla error body, a URL), every JWT or long opaque token, every
// e-mail address, and every 17-character VIN-shaped word. Query parameters named like secrets
// (code, token, access_token, refresh_token, client_secret, code_verifier, state) lose their value.
std::string text(std::string_view input);

}  // namespace cpt::redact
