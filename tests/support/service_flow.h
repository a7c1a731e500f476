// What a browser does against `cpt serve` + `cpt sim` processes, shared by the cluster test, the
// cluster bench and the chaos run: read the simulator's environment, sign in through the
// simulator's consent page, list its users.
#pragma once

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "e2e/processes.h"

namespace cpt::flow {

// Sends one request to the service (plain or through a TLS front): method, path, headers, body.
using Send =
    std::function<httplib::Result(const std::string& method, const std::string& path,
                                  const httplib::Headers& headers, const std::string& body)>;

// A signed-in browser: its cookie and its session.
struct BrowserSession {
  std::string cookie;
  std::string session;
  std::string user;
  std::vector<std::string> vins;
};

std::string read_text(const std::filesystem::path& path);
// "http://127.0.0.1:1234/oauth2/v3/authorize" -> {"http://127.0.0.1:1234", "/oauth2/v3/authorize"}
std::pair<std::string, std::string> split_url(const std::string& url);
// The value at percentile `p` (0..1) of `values`, 0 when empty.
double percentile(std::vector<double> values, double p);

// Writes a fresh report-signing key (EC P-256 PEM) to `path` with openssl; false with `why`.
bool make_signing_key(const std::filesystem::path& path, std::string& why);

// Reads the TESLA_* lines `cpt sim --print-env` prints; false with `why` when they stop coming.
bool read_sim_env(e2e::ChildProcess& sim, std::map<std::string, std::string>& env,
                  std::chrono::seconds limit, std::string& why);

// The whole sign-in as `user`: initiate at the service (with `origin`), the simulator's consent
// page (approving every scope offered), the callback. nullopt with `why` on any failure.
std::optional<BrowserSession> login(const Send& send, const std::string& origin,
                                    const std::string& user, std::string& why);

// The simulator's users with their VINs (GET /sim/world on any of its hosts).
std::vector<std::pair<std::string, std::vector<std::string>>> sim_users(httplib::Client& sim);

// Orders every vehicle of the browser's user in `package`; false with `why`.
bool place_order(const Send& send, const std::string& origin, const BrowserSession& browser,
                 const std::string& package, std::string& why);

}  // namespace cpt::flow
