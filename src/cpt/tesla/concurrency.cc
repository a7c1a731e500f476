#include "cpt/tesla/concurrency.h"

#include <algorithm>
#include <charconv>

namespace cpt::tesla {
namespace {

using SysTime = std::chrono::system_clock::time_point;

// A paused request looks again this often: the pause may be lifted early by nothing, but a
// shorter wait keeps the injected clock's sleeps small in tests.
constexpr std::chrono::milliseconds kPausePoll{100};
// Limiters idle this long, with no request in flight, are forgotten.
constexpr std::chrono::minutes kIdleForget{30};
// Weight of a new sample in an endpoint's usual latency (1/8, as TCP's SRTT).
constexpr double kLatencyWeight = 0.125;
// The shared pauses are read again at most this often per account (and once when a pause ends):
// a pause another instance recorded is honoured within this, with no store round trip per request.
constexpr std::chrono::milliseconds kSharedRefresh{200};
// An unchanged limit is recorded again this often while in use, so the shared pace does not
// forget (AccountPace::kKept) a limit that is still being used.
constexpr std::chrono::minutes kRepublish{5};

std::optional<std::chrono::seconds> retry_after_of(const http::HttpResponse& response) {
  auto text = response.header("retry-after");
  if (!text) return std::nullopt;
  long long seconds = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (ec != std::errc() || ptr != text->data() + text->size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

class AdaptiveStub final : public FleetStub {
 public:
  AdaptiveStub(std::shared_ptr<FleetStub> inner, std::shared_ptr<ConcurrencyLimiter> limiter,
               Clock& clock, SysTime give_up_at)
      : inner_(std::move(inner)),
        limiter_(std::move(limiter)),
        clock_(clock),
        give_up_at_(give_up_at) {}

  Result<http::HttpResponse> send(std::string_view base_url, const FleetRequest& request,
                                  std::string_view token) override {
    const auto ticket = limiter_->acquire(request.params.vin, give_up_at_);
    if (!ticket) {
      // The account's pace (a Retry-After another request met) outlasted the order.
      return fail(make_error(ErrorKind::timeout, "order deadline reached while paced")
                      .with("not_sent", "deadline"));
    }
    const auto started = clock_.now();
    auto response = inner_->send(base_url, request, token);
    Answer answer;
    answer.endpoint = request.endpoint;
    answer.vehicle = request.params.vin;
    answer.latency = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - started);
    if (response) {
      answer.status = response->status;
      if (response->status == 429) answer.retry_after = retry_after_of(*response);
    }
    limiter_->release(*ticket, answer);
    return response;
  }

 private:
  std::shared_ptr<FleetStub> inner_;
  std::shared_ptr<ConcurrencyLimiter> limiter_;
  Clock& clock_;
  SysTime give_up_at_;
};

}  // namespace

ConcurrencyLimiter::ConcurrencyLimiter(ConcurrencyOptions options, Clock& clock, SharedPace shared)
    : options_(options), clock_(clock), shared_(std::move(shared)) {
  options_.ceiling = std::max(1, options_.ceiling);
  options_.floor = std::clamp(options_.floor, 1, options_.ceiling);
  limit_ = std::clamp(options_.initial, options_.floor, options_.ceiling);
  threshold_ = options_.ceiling;
  last_used_ = clock_.now();
  published_limit_ = limit_;  // the initial limit is no news
  if (!shared_.store) return;
  PaceState state = shared_.store->read(shared_.account, last_used_);
  if (state.limit) {
    // A limit another limiter settled on is a known limit: additive increase from there once it
    // halved (no slow start above its threshold); one that never halved was still slow-starting
    // and goes on doing so. A halving is recorded at once, so the seed is not stale upwards.
    limit_ = std::clamp(*state.limit, options_.floor, options_.ceiling);
    threshold_ =
        state.threshold > 0 ? std::clamp(state.threshold, limit_, options_.ceiling) : limit_;
    published_limit_ = *state.limit;
    published_at_ = last_used_;
  }
  adopt_locked(std::move(state), last_used_);
}

// Only the pauses are taken from a later read: each limiter runs its own AIMD from its seed.
void ConcurrencyLimiter::adopt_locked(PaceState state, SysTime now) {
  shared_pauses_ = std::move(state);
  shared_pauses_.limit.reset();
  refreshed_at_ = now;
}

void ConcurrencyLimiter::refresh_shared(std::unique_lock<std::mutex>& lock, SysTime now) {
  if (!shared_.store || refreshing_ || now - refreshed_at_ < kSharedRefresh) return;
  refreshing_ = true;
  refreshed_at_ = now;
  // Read outside the lock: a store round trip must not hold up the releases of other requests.
  lock.unlock();
  PaceState state = shared_.store->read(shared_.account, now);
  lock.lock();
  refreshing_ = false;
  adopt_locked(std::move(state), now);
}

SysTime ConcurrencyLimiter::pause_end_locked(std::string_view vehicle) const {
  SysTime end = std::max(paused_until_, shared_pauses_.pause_end(vehicle));
  if (!vehicle.empty()) {
    if (auto it = vehicles_.find(vehicle); it != vehicles_.end()) {
      end = std::max(end, it->second.paused_until);
    }
  }
  return end;
}

bool ConcurrencyLimiter::free_locked(SysTime now, std::string_view vehicle) const {
  if (in_flight_ >= limit_ || now < pause_end_locked(vehicle)) return false;
  // A vehicle that met a 429 sends one request at a time until one is answered cleanly: when
  // its pause ends, one probe goes, not every request that waited for it.
  const auto it = vehicle.empty() ? vehicles_.end() : vehicles_.find(vehicle);
  return it == vehicles_.end() || !it->second.probing || it->second.in_flight == 0;
}

// A 429 about one vehicle pauses that vehicle's requests; any other pauses the account's.
void ConcurrencyLimiter::pause_locked(const Answer& answer, SysTime now) {
  const auto pause = std::min<std::chrono::milliseconds>(*answer.retry_after, options_.max_pause);
  SysTime* until = &paused_until_;
  if (!answer.vehicle.empty()) {
    VehicleHold& hold = vehicles_[answer.vehicle];
    hold.probing = true;
    until = &hold.paused_until;
  }
  if (now >= *until) ++stats_.cooldowns;
  *until = std::max(*until, now + pause);
}

std::uint64_t ConcurrencyLimiter::take_locked(SysTime now, std::string_view vehicle) {
  if (!vehicle.empty()) {
    auto it = vehicles_.find(vehicle);
    if (it == vehicles_.end()) it = vehicles_.emplace(std::string(vehicle), VehicleHold{}).first;
    ++it->second.in_flight;
  }
  ++in_flight_;
  peak_ = std::max(peak_, in_flight_);
  ++stats_.sent;
  last_used_ = now;
  return ++next_ticket_;
}

std::optional<std::uint64_t> ConcurrencyLimiter::acquire(std::string_view vehicle,
                                                         SysTime give_up_at) {
  std::unique_lock lock(mutex_);
  for (;;) {
    refresh_shared(lock, clock_.now());
    const SysTime now = clock_.now();
    if (free_locked(now, vehicle)) return take_locked(now, vehicle);
    if (now >= give_up_at) return std::nullopt;
    if (const SysTime end = pause_end_locked(vehicle); now < end) {
      // Honour the Retry-After through the injected clock (tests do not really wait).
      const auto wait =
          std::min({kPausePoll, std::chrono::ceil<std::chrono::milliseconds>(end - now),
                    std::chrono::ceil<std::chrono::milliseconds>(give_up_at - now)});
      lock.unlock();
      clock_.sleep_for(wait);
      lock.lock();
      // The pause is over: read the shared pauses once more before sending (another instance
      // may have met a 429 meanwhile); the first request to get here reads for all.
      if (clock_.now() >= end && refreshed_at_ < end) refreshed_at_ = SysTime{};
      continue;
    }
    // A slot frees when an answer arrives (bounded by the transport's timeouts); with a time to
    // give up, look at the clock again now and then.
    if (give_up_at == SysTime::max()) {
      freed_.wait(lock);
    } else {
      freed_.wait_for(lock, kPausePoll);
    }
  }
}

std::optional<std::uint64_t> ConcurrencyLimiter::try_acquire(std::string_view vehicle) {
  std::unique_lock lock(mutex_);
  refresh_shared(lock, clock_.now());
  const SysTime now = clock_.now();
  if (!free_locked(now, vehicle)) return std::nullopt;
  return take_locked(now, vehicle);
}

// One halving per window, as TCP's one reduction per round trip: the answers to requests that
// were already in flight when the limit was halved say nothing new about the lower limit.
void ConcurrencyLimiter::decrease_locked(std::uint64_t ticket) {
  if (ticket <= window_end_) return;
  window_end_ = next_ticket_;
  limit_ = std::max(options_.floor, limit_ / 2);
  threshold_ = limit_;
  credit_ = 0;
  ++stats_.decreases;
}

// Slow start below the threshold (+1 per clean answer: the limit doubles each round trip), then
// +1 per window of `limit` clean answers. Only a limit that was in use grows (at least half of it
// in flight during this window or the last): answers of a sequential phase prove nothing about
// running more.
void ConcurrencyLimiter::increase_locked() {
  if (limit_ >= options_.ceiling || std::max(peak_, last_peak_) * 2 < limit_) return;
  if (limit_ < threshold_) {
    ++limit_;
    return;
  }
  if (++credit_ >= limit_) {
    credit_ = 0;
    ++limit_;
  }
}

bool ConcurrencyLimiter::latency_jump_locked(const Answer& answer) {
  const double ms = static_cast<double>(answer.latency.count());
  auto [it, first] = usual_ms_.try_emplace(answer.endpoint, ms);
  if (first) return false;
  const double usual = it->second;
  const bool jump = ms > usual * options_.latency_jump &&
                    ms - usual > static_cast<double>(options_.latency_slack.count());
  // Every sample moves the usual latency, a jump too: a lasting change becomes the new normal
  // after a few answers instead of halving the limit window after window.
  it->second = usual + kLatencyWeight * (ms - usual);
  return jump;
}

// The vehicle's request is over: a clean answer ends its probing; a vehicle with nothing in
// flight and no pause or probe left is forgotten.
void ConcurrencyLimiter::settle_vehicle_locked(std::string_view vehicle, bool clean, SysTime now) {
  if (vehicle.empty()) return;
  auto it = vehicles_.find(vehicle);
  if (it == vehicles_.end()) return;
  VehicleHold& hold = it->second;
  hold.in_flight = std::max(0, hold.in_flight - 1);
  if (clean) hold.probing = false;
  if (hold.in_flight == 0 && !hold.probing && now >= hold.paused_until) vehicles_.erase(it);
}

// Adapts the limit to one answer; true when it halved.
bool ConcurrencyLimiter::adapt_locked(std::uint64_t ticket, const Answer& answer) {
  const std::int64_t decreases = stats_.decreases;
  if (answer.status == 429) {
    ++stats_.rate_limited;
    // A vehicle's limit says nothing about the account's pace: its pause is enough. An
    // account-level 429 is the account's congestion signal: halve.
    if (answer.vehicle.empty() || !answer.retry_after) decrease_locked(ticket);
  } else if (answer.status >= 200 && answer.status < 500) {
    // A 4xx other than 429 is a clean answer about the request, not about the load.
    if (latency_jump_locked(answer)) {
      decrease_locked(ticket);
    } else {
      increase_locked();
    }
  }
  // 5xx and transport failures say nothing certain about our pace (503 is a sleeping car):
  // neither grow nor shrink on them.
  return stats_.decreases != decreases;
}

// The limit goes to the shared pace when it halved (others must not start above it) and, at a
// window's end, when it changed or has not been recorded for a while: not on every answer.
bool ConcurrencyLimiter::publish_limit_locked(bool decreased, SysTime now) {
  if (!shared_.store) return false;
  // A window of its own, as many answers as the limit last recorded: the controller's window does
  // not end while slow start keeps the limit ahead of the answers.
  if (!decreased && ++answers_unpublished_ < published_limit_) return false;
  if (limit_ == published_limit_ && now - published_at_ < kRepublish) return false;
  published_limit_ = limit_;
  published_at_ = now;
  answers_unpublished_ = 0;
  return true;
}

void ConcurrencyLimiter::release(std::uint64_t ticket, const Answer& answer) {
  if (shared_.store && answer.status == 429 && answer.retry_after) {
    // Recorded before it holds here, so that this answer's thread returns to the retry loop
    // as soon as this process's requests wait on the pause, as without a shared pace (with an
    // injected clock those waits advance the time the retry loop measures).
    const SysTime now = clock_.now();
    const auto pause = std::min<std::chrono::milliseconds>(*answer.retry_after, options_.max_pause);
    shared_.store->record_pause(shared_.account, answer.vehicle, now + pause, now);
  }
  std::optional<std::pair<int, int>> new_limit;  // limit, threshold
  SysTime now;
  {
    std::lock_guard lock(mutex_);
    in_flight_ = std::max(0, in_flight_ - 1);
    now = clock_.now();
    last_used_ = now;
    const bool clean = answer.status >= 200 && answer.status < 500 && answer.status != 429;
    settle_vehicle_locked(answer.vehicle, clean, now);
    const bool decreased = adapt_locked(ticket, answer);
    if (answer.status == 429 && answer.retry_after) pause_locked(answer, now);
    if (++window_answers_ >= limit_) {
      window_answers_ = 0;
      last_peak_ = peak_;
      peak_ = in_flight_;
    }
    if (publish_limit_locked(decreased, now)) new_limit = {limit_, threshold_};
  }
  freed_.notify_all();
  // Recorded outside the lock: a store round trip must not hold up other requests.
  if (new_limit) {
    shared_.store->record_limit(shared_.account, new_limit->first, new_limit->second, now);
  }
}

int ConcurrencyLimiter::limit() const {
  std::lock_guard lock(mutex_);
  return limit_;
}

std::optional<SysTime> ConcurrencyLimiter::paused_until(std::string_view vehicle) const {
  std::lock_guard lock(mutex_);
  const SysTime end = pause_end_locked(vehicle);
  if (clock_.now() >= end) return std::nullopt;
  return end;
}

ConcurrencyStats ConcurrencyLimiter::stats() const {
  std::lock_guard lock(mutex_);
  ConcurrencyStats out = stats_;
  out.limit = limit_;
  out.in_flight = in_flight_;
  return out;
}

SysTime ConcurrencyLimiter::last_used() const {
  std::lock_guard lock(mutex_);
  return last_used_;
}

AccountLimits::AccountLimits(ConcurrencyOptions options, Clock& clock,
                             std::shared_ptr<AccountPace> pace)
    : options_(options), clock_(clock), pace_(std::move(pace)) {}

std::shared_ptr<ConcurrencyLimiter> AccountLimits::for_account(std::string_view account) {
  std::lock_guard lock(mutex_);
  const SysTime now = clock_.now();
  std::erase_if(limiters_, [&](const auto& entry) {
    return entry.second.use_count() == 1 && now - entry.second->last_used() > kIdleForget;
  });
  auto it = limiters_.find(account);
  if (it == limiters_.end()) {
    it = limiters_
             .emplace(std::string(account),
                      std::make_shared<ConcurrencyLimiter>(
                          options_, clock_,
                          pace_ ? SharedPace{pace_, std::string(account)} : SharedPace{}))
             .first;
  }
  return it->second;
}

std::shared_ptr<FleetStub> AccountLimits::stub_for(std::string_view account,
                                                   std::shared_ptr<FleetStub> inner,
                                                   SysTime give_up_at) {
  return make_adaptive_stub(std::move(inner), for_account(account), clock_, give_up_at);
}

void AccountLimits::forget(std::string_view account) {
  std::lock_guard lock(mutex_);
  if (auto it = limiters_.find(account); it != limiters_.end() && it->second.use_count() == 1) {
    limiters_.erase(it);
  }
}

int AccountLimits::limit_of(std::string_view account) {
  return for_account(account)->limit();
}

ConcurrencyStats AccountLimits::stats_of(std::string_view account) {
  return for_account(account)->stats();
}

std::shared_ptr<FleetStub> make_adaptive_stub(std::shared_ptr<FleetStub> inner,
                                              std::shared_ptr<ConcurrencyLimiter> limiter,
                                              Clock& clock, SysTime give_up_at) {
  return std::make_shared<AdaptiveStub>(std::move(inner), std::move(limiter), clock, give_up_at);
}

}  // namespace cpt::tesla
