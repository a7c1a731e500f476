#include "cpt/tesla/account_cooldown.h"

namespace cpt::tesla {

std::chrono::system_clock::time_point cooldown_end(std::chrono::system_clock::time_point until,
                                                   std::chrono::system_clock::time_point now) {
  return until == std::chrono::system_clock::time_point::max() ? now + AccountCooldown::kOpenEnded
                                                               : until;
}

void InProcessCooldown::record(std::string_view account, const Error& reason,
                               std::chrono::system_clock::time_point until,
                               std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::erase_if(stops_, [&](const auto& entry) { return entry.second.until <= now; });
  stops_.insert_or_assign(std::string(account), Cooldown{reason, cooldown_end(until, now)});
}

std::optional<Cooldown> InProcessCooldown::current(std::string_view account,
                                                   std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = stops_.find(account);
  if (it == stops_.end()) return std::nullopt;
  if (it->second.until <= now) {
    stops_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

}  // namespace cpt::tesla
