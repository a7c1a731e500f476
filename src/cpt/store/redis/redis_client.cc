#include "cpt/store/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>
#include <utility>

namespace cpt::store::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

Reply copy_reply(const redisReply& r) {
  Reply out;
  switch (r.type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::string;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::status;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::error;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::integer;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::array;
      out.elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i)
        out.elements.push_back(copy_reply(*r.element[i]));
      break;
    default:
      out.type = Reply::Type::nil;
  }
  return out;
}

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<RedisUrl> parse_redis_url(std::string_view url) {
  RedisUrl out;
  for (std::string_view scheme : {"unix://", "redis+unix://"}) {
    if (url.starts_with(scheme)) {
      out.socket_path = std::string(url.substr(scheme.size()));
      if (out.socket_path.empty() || out.socket_path.front() != '/') {
        return fail(ErrorKind::invalid_argument, "redis url: a unix socket needs an absolute path",
                    "The Redis URL's socket path must be absolute (unix:///path/redis.sock).");
      }
      return out;
    }
  }
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) {
    return fail(ErrorKind::invalid_argument, "redis url: unknown scheme",
                "The Redis URL must start with redis:// or unix://.");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view auth = rest.substr(0, at);
    if (const auto colon = auth.find(':'); colon != std::string_view::npos) {
      auth = auth.substr(colon + 1);
    }
    out.password = std::string(auth);
    rest = rest.substr(at + 1);
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) {
      const auto n = to_int(db);
      if (!n || *n < 0) {
        return fail(ErrorKind::invalid_argument, "redis url: bad database number",
                    "The Redis URL's database must be a number (redis://host:6379/0).");
      }
      out.db = *n;
    }
    rest = rest.substr(0, slash);
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    const auto port = to_int(rest.substr(colon + 1));
    if (!port || *port <= 0 || *port > 65535) {
      return fail(ErrorKind::invalid_argument, "redis url: bad port",
                  "The Redis URL's port must be a number from 1 to 65535.");
    }
    out.port = *port;
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) {
    return fail(ErrorKind::invalid_argument, "redis url: no host",
                "The Redis URL names no host (redis://host:6379).");
  }
  out.host = std::string(rest);
  return out;
}

struct RedisClient::Connection {
  redisContext* context = nullptr;
  ~Connection() {
    if (context != nullptr) redisFree(context);
  }
};

RedisClient::RedisClient(RedisOptions options, RedisUrl url)
    : options_(std::move(options)), url_(std::move(url)) {}

RedisClient::~RedisClient() = default;

Result<std::unique_ptr<RedisClient>> RedisClient::connect(const RedisOptions& options) {
  auto url = parse_redis_url(options.url);
  if (!url) return std::unexpected(url.error());
  std::unique_ptr<RedisClient> client(new RedisClient(options, std::move(*url)));
  auto first = client->open_connection();
  if (!first) return std::unexpected(first.error());
  client->open_ = 1;
  client->idle_.push_back(std::move(*first));
  return client;
}

Result<std::unique_ptr<RedisClient::Connection>> RedisClient::open_connection() const {
  auto connection = std::make_unique<Connection>();
  const timeval connect_tv = to_timeval(options_.connect_timeout);
  connection->context = url_.socket_path.empty()
                            ? redisConnectWithTimeout(url_.host.c_str(), url_.port, connect_tv)
                            : redisConnectUnixWithTimeout(url_.socket_path.c_str(), connect_tv);
  if (connection->context == nullptr || connection->context->err != 0) {
    const std::string why =
        connection->context != nullptr ? connection->context->errstr : "out of memory";
    return fail(ErrorKind::io, "redis: cannot connect: " + why,
                "The session store (Redis) cannot be reached.");
  }
  redisSetTimeout(connection->context, to_timeval(options_.command_timeout));
  auto run = [&](std::vector<std::string> args) -> Result<void> {
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    auto* raw = static_cast<redisReply*>(redisCommandArgv(
        connection->context, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (raw == nullptr) return fail(ErrorKind::io, "redis: setup command failed");
    const bool error = raw->type == REDIS_REPLY_ERROR;
    const std::string text = error ? std::string(raw->str, raw->len) : std::string();
    freeReplyObject(raw);
    if (error) return fail(ErrorKind::io, "redis: " + args.front() + " refused: " + text);
    return {};
  };
  if (!url_.password.empty()) {
    if (auto ok = run({"AUTH", url_.password}); !ok) {
      return fail(ErrorKind::io, "redis: AUTH refused", "The session store refused the password.");
    }
  }
  if (url_.db != 0) {
    if (auto ok = run({"SELECT", std::to_string(url_.db)}); !ok) return std::unexpected(ok.error());
  }
  return connection;
}

Result<std::unique_ptr<RedisClient::Connection>> RedisClient::take() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < options_.max_connections; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  auto opened = open_connection();
  if (!opened) {
    lock.lock();
    --open_;
    available_.notify_one();
  }
  return opened;
}

void RedisClient::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  if (connection) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;  // a broken connection is dropped; its slot frees up
  }
  available_.notify_one();
}

Result<Reply> RedisClient::command(const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (const auto a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  // A pooled connection may have been closed by the server (timeout, restart): one more try on a
  // fresh connection. Redis commands here are idempotent or scripted atomically, so a repeat
  // after a lost reply changes nothing twice.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto connection = take();
    if (!connection) return std::unexpected(connection.error());
    auto* raw = static_cast<redisReply*>(redisCommandArgv(
        (*connection)->context, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (raw == nullptr) {
      const std::string why = (*connection)->context->errstr;
      give_back(nullptr);
      if (attempt == 1) {
        return fail(ErrorKind::io, "redis: command failed: " + why,
                    "The session store (Redis) is unavailable.");
      }
      continue;
    }
    Reply reply = copy_reply(*raw);
    freeReplyObject(raw);
    give_back(std::move(*connection));
    if (reply.type == Reply::Type::error) {
      return fail(ErrorKind::io, "redis: " + std::string(args.front()) + ": " + reply.text,
                  "The session store (Redis) refused a request.");
    }
    return reply;
  }
  return fail(ErrorKind::internal, "redis: unreachable");
}

Result<Reply> RedisClient::eval(std::string_view script, const std::vector<std::string_view>& keys,
                                const std::vector<std::string_view>& args) {
  const std::string key_count = std::to_string(keys.size());
  std::vector<std::string_view> all{"EVAL", script, key_count};
  all.insert(all.end(), keys.begin(), keys.end());
  all.insert(all.end(), args.begin(), args.end());
  return command(all);
}

}  // namespace cpt::store::redis
