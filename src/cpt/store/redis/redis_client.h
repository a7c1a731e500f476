// RedisClient: a small pool of hiredis connections that runs one command (or one Lua script) at a
// time per connection and turns replies into plain values. Used by the Redis backend of the store.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/core/error.h"

struct redisContext;

namespace cpt::store::redis {

// Where the server is: "redis://[:password@]host:port[/db]" or "unix:///path/to/redis.sock"
// (also "redis+unix://"). Plain values.
struct RedisUrl {
  std::string host;  // empty for a unix socket
  int port = 6379;
  std::string socket_path;  // set for unix sockets
  std::string password;     // AUTH when not empty
  int db = 0;
};

// Parses a Redis URL; invalid_argument names what is wrong (never echoing a password).
Result<RedisUrl> parse_redis_url(std::string_view url);

// One reply, copied out of hiredis. Value type.
struct Reply {
  enum class Type { nil, string, integer, array, status, error };
  Type type = Type::nil;
  std::string text;  // string, status and error replies (binary-safe)
  std::int64_t integer = 0;
  std::vector<Reply> elements;

  bool is_nil() const { return type == Type::nil; }
};

// How the pool connects. Plain values.
struct RedisOptions {
  std::string url = "redis://127.0.0.1:6379";
  std::size_t max_connections = 8;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{5000};
};

// A pool of connections. Every call takes a connection for its duration, so calls from several
// threads run side by side up to max_connections and wait beyond that. A connection that fails
// is dropped and the call is tried once more on a fresh one. Thread-safe.
class RedisClient {
 public:
  // Connects once up front, so a wrong URL or an unreachable server fails here, not later.
  static Result<std::unique_ptr<RedisClient>> connect(const RedisOptions& options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command; every argument is sent binary-safe. An error reply becomes an `io` error.
  Result<Reply> command(const std::vector<std::string_view>& args);
  // EVAL of a Lua script with its keys and arguments.
  Result<Reply> eval(std::string_view script, const std::vector<std::string_view>& keys,
                     const std::vector<std::string_view>& args);

 private:
  struct Connection;
  RedisClient(RedisOptions options, RedisUrl url);
  Result<std::unique_ptr<Connection>> open_connection() const;
  Result<std::unique_ptr<Connection>> take();
  void give_back(std::unique_ptr<Connection> connection);

  RedisOptions options_;
  RedisUrl url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
  std::condition_variable_any available_;
};

}  // namespace cpt::store::redis
