#include "store/redis_server.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "cpt/store/redis/redis_client.h"

namespace cpt::store::testing {
namespace {

// posix_spawn takes a path: look redis-server up on PATH (Debian installs it in /usr/bin).
std::string find_redis_server() {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  dirs += ":/usr/bin:/usr/sbin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / "redis-server";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

}  // namespace

RedisServer::RedisServer(std::filesystem::path dir, e2e::ChildProcess process)
    : dir_(std::move(dir)), socket_(dir_ / "redis.sock"), process_(std::move(process)) {}

RedisServer::~RedisServer() {
  process_.reset();  // SIGTERM and reap
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

RedisServer& RedisServer::shared() {
  static std::string why;
  static std::unique_ptr<RedisServer> server = start(why);
  if (!server) throw std::runtime_error("redis-server: " + why);
  return *server;
}

std::unique_ptr<RedisServer> RedisServer::start(std::string& why) {
  const std::string binary = find_redis_server();
  if (binary.empty()) {
    why = "redis-server is not installed (Debian package redis-server)";
    return nullptr;
  }
  char pattern[] = "/tmp/cpt-redis-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    why = "cannot create a temp dir";
    return nullptr;
  }
  const std::filesystem::path dir(pattern);
  const std::filesystem::path socket = dir / "redis.sock";
  // --port 0 turns TCP off: the server is reachable only through its socket in our temp dir.
  auto process = e2e::ChildProcess::spawn(
      {binary, "--port", "0", "--unixsocket", socket.string(), "--unixsocketperm", "700", "--dir",
       dir.string(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile",
       (dir / "redis.log").string()},
      {}, (dir / "stderr.log").string());
  if (!process) {
    why = "redis-server could not be started (is the redis-server package installed?)";
    std::filesystem::remove_all(dir);
    return nullptr;
  }
  std::unique_ptr<RedisServer> server(new RedisServer(dir, std::move(*process)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(socket)) {
      if (auto client = redis::RedisClient::connect({.url = server->url()}); client) {
        if (auto pong = (*client)->command({"PING"}); pong && pong->text == "PONG") return server;
      }
    }
    if (!server->process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  why = "redis-server did not answer on " + socket.string() + " within 10 s";
  return nullptr;
}

}  // namespace cpt::store::testing
