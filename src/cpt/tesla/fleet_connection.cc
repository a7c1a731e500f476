#include "cpt/tesla/fleet_connection.h"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "cpt/core/redact.h"
#include "cpt/tesla/http_errors.h"
#include "cpt/tesla/retry.h"

namespace cpt::tesla {
namespace {

class HttpFleetStub final : public FleetStub {
 public:
  explicit HttpFleetStub(std::shared_ptr<http::HttpClient> http) : http_(std::move(http)) {}

  Result<http::HttpResponse> send(std::string_view base_url, const FleetRequest& request,
                                  std::string_view token) override {
    auto target = build_target(request.endpoint, request.params);
    if (!target) return std::unexpected(target.error());
    http::HttpRequest out;
    out.method = std::string(info(request.endpoint).method);
    std::string_view base = base_url;
    while (base.ends_with('/')) base.remove_suffix(1);
    out.url = std::string(base) + *target;
    // Tesla answers 406 to requests that are not declared JSON, GETs included.
    out.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    if (!token.empty()) out.headers.emplace_back("Authorization", "Bearer " + std::string(token));
    out.body = request.body;
    out.total_timeout = request.timeout;
    return http_->send(out);
  }

 private:
  std::shared_ptr<http::HttpClient> http_;
};

// Not the system clock's owner: a no-op deleter around the process-wide SystemClock.
std::shared_ptr<Clock> system_clock() {
  return std::shared_ptr<Clock>(&SystemClock::instance(), [](Clock*) {});
}

class ConnectionImpl final : public FleetConnection {
 public:
  ConnectionImpl(FleetOptions options, FleetDeps deps)
      : options_(std::move(options)),
        deps_(std::move(deps)),
        clock_(deps_.clock ? deps_.clock : system_clock()),
        base_url_(options_.urls.of(options_.region)),
        allowed_hosts_(options_.extra_allowed_hosts) {}

  Result<RawResponse> call(const FleetRequest& request) override;
  Result<std::vector<std::string>> granted_scopes() override {
    if (!deps_.user_tokens) return fail(ErrorKind::login_required, "no user token source");
    return deps_.user_tokens->scopes(options_.account);
  }
  const FleetOptions& options() const override { return options_; }
  std::string base_url() const override {
    std::lock_guard lock(mutex_);
    return base_url_;
  }
  Clock& clock() const override { return *clock_; }
  bool move_to(std::string_view base_url) override {
    auto allowed = allowed_base_url(base_url, allowed_hosts_);
    if (!allowed) return false;
    std::lock_guard lock(mutex_);
    base_url_ = std::move(*allowed);
    return true;
  }

 private:
  Result<std::string> token_for(TokenKind kind, const std::string& base);
  Result<void> after_unauthorized(TokenKind kind, const std::string& base,
                                  const std::string& token);
  void record(const FleetRequest& request, const std::string& base, int status,
              std::chrono::milliseconds elapsed, int attempt);
  CallContext context_for(const FleetRequest& request, const std::string& base) const;
  std::string region_name(const std::string& base) const {
    auto region = options_.urls.region_of(base);
    return std::string(to_string(region.value_or(options_.region)));
  }

  FleetOptions options_;
  FleetDeps deps_;
  std::shared_ptr<Clock> clock_;
  mutable std::mutex mutex_;
  std::string base_url_;  // sticky: a 421 moves the whole account to the named host
  std::vector<std::string> allowed_hosts_;
  std::atomic<std::uint64_t> calls_{0};
  // The account-wide stop (guarded by mutex_): set by an answer that every further call would
  // meet alike; `halted_until_` bounds a long 429's cool-down (max() = until the order ends).
  std::optional<Error> halted_;
  std::chrono::system_clock::time_point halted_until_{};

