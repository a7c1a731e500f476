// A throw-away redis-server for tests: Debian's binary on a unix socket in a temp dir (no TCP, no
// persistence), started by the test and stopped when the object goes.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "e2e/processes.h"

namespace cpt::store::testing {

// One running redis-server. Not thread-safe; tests share it read-only (its URL).
class RedisServer {
 public:
  // Starts redis-server and waits (at most 10 s) until it answers on its socket; nullopt with a
  // reason in `why` when the binary is missing or it does not come up.
  static std::unique_ptr<RedisServer> start(std::string& why);
  // The test process's server, started on first use and stopped at exit; throws with the reason
  // when it cannot start (a test that calls it then fails with that message).
  static RedisServer& shared();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // "unix:///tmp/.../redis.sock"
  std::string url() const { return "unix://" + socket_.string(); }

 private:
  RedisServer(std::filesystem::path dir, e2e::ChildProcess process);
  std::filesystem::path dir_;
  std::filesystem::path socket_;
  std::optional<e2e::ChildProcess> process_;
};

}  // namespace cpt::store::testing
