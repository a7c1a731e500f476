// A simulator with a signed-in account and a FleetClient on it, for acquisition tests.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/http/client.h"
#include "cpt/sim/simulator.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::testing {

struct SimAccount {
  std::unique_ptr<sim::Simulator> sim;
  std::shared_ptr<http::HttpClient> http;
  std::unique_ptr<tesla::FleetClient> client;
  std::size_t user = 0;           // index of the signed-in user in the sim's world
  std::vector<std::string> vins;  // that user's vehicles
};

// Starts a simulator (every region registered, auto-approving the world's user number `user`)
// and signs in, asking for the default scopes, vehicle_location and `extra_scopes`
// (space-separated).
SimAccount start_sim_account(sim::SimOptions options = {}, std::string_view extra_scopes = {},
                             std::size_t user = 0);

// Billed requests per method + path in the simulator's ledger that happened more than once.
std::vector<std::string> repeated_billed_requests(const sim::Ledger& ledger);

}  // namespace cpt::testing
