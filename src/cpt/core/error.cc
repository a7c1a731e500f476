#include "cpt/core/error.h"

#include <charconv>

namespace cpt {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument: return "invalid_argument";
    case ErrorKind::unauthorized: return "unauthorized";
    case ErrorKind::login_required: return "login_required";
    case ErrorKind::payment_required: return "payment_required";
    case ErrorKind::missing_scope: return "missing_scope";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::vehicle_unavailable: return "vehicle_unavailable";
    case ErrorKind::region_not_registered: return "region_not_registered";
    case ErrorKind::wrong_region: return "wrong_region";
    case ErrorKind::locked: return "locked";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::server: return "server";
    case ErrorKind::transport: return "transport";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::malformed: return "malformed";
    case ErrorKind::budget_exceeded: return "budget_exceeded";
    case ErrorKind::io: return "io";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

std::string_view default_user_message(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument: return "The request was not valid.";
    case ErrorKind::unauthorized: return "The Tesla sign-in is no longer valid.";
    case ErrorKind::login_required: return "Please connect your Tesla account again.";
    case ErrorKind::payment_required: return "The Tesla API account needs payment.";
    case ErrorKind::missing_scope: return "The Tesla account did not grant the needed permission.";
    case ErrorKind::not_found: return "Not found.";
    case ErrorKind::vehicle_unavailable: return "The vehicle is asleep or offline.";
    case ErrorKind::region_not_registered:
      return "The application is not registered in this Tesla region yet.";
    case ErrorKind::wrong_region: return "The account belongs to another Tesla region.";
    case ErrorKind::locked: return "The Tesla account is locked.";
    case ErrorKind::rate_limited: return "Tesla asked us to slow down; try again later.";
    case ErrorKind::server: return "Tesla's service had a problem; try again later.";
    case ErrorKind::transport: return "Could not reach the Tesla service.";
    case ErrorKind::timeout: return "The Tesla service did not answer in time.";
    case ErrorKind::malformed: return "Tesla sent data we could not read.";
    case ErrorKind::budget_exceeded: return "The order's API budget is used up.";
    case ErrorKind::io: return "A storage error occurred.";
    case ErrorKind::conflict: return "The operation conflicts with existing data.";
    case ErrorKind::internal: return "An internal error occurred.";
  }
  return "An internal error occurred.";
}

Error& Error::with(std::string key, std::string value) & {
  metadata.insert_or_assign(std::move(key), std::move(value));
  return *this;
}

Error&& Error::with(std::string key, std::string value) && {
  metadata.insert_or_assign(std::move(key), std::move(value));
  return std::move(*this);
}

std::optional<std::string_view> Error::get(std::string_view key) const {
  auto it = metadata.find(key);
  if (it == metadata.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<int> Error::http_status() const {
  auto text = get("http_status");
  if (!text) return std::nullopt;
  int status = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), status);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return status;
}

std::string Error::describe() const {
  std::string out(to_string(kind));
  out += ": ";
  out += log_message;
  for (const auto& [key, value] : metadata) {
    out += ' ';
    out += key;
    out += '=';
    out += value;
  }
  return out;
}

Error make_error(ErrorKind kind, std::string log_message, std::string user_message) {
  Error error;
  error.kind = kind;
  error.log_message = std::move(log_message);
  error.user_message =
      user_message.empty() ? std::string(default_user_message(kind)) : std::move(user_message);
  return error;
}

}  // namespace cpt
