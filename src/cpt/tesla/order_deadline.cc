#include "cpt/tesla/order_deadline.h"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace cpt::tesla {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

// The last answer this thread's connection got: the retry loop sleeps on the thread that sent.
struct LastAnswer {
  Endpoint endpoint = Endpoint::vehicles;
  int status = -1;  // -1: nothing sent yet on this thread
};
thread_local LastAnswer last_answer;

// The connection re-reads account stops at most every 250 ms (fleet_connection.cc): a sleep cut at
// the deadline lasts at least that long, so the next attempt sees the deadline's stop unsent.
constexpr std::chrono::milliseconds kStopRereadAfter{260};

class WatchedStub final : public FleetStub {
 public:
  explicit WatchedStub(std::shared_ptr<FleetStub> inner) : inner_(std::move(inner)) {}
  Result<http::HttpResponse> send(std::string_view base_url, const FleetRequest& request,
                                  std::string_view token) override {
    auto response = inner_->send(base_url, request, token);
    last_answer = {request.endpoint, response ? response->status : 0};
    return response;
  }

 private:
  std::shared_ptr<FleetStub> inner_;
};

class DeadlineClock final : public Clock {
 public:
  DeadlineClock(std::shared_ptr<OrderDeadline> owner, std::shared_ptr<Clock> inner)
      : owner_(std::move(owner)), inner_(std::move(inner)) {}
  TimePoint now() const override { return inner_->now(); }
  void sleep_for(std::chrono::milliseconds duration) override { owner_->wait(duration); }

 private:
  std::shared_ptr<OrderDeadline> owner_;
  std::shared_ptr<Clock> inner_;
};

class DeadlineCooldown final : public AccountCooldown {
 public:
  DeadlineCooldown(std::shared_ptr<OrderDeadline> owner, std::shared_ptr<AccountCooldown> inner)
      : owner_(std::move(owner)), inner_(std::move(inner)) {}
  void record(std::string_view account, const Error& reason, TimePoint until,
              TimePoint now) override {
    if (inner_) inner_->record(account, reason, until, now);
  }
  std::optional<Cooldown> current(std::string_view account, TimePoint now) override {
    if (owner_->passed()) return Cooldown{owner_->reached(""), TimePoint::max()};
    return inner_ ? inner_->current(account, now) : std::nullopt;
  }

 private:
  std::shared_ptr<OrderDeadline> owner_;
  std::shared_ptr<AccountCooldown> inner_;
};

class DeadlineConnection final : public FleetConnection {
 public:
  DeadlineConnection(std::shared_ptr<OrderDeadline> owner, std::shared_ptr<FleetConnection> inner)
      : owner_(std::move(owner)), inner_(std::move(inner)) {}
  Result<RawResponse> call(const FleetRequest& request) override {
    if (owner_->passed()) return fail(owner_->reached(info(request.endpoint).name));
    auto response = inner_->call(request);
    if (response) return response;
    if (response.error().get("not_sent") == "deadline" || owner_->passed()) {
      // Cut by the deadline inside the retry loop: say so, keeping what was billed.
      Error error = owner_->reached(info(request.endpoint).name);
      if (auto billed = response.error().get("billed_micros")) {
        error.with("billed_micros", std::string(*billed));
      }
      return fail(std::move(error));
    }
    return fail(with_rate_limit_end(std::move(response.error()), inner_->clock().now()));
  }
  Result<std::vector<std::string>> granted_scopes() override { return inner_->granted_scopes(); }
  const FleetOptions& options() const override { return inner_->options(); }
  std::string base_url() const override { return inner_->base_url(); }
  Clock& clock() const override { return inner_->clock(); }
  bool move_to(std::string_view base_url) override { return inner_->move_to(base_url); }

 private:
  std::shared_ptr<OrderDeadline> owner_;
  std::shared_ptr<FleetConnection> inner_;
};

std::optional<std::int64_t> seconds_of(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::string utc_hh_mm(TimePoint at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm parts{};
  ::gmtime_r(&t, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M UTC", &parts);
  return text;
}

std::string wait_reason(Endpoint endpoint, int status, TimePoint until) {
  if (status == 429) return "rate-limited by Tesla until " + utc_hh_mm(until);
  if (endpoint == Endpoint::wake_up || status == 408) return "waiting for the car to wake";
  return "Tesla did not answer; trying again at " + utc_hh_mm(until);
}

Error with_rate_limit_end(Error error, TimePoint now) {
  if (error.kind != ErrorKind::rate_limited) return error;
  const auto wait = error.get("retry_after_s");
  const auto seconds = wait ? seconds_of(*wait) : std::nullopt;
  if (!seconds) return error;
  const auto until = now + std::chrono::seconds(*seconds);
  error.user_message = "Not fetched: rate-limited by Tesla until " + utc_hh_mm(until) + ".";
  error.with("rate_limited_until", utc_hh_mm(until));
  return error;
}

OrderDeadline::OrderDeadline(TimePoint deadline, std::shared_ptr<Clock> clock)
    : deadline_(deadline), clock_(std::move(clock)) {}

bool OrderDeadline::passed() const {
  return clock_->now() >= deadline_;
}

std::optional<Waiting> OrderDeadline::waiting() const {
  std::lock_guard lock(mutex_);
  if (waits_.empty()) return std::nullopt;
  return std::max_element(
             waits_.begin(), waits_.end(),
             [](const auto& a, const auto& b) { return a.second.until < b.second.until; })
      ->second;
}

Error OrderDeadline::reached(std::string_view endpoint) const {
  Error error =
      make_error(ErrorKind::timeout, "order deadline reached",
                 "Not fetched: the order's deadline (" + utc_hh_mm(deadline_) + ") was reached.");
  error.with("not_sent", "deadline").with("attempts", "0").with("billed_micros", "0");
  if (!endpoint.empty()) error.with("endpoint", std::string(endpoint));
  return error;
}

void OrderDeadline::wait(std::chrono::milliseconds duration) {
  const TimePoint now = clock_->now();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
  const bool cut = duration >= left;
  const auto slept = cut ? std::max(left, std::chrono::milliseconds(0)) : duration;
  const LastAnswer answer = last_answer;
  {
    std::lock_guard lock(mutex_);
    waits_[std::this_thread::get_id()] = {
        wait_reason(answer.endpoint, answer.status, now + duration), now + duration};
  }
  clock_->sleep_for(slept);
  if (cut) std::this_thread::sleep_for(kStopRereadAfter);
  std::lock_guard lock(mutex_);
  waits_.erase(std::this_thread::get_id());
}

std::shared_ptr<Clock> OrderDeadline::clock() {
  return std::make_shared<DeadlineClock>(shared_from_this(), clock_);
}

std::shared_ptr<FleetStub> OrderDeadline::stub(std::shared_ptr<FleetStub> inner) {
  return std::make_shared<WatchedStub>(std::move(inner));
}

std::shared_ptr<AccountCooldown> OrderDeadline::cooldown(std::shared_ptr<AccountCooldown> inner) {
  return std::make_shared<DeadlineCooldown>(shared_from_this(), std::move(inner));
}

std::shared_ptr<FleetConnection> OrderDeadline::connection(std::shared_ptr<FleetConnection> inner) {
  return std::make_shared<DeadlineConnection>(shared_from_this(), std::move(inner));
}

}  // namespace cpt::tesla
