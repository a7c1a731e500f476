// TeslaLink: the service's one seam to Tesla: the authorize URL, finishing a login (code
// exchange, region, vehicle inventory) and the Fleet connection an order runs on.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/http/client.h"
#include "cpt/service/config.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/auth/token_store.h"
#include "cpt/tesla/concurrency.h"
#include "cpt/tesla/fleet_connection.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/order_deadline.h"

namespace cpt::service {

// One vehicle of an account's inventory, as the UI shows it. Value type.
struct VehicleCard {
  std::string vin;  // full VIN: only ever sent to the session's owner
  std::string masked_vin;
  std::string display_name;
  std::string model;  // "Model 3" (from the VIN), empty when unknown
  std::optional<int> model_year;
  std::string state;  // "online", "asleep", "offline"
};

// What a finished login yields. Holds secrets (tokens). Value type.
struct Login {
  tesla::Region region = tesla::Region::na;
  tesla::auth::TokenSet tokens;
  std::vector<VehicleCard> vehicles;
  std::vector<tesla::CallRecord> calls;  // for metrics
};

// An order's connection and the ledger its calls are recorded in.
struct OrderConnection {
  std::shared_ptr<tesla::FleetConnection> connection;
  std::shared_ptr<tesla::CallLedger> ledger;
  std::shared_ptr<tesla::Budget> budget;
};

// Talks to Tesla (or the simulator) for the service. Never wakes a car. Thread-safe.
class TeslaLink {
 public:
  // `cooldown` keeps account-wide stops across orders (and, on Redis, instances); null: one
  // kept in this process. `pace` likewise keeps each account's settled limit and pauses.
  TeslaLink(const ServiceConfig& config, std::shared_ptr<http::HttpClient> http,
            std::shared_ptr<Clock> clock,
            std::shared_ptr<tesla::AccountCooldown> cooldown = nullptr,
            std::shared_ptr<tesla::AccountPace> pace = nullptr);

  // Tesla's authorize URL for a login with this state, PKCE challenge and redirect URI, at the
  // auth host of the default region's realm (China's own for cn).
  std::string authorize_url(std::string_view state, std::string_view code_challenge,
                            std::string_view redirect_uri) const;

  // Exchanges the code, finds the account's region (token claims, else the configured default;
  // a 421 re-route is followed) and reads GET /api/1/vehicles (all pages), all within the
  // configured sign-in deadline (the browser waits on it).
  Result<Login> complete_login(std::string_view code, std::string_view code_verifier,
                               std::string_view redirect_uri) const;

  // A connection for one order of `account` (a session id) whose tokens live in `tokens`; a
  // fresh token source per order, so nothing of the session stays cached after it is deleted.
  // With `deadline`, the order's calls and waits end at it (see tesla/order_deadline.h).
  OrderConnection connect(std::string_view account, tesla::Region region,
                          std::shared_ptr<tesla::auth::TokenStore> tokens,
                          std::optional<std::int64_t> budget_micros,
                          const std::shared_ptr<tesla::OrderDeadline>& deadline = nullptr) const;

  // Drops this process's pace of `account` (a session id): its session was deleted.
  void forget(std::string_view account) const;

 private:
  tesla::FleetOptions fleet_options(std::string_view account, tesla::Region region) const;

  tesla::AuthConfig auth_;
  tesla::RegionUrls urls_;
  tesla::Region default_region_;
  std::vector<std::string> extra_allowed_hosts_;
  int max_in_flight_;
  std::chrono::seconds sign_in_deadline_;
  std::shared_ptr<http::HttpClient> http_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<tesla::FleetStub> stub_;
  std::shared_ptr<tesla::auth::PartnerTokenSource> partner_tokens_;     // global realm
  std::shared_ptr<tesla::auth::PartnerTokenSource> cn_partner_tokens_;  // China's own auth host
  std::shared_ptr<tesla::AccountCooldown> cooldown_;
  // Every order's requests of an account paced by its AIMD controller (decision 0007), up to
  // tesla.max_in_flight.
  std::shared_ptr<tesla::AccountLimits> limits_;
};

// The cards of a GET /api/1/vehicles body (vehicles without a VIN are skipped).
Result<std::vector<VehicleCard>> vehicle_cards(std::string_view body, int reference_year);

}  // namespace cpt::service