  void halt_if_account_wide(const Error& error);
  std::optional<Error> halted(const EndpointInfo& row);
  void adopt_shared_stop();
  // When the shared cool-down was last looked at (guarded by mutex_): at most every 250 ms, so a
  // stop another instance met is honoured within that time without a lookup per call.
  std::chrono::steady_clock::time_point shared_checked_{};
};

// 412 (app not registered in the region), 402 or 403 `account disabled` (billing), 423 (account
// locked), a 429 asking for longer than we wait and a sign-in whose refresh Tesla refused (revoked
// or cycled out: each call would be a billed 401 and another refused refresh) would meet every
// further call of the account alike: they stop the remaining calls instead of being paid for
// again, call after call.
void ConnectionImpl::halt_if_account_wide(const Error& error) {
  auto until = std::chrono::system_clock::time_point::max();
  switch (error.kind) {
    case ErrorKind::region_not_registered:
    case ErrorKind::payment_required:
    case ErrorKind::locked:
    case ErrorKind::login_required:
      break;
    case ErrorKind::rate_limited: {
      const auto wait = error.get("retry_after_s");
      if (!wait) return;
      const auto seconds = std::chrono::seconds(std::atoll(std::string(*wait).c_str()));
      if (seconds <=
          std::chrono::duration_cast<std::chrono::seconds>(options_.retry.max_retry_after)) {
        return;
      }
      until = clock_->now() + seconds;
      break;
    }
    default:
      return;
  }
  {
    std::lock_guard lock(mutex_);
    if (halted_) return;
    halted_ = error;
    halted_until_ = until;
  }
  if (deps_.cooldown) deps_.cooldown->record(options_.account, error, until, clock_->now());
}

// A stop met by another connection of the account (another order, another instance) holds here
// too, from the next call on.
void ConnectionImpl::adopt_shared_stop() {
  if (!deps_.cooldown) return;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (halted_ || now - shared_checked_ < std::chrono::milliseconds(250)) return;
    shared_checked_ = now;
  }
  auto shared = deps_.cooldown->current(options_.account, clock_->now());
  if (!shared) return;
  std::lock_guard lock(mutex_);
  if (halted_) return;
  halted_ = shared->reason;
  halted_until_ = shared->until;
}

std::optional<Error> ConnectionImpl::halted(const EndpointInfo& row) {
  adopt_shared_stop();
  std::lock_guard lock(mutex_);
  if (!halted_ || clock_->now() >= halted_until_) return std::nullopt;
  Error error = *halted_;
  error.log_message = std::string(row.name) + " not sent: " + halted_->log_message;
  error.user_message =
      "Not asked: an earlier call for this account was refused. " + halted_->user_message;
  error.with("endpoint", std::string(row.name))
      .with("attempts", "0")
      .with("billed_micros", "0")
      .with("not_sent", "account_halted");
  return error;
}

Result<std::string> ConnectionImpl::token_for(TokenKind kind, const std::string& base) {
  switch (kind) {
    case TokenKind::none:
      return std::string();
    case TokenKind::user:
      if (!deps_.user_tokens) return fail(ErrorKind::login_required, "no user token source");
      return deps_.user_tokens->access_token(options_.account);
    case TokenKind::partner:
      if (!deps_.partner_tokens) {
        return fail(ErrorKind::unauthorized, "no partner token source (client credentials)",
                    "Partner credentials are not configured.");
      }
      // A partner token's audience is the regional base URL it is used on.
      return deps_.partner_tokens->token(base);
  }
  return std::string();
}

Result<void> ConnectionImpl::after_unauthorized(TokenKind kind, const std::string& base,
                                                const std::string& token) {
  if (kind == TokenKind::partner && deps_.partner_tokens) {
    deps_.partner_tokens->invalidate(base, token);
    return {};
  }
  if (kind == TokenKind::user && deps_.user_tokens) {
    auto refreshed = deps_.user_tokens->refresh_after_rejection(options_.account, token);
    if (!refreshed) return std::unexpected(refreshed.error());
    return {};
  }
  return fail(ErrorKind::unauthorized, "no token source to refresh");
}

CallContext ConnectionImpl::context_for(const FleetRequest& request,
                                        const std::string& base) const {
  CallContext context;
  context.endpoint = request.endpoint;
  context.region = region_name(base);
  if (!request.params.vin.empty()) context.vin_suffix = redact::vin_suffix(request.params.vin);
  context.extra_allowed_hosts = allowed_hosts_;
  context.now = clock_->now();
  return context;
}

void ConnectionImpl::record(const FleetRequest& request, const std::string& base, int status,
                            std::chrono::milliseconds elapsed, int attempt) {
  if (!deps_.ledger) return;
  const Category category = info(request.endpoint).category;
  const bool billed = is_billed(category, status);
  deps_.ledger->record({.endpoint = request.endpoint,
                        .category = category,
                        .http_status = status,
                        .billed = billed,
                        .price_micros = billed ? price_micros(category) : 0,
                        .vin_suffix = request.params.vin.empty()
                                          ? std::string()
                                          : redact::vin_suffix(request.params.vin),
                        .region = region_name(base),
                        .attempt = attempt,
                        .elapsed = elapsed});
}

Result<RawResponse> ConnectionImpl::call(const FleetRequest& request) {
  const EndpointInfo& row = info(request.endpoint);
  const auto started = clock_->now();
  RetryPolicy retry(options_.retry, options_.seed + calls_.fetch_add(1));
  const std::int64_t price = price_micros(row.category);
  bool refreshed = false;
  bool rerouted = false;
  std::int64_t billed = 0;
  int attempt = 0;
  int retries = 0;
  for (;;) {
    // Every thread looks before sending: an account-wide stop holds for all of them.
    if (auto stop = halted(row)) {
      if (attempt == 0) return fail(std::move(*stop));
      return fail(std::move(*stop)
                      .with("attempts", std::to_string(attempt))
                      .with("billed_micros", std::to_string(billed)));
    }
    ++attempt;
    const std::string base = base_url();
    auto token = token_for(row.token, base);
    if (!token) return std::unexpected(token.error());
    // The budget is checked before sending: a refused call is never made (nor billed).
    if (deps_.budget) {
      if (auto reserved = deps_.budget->reserve(price); !reserved) {
        return fail(std::move(reserved.error())
                        .with("endpoint", std::string(row.name))
                        .with("billed_micros", std::to_string(billed)));
      }
    }
    auto response = deps_.stub->send(base, request, *token);
    const int status = response ? response->status : 0;
    if (deps_.budget) deps_.budget->settle(price, is_billed(row.category, status));
    if (!response && response.error().get("not_sent")) {
      // Held back before it left (the order's deadline came while the account was paced):
      // nothing to record, and nothing a retry could change.
      return fail(std::move(response.error())
                      .with("endpoint", std::string(row.name))
                      .with("attempts", std::to_string(attempt - 1))
                      .with("billed_micros", std::to_string(billed)));
    }
    if (is_billed(row.category, status)) billed += price;
    record(request, base, status, response ? response->elapsed : std::chrono::milliseconds(0),
           attempt);
    if (response && is_success(status)) {
      return RawResponse{
          request.endpoint,
          status,
          std::move(response->body),
          std::move(response->headers),
          base,
          attempt,
          std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started),
          billed};
    }
    Error error = response ? error_from_response(*response, context_for(request, base))
                           : std::move(response.error());
    error.with("endpoint", std::string(row.name))
        .with("attempts", std::to_string(attempt))
        .with("billed_micros", std::to_string(billed));
    if (token_rejected(error) && !refreshed && row.token != TokenKind::none) {
      refreshed = true;  // one refresh, one retry
      if (auto again = after_unauthorized(row.token, base, *token); !again) {
        // A user sign-in that can no longer be refreshed meets every further call alike.
        if (row.token == TokenKind::user) halt_if_account_wide(again.error());
        return fail(std::move(again.error())
                        .with("endpoint", std::string(row.name))
                        .with("billed_micros", std::to_string(billed)));
      }
      continue;
    }
    if (error.kind == ErrorKind::wrong_region && !rerouted) {
      if (auto target = error.get("base_url")) {
        rerouted = true;  // once: a second 421 is returned as it is
        std::lock_guard lock(mutex_);
        base_url_ = std::string(*target);
        continue;
      }
    }
    halt_if_account_wide(error);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - started);
    auto decision = retry.on_failure(error, row.idempotent, ++retries, elapsed);
    if (!decision.retry) return fail(std::move(error));
    clock_->sleep_for(decision.delay);
  }
}

}  // namespace

std::int64_t billed_micros_of(const Error& error) {
  auto text = error.get("billed_micros");
  if (!text) return 0;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  return ec == std::errc() && ptr == text->data() + text->size() ? value : 0;
}

FleetRequest FleetRequest::for_vin(Endpoint endpoint, std::string_view vin) {
  FleetRequest request;
  request.endpoint = endpoint;
  request.params.vin = std::string(vin);
  if (endpoint == Endpoint::fleet_status) {
    request.body = nlohmann::json{{"vins", nlohmann::json::array({std::string(vin)})}}.dump();
  }
  return request;
}

std::shared_ptr<FleetStub> make_http_stub(std::shared_ptr<http::HttpClient> http) {
  return std::make_shared<HttpFleetStub>(std::move(http));
}

std::shared_ptr<FleetConnection> make_fleet_connection(FleetOptions options, FleetDeps deps) {
  return std::make_shared<ConnectionImpl>(std::move(options), std::move(deps));
}

}  // namespace cpt::tesla
