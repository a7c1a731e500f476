// Error and Result: the one error vocabulary of every CPT library (errors are values, never thrown
// across a layer).
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cpt {

// What went wrong, in the domain's words. HTTP statuses are mapped onto these in exactly one place
// (the provider's HTTP mapping); everything above that speaks kinds.
enum class ErrorKind {
  invalid_argument,       // caller gave bad input (a malformed VIN, a bad flag)
  unauthorized,           // 401: token missing, expired or rejected
  login_required,         // refresh token expired or cycled out: the user must sign in again
  payment_required,       // 402
  missing_scope,          // 403: the token lacks the scope the call needs
  not_found,              // 404
  vehicle_unavailable,    // 408: the car is asleep or offline (never woken silently)
  region_not_registered,  // 412: the app is not registered in this region
  wrong_region,           // 421: the user lives in another region
  locked,                 // 423
  rate_limited,           // 429
  server,                 // 5xx
  transport,              // connection failed, reset, TLS failure
  timeout,                // connect or total timeout
  malformed,              // a response we could not read
  budget_exceeded,        // the order's budget forbids another billed call
  io,                     // local file or database failure
  conflict,               // the operation clashes with existing state (e.g. file exists)
  internal,               // a bug: should not happen
};

// Stable snake_case name of a kind, as used in logs, JSON and tests.
std::string_view to_string(ErrorKind kind);

// A failure: kind, a message for logs (technical, never secrets), a message safe to show a user,
// and metadata such as http_status, region, retry_after_s, vin_suffix. Value type; not thread-safe.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string log_message;
  std::string user_message;
  std::map<std::string, std::string, std::less<>> metadata;

  Error& with(std::string key, std::string value) &;
  Error&& with(std::string key, std::string value) &&;
  // A metadata value, or nullopt when absent.
  std::optional<std::string_view> get(std::string_view key) const;
  // The HTTP status kept in metadata ("http_status"), when there is one.
  std::optional<int> http_status() const;
  // "kind: log message" plus metadata, for log lines.
  std::string describe() const;
};

// Builds an Error; the user message defaults to a generic, safe text for the kind.
Error make_error(ErrorKind kind, std::string log_message, std::string user_message = {});

// The default user-facing sentence for a kind.
std::string_view default_user_message(ErrorKind kind);

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for returning a failure: `return fail(ErrorKind::not_found, "...")`.
inline std::unexpected<Error> fail(ErrorKind kind, std::string log_message,
                                   std::string user_message = {}) {
  return std::unexpected<Error>(make_error(kind, std::move(log_message), std::move(user_message)));
}
inline std::unexpected<Error> fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace cpt
