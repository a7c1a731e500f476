// SimContext: the simulator's shared state (world, clock, tokens, ledger, faults, live vehicle
// states, registrations) that every host's handlers work on. Internal to cpt::sim.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/sim/faults.h"
#include "cpt/sim/ledger.h"
#include "cpt/sim/simulator.h"
#include "cpt/sim/tokens.h"
#include "cpt/sim/world.h"

namespace cpt::sim {

// The injected clock plus an offset tests and the admin API can advance. Thread-safe.
class SimClock final : public Clock {
 public:
  explicit SimClock(std::shared_ptr<Clock> base) : base_(std::move(base)) {}
  std::chrono::system_clock::time_point now() const override {
    return base_->now() + std::chrono::milliseconds(offset_ms_.load());
  }
  void sleep_for(std::chrono::milliseconds duration) override { base_->sleep_for(duration); }
  void advance(std::chrono::milliseconds duration) { offset_ms_ += duration.count(); }

 private:
  std::shared_ptr<Clock> base_;
  std::atomic<std::int64_t> offset_ms_{0};
};

// A vehicle's live connectivity.
struct LiveVehicle {
  std::string state;                      // "online", "asleep", "offline"
  std::optional<TimePoint> waking_since;  // set by wake_up on an asleep car
};

// The app's registration in one region (POST /api/1/partner_accounts).
struct PartnerAccount {
  std::string account_id;
  std::string domain;
  std::optional<std::string> public_key_pem;
  std::string created_at;
};

// An auth host's realm: the global one, or China's own (the cn-auth-host quirk).
enum class AuthRealm { global, cn };

// A consent page shown but not yet answered.
struct PendingConsent {
  std::string client_id, redirect_uri, state, nonce;
  std::vector<std::string> scopes;
  std::optional<std::string> code_challenge;
  bool require_all_scopes = false;
  TimePoint expires;
};

struct SimContext {
  SimContext(SimOptions opts, SimUrls u);

  SimOptions options;
  SimUrls urls;
  World world;
  SimClock clock;
  LedgerRecorder ledger;
  FaultControl faults;
  std::optional<TokenRegistry> tokens;     // built once the URLs are known
  std::optional<TokenRegistry> cn_tokens;  // China's auth host (cn-auth-host quirk only)

  // Guards everything below.
  mutable std::mutex mutex;
  std::vector<LiveVehicle> live;                          // parallel to world.vehicles
  std::array<std::optional<PartnerAccount>, 3> partners;  // indexed by Region
  std::map<std::string, PendingConsent> consents;
  std::uint64_t next_id = 1;

  const std::string& fleet_url(Region region) const;
  // Where a user signs in, and whose tokens a Fleet host accepts: CN's realm for CN only when
  // CN has its own auth host, else the global one for everyone.
  AuthRealm realm_of(Region region) const;
  TokenRegistry& tokens_of(AuthRealm realm);
  // The first user whose account lives in `realm` (auto-approve's default), null when none.
  const User* first_user_of(AuthRealm realm) const;
  // The live state of a vehicle (turns a waking car online once wake_delay has passed).
  std::string state_of(std::size_t vehicle_index);
  // Starts waking an asleep car; returns the state after the call.
  std::string wake(std::size_t vehicle_index);
  void set_state(std::size_t vehicle_index, std::string state);
  bool registered(Region region) const;
  // Registers (keeping an existing account) or wipes the app's registration in a region.
  void set_registered(Region region, bool registered);
  // Revokes the grants of a user (id or e-mail), or every token when `user` is empty.
  int revoke(std::string_view user);
  std::size_t vehicle_index(const Vehicle& vehicle) const;
};

}  // namespace cpt::sim
