// Test fixture for the simulator contract tests: starts a Simulator on port 0 with a FakeClock and
// speaks raw HTTP to it with cpp-httplib's client (never the Tesla client).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cpt/core/clock.h"
#include "cpt/sim/simulator.h"

namespace cpt::sim::testing {

using nlohmann::json;

inline constexpr const char* kAppScopes =
    "openid offline_access vehicle_device_data vehicle_charging_cmds vehicle_specs";

// The pieces of a token response.
struct Tokens {
  std::string access, refresh, id;
  json body;
};

// Query parameters of a URL ("...?a=1&b=2"), decoded.
std::map<std::string, std::string> query_of(const std::string& url);
// The JSON payload of a JWT (no signature check).
json jwt_payload(const std::string& token);

class SimFixture : public ::testing::Test {
 protected:
  void TearDown() override;

  // Starts the simulator with a FakeClock (unless options.clock is set).
  void start(SimOptions options = {});
  Simulator& sim() { return *sim_; }
  const Simulator& sim() const { return *sim_; }
  FakeClock& clock() { return *clock_; }

  httplib::Client client(const std::string& base_url) const;
  httplib::Result get(const std::string& base_url, const std::string& path,
                      const std::string& token = {}) const;
  httplib::Result post_json(const std::string& base_url, const std::string& path, const json& body,
                            const std::string& token = {}) const;

  // Runs the consent form for `user_id` (or follows auto-approve) and returns the redirect URL.
  std::string authorize(const std::string& user_id, const std::string& scopes,
                        const std::string& extra_query = {});
  // The code from a successful authorize redirect.
  std::string code_for(const std::string& user_id, const std::string& scopes = kAppScopes,
                       const std::string& extra_query = {});
  // POSTs to the token endpoint (form-encoded) and returns the raw result.
  httplib::Result token_request(const httplib::Params& form);
  // Full login: consent + code exchange with audience = the user's region URL.
  Tokens login(const std::string& user_id, const std::string& scopes = kAppScopes);
  Tokens partner_token(Region region, const std::string& scopes = {});
  Tokens tokens_from(const httplib::Result& result);

  // Convenience: the i-th user of the world, their region's base URL, their first VIN.
  const User& user(std::size_t i) const { return sim_->world().users.at(i); }
  const std::string& region_url(const User& u) const { return sim_->fleet_url(u.region); }
  const Vehicle& vehicle_of(const User& u, std::size_t n = 0) const {
    return sim_->world().vehicles.at(u.vehicles.at(n));
  }

  std::shared_ptr<FakeClock> clock_;
  std::unique_ptr<Simulator> sim_;
  std::string auth_host_;  // where authorize and token_request go; empty: the global auth host
};

}  // namespace cpt::sim::testing
