// Simulator: a local stand-in for Tesla's auth server and the NA/EU/CN Fleet API hosts, written
// from Tesla's documentation (never from tesla/), for tests, demos and benchmarks.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/sim/faults.h"
#include "cpt/sim/ledger.h"
#include "cpt/sim/quirks.h"
#include "cpt/sim/world.h"

namespace cpt::sim {

// Everything a simulator is started with. Plain values; the CLI maps flags onto it.
struct SimOptions {
  std::uint64_t seed = 42;
  int users = 3;  // deterministic world from the seed
  int vehicles_per_user = 3;
  std::string host = "127.0.0.1";
  int auth_port = 0, na_port = 0, eu_port = 0, cn_port = 0;  // 0 = ephemeral
  int cn_auth_port = 0;  // China's own auth host, started only under the cn-auth-host quirk
  std::string client_id = "cpt-sim-client";
  std::string client_secret = "cpt-sim-secret";
  std::vector<std::string> redirect_uris = {"http://localhost:8080/api/v1/tesla/oauth/callback"};
  std::string allowed_origin = "localhost";  // partner domain must share its root
  std::optional<std::string> auto_approve;   // user email or id ("" = first user)
  std::chrono::seconds access_token_lifetime{28800};
  std::chrono::milliseconds wake_delay{2000};
  bool regions_registered = false;  // start with every region registered?
  FaultOptions faults;              // latency, rates, ...
  SimQuirks quirks;                 // open questions answered the other way (quirks.h)
  // Additions beyond the shared contract:
  std::optional<std::string> partner_public_key;  // PEM used when a register body has none
  std::shared_ptr<Clock> clock;  // token expiry, grace periods, wake delay; null = system clock
  // The world's today (UTC): every generated date (sessions, deliveries, warranties, alerts,
  // service) is relative to it. Null = the date of `clock` (the real date) at start; a test that
  // needs one fixed world sets it (e.g. sim::kFixedToday).
  std::optional<std::int64_t> today_epoch_s;
  std::size_t max_threads_per_host = 256;  // one per open keep-alive connection
};

// Where each simulated host listens.
struct SimUrls {
  std::string auth_base;                     // "http://127.0.0.1:PORT"
  std::string authorize_url;                 // auth_base + "/oauth2/v3/authorize"
  std::string token_url;                     // auth_base + "/oauth2/v3/token"
  std::string fleet_na, fleet_eu, fleet_cn;  // "http://127.0.0.1:PORT" (no trailing slash)
  // Where CN accounts sign in: a host of their own under the cn-auth-host quirk, else the above.
  std::string cn_auth_base, cn_authorize_url, cn_token_url;
};

// A running simulator (four HTTP servers, five with CN's auth host, on background threads).
// Thread-safe; stop() or the destructor shuts every host down.
class Simulator {
 public:
  static Result<std::unique_ptr<Simulator>> start(SimOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  const SimUrls& urls() const;
  const std::string& fleet_url(Region region) const;
  // Every TESLA_* variable that points a client at this simulator, in print order:
  // TESLA_AUTH_URL (authorize URL), TESLA_TOKEN_URL, TESLA_CN_AUTH_URL, TESLA_CN_TOKEN_URL (the
  // CN realm's, the global ones unless CN has its own host), TESLA_FLEET_URL_NA/_EU/_CN,
  // TESLA_CLIENT_ID, TESLA_CLIENT_SECRET, TESLA_REDIRECT_URI (first registered), TESLA_DOMAIN.
  std::vector<std::pair<std::string, std::string>> env() const;
  const SimOptions& options() const;

  const World& world() const;  // users, vehicles (for tests: VINs, regions, initial states)
  Ledger ledger() const;       // snapshot of the request ledger
  void reset_ledger();
  FaultControl& faults();  // same knobs as the admin API, for tests

  // Live vehicle state: "online", "asleep" or "offline" (a waking car turns online after
  // wake_delay on the simulator's clock).
  void set_vehicle_state(std::string_view vin, std::string_view state);
  std::string vehicle_state(std::string_view vin) const;
  void set_region_registered(Region region, bool registered);
  bool region_registered(Region region) const;
  // Revokes every token of a user (id or email), or of every user when empty: access tokens
  // answer 401 and refresh tokens login_required. Returns how many grants were revoked.
  int revoke_tokens(std::string_view user = {});
  // Moves the simulator's clock forward (on top of the injected clock), e.g. past a grace period.
  void advance_clock(std::chrono::milliseconds duration);
  std::chrono::system_clock::time_point now() const;

  void stop();

 private:
  struct Impl;
  explicit Simulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpt::sim
