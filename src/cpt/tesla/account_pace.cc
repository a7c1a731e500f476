#include "cpt/tesla/account_pace.h"

#include <algorithm>

namespace cpt::tesla {

using SysTime = std::chrono::system_clock::time_point;

SysTime PaceState::pause_end(std::string_view vehicle) const {
  SysTime end = account_paused_until;
  if (vehicle.empty()) return end;
  if (auto it = vehicle_paused_until.find(vehicle); it != vehicle_paused_until.end()) {
    end = std::max(end, it->second);
  }
  return end;
}

void PaceState::add_pause(std::string_view vehicle, SysTime until) {
  if (vehicle.empty()) {
    account_paused_until = std::max(account_paused_until, until);
    return;
  }
  auto [it, fresh] = vehicle_paused_until.try_emplace(std::string(vehicle), until);
  if (!fresh) it->second = std::max(it->second, until);
}

// Everything that ended or was forgotten goes on every write, so the map holds only the accounts
// in use (at most kKept after their last limit, or until their last pause ends).
void InProcessPace::forget_locked(SysTime now) {
  for (auto it = accounts_.begin(); it != accounts_.end();) {
    Entry& entry = it->second;
    std::erase_if(entry.pauses, [&](const auto& pause) { return pause.second <= now; });
    if (entry.limit > 0 && now - entry.limit_recorded >= kKept) entry.limit = 0;
    it = entry.limit == 0 && entry.pauses.empty() ? accounts_.erase(it) : std::next(it);
  }
}

void InProcessPace::record_limit(std::string_view account, int limit, int threshold, SysTime now) {
  if (limit < 1) return;
  std::lock_guard lock(mutex_);
  forget_locked(now);
  auto it = accounts_.find(account);
  if (it == accounts_.end()) it = accounts_.emplace(std::string(account), Entry{}).first;
  it->second.limit = limit;
  it->second.threshold = threshold;
  it->second.limit_recorded = now;
}

void InProcessPace::record_pause(std::string_view account, std::string_view vehicle, SysTime until,
                                 SysTime now) {
  if (until <= now) return;
  std::lock_guard lock(mutex_);
  forget_locked(now);
  auto it = accounts_.find(account);
  if (it == accounts_.end()) it = accounts_.emplace(std::string(account), Entry{}).first;
  auto [pause, fresh] = it->second.pauses.try_emplace(std::string(vehicle), until);
  if (!fresh) pause->second = std::max(pause->second, until);
}

PaceState InProcessPace::read(std::string_view account, SysTime now) {
  std::lock_guard lock(mutex_);
  PaceState state;
  auto it = accounts_.find(account);
  if (it == accounts_.end()) return state;
  const Entry& entry = it->second;
  if (entry.limit > 0 && now - entry.limit_recorded < kKept) {
    state.limit = entry.limit;
    state.threshold = entry.threshold;
  }
  for (const auto& [vehicle, until] : entry.pauses) {
    if (until > now) state.add_pause(vehicle, until);
  }
  return state;
}

}  // namespace cpt::tesla
