// A small CPT deployment on loopback for the cluster test: redis-server, `cpt sim`, several
// `cpt serve` instances on Redis and nginx in front with the site config of deploy/nginx, all in a
// temp dir, all stopped when the object goes.
#pragma once

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "e2e/processes.h"
#include "store/redis_server.h"
#include "support/service_flow.h"

namespace cpt::cluster {

// How the deployment is laid out. Plain values.
struct ClusterOptions {
  int instances = 2;
  int sim_users = 10;
  int sim_latency_ms = 100;
  int job_lease_seconds = 2;
  int session_ttl_seconds = 60;
  bool auto_approve = false;  // the simulator signs in its first user without a consent page
};

using flow::BrowserSession;

// The running deployment. Not thread-safe except where noted.
class Cluster {
 public:
  // Starts everything; nullptr with `why` set when a piece does not come up.
  static std::unique_ptr<Cluster> start(const ClusterOptions& options, std::string& why);
  ~Cluster();

  // An HTTPS client to nginx that trusts the test certificate. Thread-safe to create.
  std::unique_ptr<httplib::SSLClient> through_nginx() const;
  // A plain client to the simulator's admin/auth host.
  httplib::Client sim_auth() const;
  // The whole sign-in as `user` through nginx (initiate, the simulator's consent, the callback).
  std::optional<BrowserSession> login(const std::string& user, std::string& why);
  // Every simulated user signed in at once, each in its own browser, with its VINs; empty with
  // `why` when any sign-in fails.
  std::vector<BrowserSession> login_everyone(std::string& why);
  // Orders every vehicle of the browser's user in `package` through nginx; false with `why`.
  bool place_order(const BrowserSession& browser, const std::string& package, std::string& why);
  // Polls the order's progress through nginx until it is no longer running or `limit` passes;
  // the last status ("done", "failed", "running" on timeout, "" when unreadable).
  std::string wait_for_order(const BrowserSession& browser, std::chrono::seconds limit);
  // Redis's used_memory (INFO memory), in bytes.
  std::int64_t redis_used_memory();
  // The simulator's users with their VINs (from /sim/world).
  std::vector<std::pair<std::string, std::vector<std::string>>> users();
  // Every billed request the simulator saw (method + path).
  std::vector<std::string> billed_requests();
  // Kills instance `index` with SIGKILL (no chance to clean up) and reaps it.
  void kill_instance(int index);
  // Every key in Redis (SCAN).
  std::vector<std::string> redis_keys();
  const std::string& origin() const { return origin_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  Cluster() = default;
  bool start_sim(const ClusterOptions& options, std::string& why);
  bool start_instances(const ClusterOptions& options, std::string& why);
  bool start_nginx(std::string& why);

  std::filesystem::path dir_;
  std::unique_ptr<store::testing::RedisServer> redis_;
  std::optional<e2e::ChildProcess> sim_;
  std::map<std::string, std::string> sim_env_;
  std::vector<std::optional<e2e::ChildProcess>> instances_;
  std::vector<int> instance_ports_;
  int nginx_port_ = 0;
  std::string origin_;
  bool nginx_running_ = false;
};

}  // namespace cpt::cluster
