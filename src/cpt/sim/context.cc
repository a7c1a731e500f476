#include "cpt/sim/context.h"

namespace cpt::sim {

namespace {

std::shared_ptr<Clock> clock_or_system(const std::shared_ptr<Clock>& clock) {
  if (clock) return clock;
  // The system clock is a process-wide singleton; the no-op deleter keeps shared ownership honest.
  return std::shared_ptr<Clock>(&SystemClock::instance(), [](Clock*) {});
}

std::int64_t today_of(const SimOptions& options) {
  if (options.today_epoch_s) return *options.today_epoch_s;
  const auto now = options.clock ? options.clock->now() : std::chrono::system_clock::now();
  return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
}

}  // namespace

SimContext::SimContext(SimOptions opts, SimUrls u)
    : options(std::move(opts)),
      urls(std::move(u)),
      world(generate_world(options.seed, options.users, options.vehicles_per_user,
                           today_of(options))),
      clock(clock_or_system(options.clock)),
      faults(options.faults, options.seed, clock) {
  live.reserve(world.vehicles.size());
  for (const auto& v : world.vehicles) live.push_back({v.initial_state, std::nullopt});
  if (options.regions_registered) {
    for (auto r : {Region::na, Region::eu, Region::cn}) set_registered(r, true);
  }
}

const std::string& SimContext::fleet_url(Region region) const {
  switch (region) {
    case Region::na:
      return urls.fleet_na;
    case Region::eu:
      return urls.fleet_eu;
    case Region::cn:
      return urls.fleet_cn;
  }
  return urls.fleet_na;
}

AuthRealm SimContext::realm_of(Region region) const {
  return options.quirks.cn_auth_host && region == Region::cn ? AuthRealm::cn : AuthRealm::global;
}

TokenRegistry& SimContext::tokens_of(AuthRealm realm) {
  return realm == AuthRealm::cn && cn_tokens ? *cn_tokens : *tokens;
}

const User* SimContext::first_user_of(AuthRealm realm) const {
  for (const User& user : world.users) {
    if (realm_of(user.region) == realm) return &user;
  }
  return nullptr;
}

std::string SimContext::state_of(std::size_t index) {
  std::lock_guard lock(mutex);
  auto& v = live[index];
  if (v.waking_since && clock.now() >= *v.waking_since + options.wake_delay) {
    v.state = "online";
    v.waking_since.reset();
  }
  return v.state;
}

std::string SimContext::wake(std::size_t index) {
  std::lock_guard lock(mutex);
  auto& v = live[index];
  const auto now = clock.now();
  if (v.waking_since && now >= *v.waking_since + options.wake_delay) {
    v.state = "online";
    v.waking_since.reset();
  }
  // An offline car has no connection to receive the wake; it stays offline until it reconnects.
  if (v.state == "asleep" && !v.waking_since) {
    if (options.wake_delay.count() <= 0) {
      v.state = "online";
    } else {
      v.waking_since = now;
    }
  }
  return v.state;
}

void SimContext::set_state(std::size_t index, std::string state) {
  std::lock_guard lock(mutex);
  live[index].state = std::move(state);
  live[index].waking_since.reset();
}

bool SimContext::registered(Region region) const {
  std::lock_guard lock(mutex);
  return partners[static_cast<std::size_t>(region)].has_value();
}

void SimContext::set_registered(Region region, bool on) {
  std::lock_guard lock(mutex);
  auto& slot = partners[static_cast<std::size_t>(region)];
  if (!on) {
    slot.reset();
  } else if (!slot) {
    slot = PartnerAccount{"sim-account", options.allowed_origin, options.partner_public_key, ""};
  }
}

int SimContext::revoke(std::string_view user) {
  const User* u = user.empty() ? nullptr : world.find_user(user);
  if (!user.empty() && u == nullptr) return 0;
  std::optional<std::size_t> index;
  if (u != nullptr) index = static_cast<std::size_t>(u - world.users.data());
  int revoked = tokens->revoke_user(index);
  if (cn_tokens) revoked += cn_tokens->revoke_user(index);
  return revoked;
}

std::size_t SimContext::vehicle_index(const Vehicle& vehicle) const {
  return static_cast<std::size_t>(&vehicle - world.vehicles.data());
}

}  // namespace cpt::sim
