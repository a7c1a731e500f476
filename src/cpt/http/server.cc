#include "cpt/http/server.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "cpt/http/wire.h"
#include "cpt/http/worker_pool.h"

namespace cpt::http {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// Where a connection is in its current request; the reaper applies the matching deadline.
enum class Phase : int { idle, headers, body, handling, refused };

// One TCP connection, from libmicrohttpd's STARTED notification to CLOSED.
struct Connection {
  int fd = -1;
  std::string ip;
  int port = -1;
  std::atomic<std::int64_t> since{0};  // connection start, previous answer or request line
  std::atomic<Phase> phase{Phase::idle};
};

// One request on a connection (libmicrohttpd's per-request context).
struct Exchange {
  Connection* conn = nullptr;
  MHD_Connection* mhd = nullptr;
  Request req;
  Response res;
  bool started = false;     // the access handler has seen the headers
  bool refused = false;     // answered (413/408) on the socket; the rest is discarded
  bool dispatched = false;  // handed to the worker pool
};

std::string numeric_host(const sockaddr* addr, int* port) {
  if (addr == nullptr) return {};
  const socklen_t len = addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(addr, len, host, sizeof(host), serv, sizeof(serv),
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return {};
  }
  std::from_chars(serv, serv + std::strlen(serv), *port);
  std::string out = host;
  // A dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d; limits and logs want a.b.c.d.
  if (out.starts_with("::ffff:") && out.find('.') != std::string::npos) out.erase(0, 7);
  return out;
}

MHD_Result collect(void* cls, MHD_ValueKind, const char* key, const char* value) {
  static_cast<std::multimap<std::string, std::string, CaseInsensitiveLess>*>(cls)->emplace(
      key, value == nullptr ? "" : value);
  return MHD_YES;
}

MHD_Result collect_param(void* cls, MHD_ValueKind, const char* key, const char* value) {
  static_cast<QueryParams*>(cls)->emplace(key, value == nullptr ? "" : value);
  return MHD_YES;
}

MHD_Result queue(MHD_Connection* mhd, Response& res) {
  auto* body = new std::string(std::move(res.body));
  MHD_Response* out = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), [](void* p) { delete static_cast<std::string*>(p); }, body);
  if (out == nullptr) {
    delete body;
    return MHD_NO;
  }
  for (const auto& [key, value] : res.headers) {
    if (key == "Content-Length" || key == "Transfer-Encoding") continue;
    MHD_add_response_header(out, key.c_str(), value.c_str());
  }
  const int status = res.status >= 100 && res.status <= 599 ? res.status : 500;
  const MHD_Result queued = MHD_queue_response(mhd, static_cast<unsigned>(status), out);
  MHD_destroy_response(out);
  return queued;
}

// A streamed body (the simulator's slow fault) is produced on the worker, pauses included.
void materialize(Response& res) {
  if (!res.content_provider) return;
  std::string body;
  DataSink sink;
  sink.write = [&body](const char* data, std::size_t length) {
    body.append(data, length);
    return true;
  };
  while (body.size() < res.content_length) {
    const std::size_t before = body.size();
    if (!res.content_provider(before, res.content_length - before, sink)) break;
    if (body.size() == before) break;  // a provider that writes nothing would spin
  }
  res.body = std::move(body);
  res.content_provider = nullptr;
}

std::optional<std::size_t> declared_length(const Request& req) {
  const std::string value = req.get_header_value("Content-Length");
  std::size_t length = 0;
  if (value.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (ec != std::errc{}) return std::numeric_limits<std::size_t>::max();
  return length;
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  Router router;
  int listen_fd = -1;
  int port = -1;
  MHD_Daemon* daemon = nullptr;
  std::unique_ptr<WorkerPool> pool;

  std::mutex conns_mutex;
  std::unordered_set<Connection*> conns;
  std::unordered_map<std::string, std::size_t> per_ip;

  std::thread reaper;
  std::mutex reaper_mutex;
  std::condition_variable reaper_wake;
  bool stopping = false;

  static void on_connection(void* cls, MHD_Connection* mhd, void** socket_context,
                            MHD_ConnectionNotificationCode code);
  static void* on_request_line(void* cls, const char* uri, MHD_Connection* mhd);
  static MHD_Result on_access(void* cls, MHD_Connection* mhd, const char* url, const char* method,
                              const char* version, const char* upload, std::size_t* upload_size,
                              void** con_cls);
  static void on_completed(void* cls, MHD_Connection* mhd, void** con_cls,
                           MHD_RequestTerminationCode code);

  void admit(Connection& conn);
  MHD_Result begin(Exchange& ex, const char* url, const char* method, const char* version);
  void receive(Exchange& ex, const char* data, std::size_t size);
  void refuse(Exchange& ex, int status);
  void dispatch(Exchange& ex);
  void run(Exchange& ex);
  void reap();
};

void HttpServer::Impl::on_connection(void* cls, MHD_Connection* mhd, void** socket_context,
                                     MHD_ConnectionNotificationCode code) {
  auto& self = *static_cast<Impl*>(cls);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    auto* conn = new Connection;
    conn->fd = MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_CONNECTION_FD)->connect_fd;
    conn->ip = numeric_host(
        MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_CLIENT_ADDRESS)->client_addr, &conn->port);
    conn->since = now_ns();
    *socket_context = conn;
    self.admit(*conn);
    return;
  }
  auto* conn = static_cast<Connection*>(*socket_context);
  if (conn == nullptr) return;
  {
    std::lock_guard lock(self.conns_mutex);
    self.conns.erase(conn);
    auto it = self.per_ip.find(conn->ip);
    if (it != self.per_ip.end() && --it->second == 0) self.per_ip.erase(it);
  }
  delete conn;
  *socket_context = nullptr;
}

// Counts the connection; past a cap it is answered at once and closed, so a client holding many
// sockets gets a clear refusal and everyone else keeps their share.
void HttpServer::Impl::admit(Connection& conn) {
  std::size_t total = 0;
  std::size_t from_ip = 0;
  {
    std::lock_guard lock(conns_mutex);
    conns.insert(&conn);
    total = conns.size();
    from_ip = ++per_ip[conn.ip];
  }
  if (total > options.max_connections) {
    conn.phase = Phase::refused;
    answer_and_shut(conn.fd, closing_error(503, "server_busy", "Too many open connections."));
  } else if (from_ip > options.max_connections_per_ip) {
    conn.phase = Phase::refused;
    answer_and_shut(conn.fd, closing_error(429, "too_many_connections",
                                           "Too many open connections from this address."));
  }
}

void* HttpServer::Impl::on_request_line(void* /*cls*/, const char* /*uri*/, MHD_Connection* mhd) {
  auto* ex = new Exchange;
  ex->mhd = mhd;
  ex->conn = static_cast<Connection*>(
      MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_SOCKET_CONTEXT)->socket_context);
  if (ex->conn != nullptr && ex->conn->phase != Phase::refused) {
    ex->conn->since = now_ns();
    ex->conn->phase = Phase::headers;
  }
  return ex;
}

void HttpServer::Impl::on_completed(void* /*cls*/, MHD_Connection* /*mhd*/, void** con_cls,
                                    MHD_RequestTerminationCode /*code*/) {
  auto* ex = static_cast<Exchange*>(*con_cls);
  if (ex == nullptr) return;
  if (ex->conn != nullptr && ex->conn->phase != Phase::refused) {
    ex->conn->since = now_ns();
    ex->conn->phase = Phase::idle;
  }
  delete ex;
  *con_cls = nullptr;
}

MHD_Result HttpServer::Impl::on_access(void* cls, MHD_Connection* /*mhd*/, const char* url,
                                       const char* method, const char* version, const char* upload,
                                       std::size_t* upload_size, void** con_cls) {
  auto& self = *static_cast<Impl*>(cls);
  auto* ex = static_cast<Exchange*>(*con_cls);
  if (ex == nullptr || ex->conn == nullptr) return MHD_NO;
  if (ex->refused) {
    // Already answered: swallow what is in flight, so the close is not a reset that could
    // destroy the answer before the client reads it.
    const bool more = *upload_size > 0;
    *upload_size = 0;
    return more ? MHD_YES : MHD_NO;
  }
  if (ex->conn->phase == Phase::refused) return MHD_NO;
  if (!ex->started) return self.begin(*ex, url, method, version);
  if (*upload_size > 0) {
    self.receive(*ex, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  if (!ex->dispatched) {
    self.dispatch(*ex);
    return MHD_YES;
  }
  return queue(ex->mhd, ex->res);  // resumed: the worker has finished
}

MHD_Result HttpServer::Impl::begin(Exchange& ex, const char* url, const char* method,
                                   const char* version) {
  ex.started = true;
  ex.conn->phase = Phase::body;
  Request& req = ex.req;
  req.method = method;
  req.path = url;
  req.target = url;
  req.version = version;
  req.remote_addr = ex.conn->ip;
  req.remote_port = ex.conn->port;
  req.local_port = port;
  MHD_get_connection_values(ex.mhd, MHD_HEADER_KIND, collect, &req.headers);
  MHD_get_connection_values(ex.mhd, MHD_GET_ARGUMENT_KIND, collect_param, &req.params);
  const auto declared = declared_length(req);
  if (declared && *declared > options.payload_max_length) {
    // Refused before a body byte is read; the connection closes after the answer.
    ex.refused = true;
    router.refuse(req, ex.res, 413);
    ex.res.set_header("Connection", "close");
    return queue(ex.mhd, ex.res);
  }
  return MHD_YES;
}

// Bodies are counted as they arrive, chunked or not, and never decompressed.
void HttpServer::Impl::receive(Exchange& ex, const char* data, std::size_t size) {
  if (ex.refused) return;  // discarding what follows a refusal
  if (ex.req.body.size() + size > options.payload_max_length) {
    refuse(ex, 413);
    return;
  }
  const auto age = std::chrono::nanoseconds(now_ns() - ex.conn->since.load());
  if (age > options.request_timeout) {
    refuse(ex, 408);
    return;
  }
  ex.req.body.append(data, size);
}

// Answers on the socket mid-body (libmicrohttpd queues answers only before or after the body)
// and stops both directions; the client reads the answer, then the end of the stream.
void HttpServer::Impl::refuse(Exchange& ex, int status) {
  ex.refused = true;
  ex.req.body.clear();
  ex.req.body.shrink_to_fit();
  Response res;
  router.refuse(ex.req, res, status);
  ex.conn->phase = Phase::refused;
  answer_and_shut(ex.conn->fd, closing_response(res));
}

void HttpServer::Impl::dispatch(Exchange& ex) {
  ex.dispatched = true;
  ex.conn->phase = Phase::handling;
  if (ex.req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded")) {
    parse_form(ex.req.body, ex.req.params);
  }
  MHD_suspend_connection(ex.mhd);
  if (!pool->try_submit([this, &ex] { run(ex); })) {
    router.refuse(ex.req, ex.res, 503);
    ex.res.set_header("Retry-After", "1");
    MHD_resume_connection(ex.mhd);
  }
}

// On a worker thread. Resuming is the last touch: the exchange may be freed right after.
void HttpServer::Impl::run(Exchange& ex) {
  const int fd = ex.conn->fd;
  ex.req.drop = [fd] {
    // Linger 0 turns the eventual close() into a reset instead of a graceful FIN handshake.
    linger no_linger{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof(no_linger));
    return ::shutdown(fd, SHUT_RDWR) == 0;
  };
  try {
    router.dispatch(ex.req, ex.res);
    materialize(ex.res);
  } catch (const std::exception&) {
    ex.res = Response{};
    router.refuse(ex.req, ex.res, 500);
  }
  MHD_resume_connection(ex.mhd);
}

// Enforces the header and whole-request deadlines libmicrohttpd lacks (its own timeout is per
// read, which a client sending a byte now and then never trips).
void HttpServer::Impl::reap() {
  std::unique_lock wait_lock(reaper_mutex);
  while (!reaper_wake.wait_for(wait_lock, std::chrono::milliseconds(200),
                               [this] { return stopping; })) {
    const std::int64_t now = now_ns();
    const auto header_limit = std::chrono::nanoseconds(options.read_timeout).count();
    const auto request_limit = std::chrono::nanoseconds(options.request_timeout).count();
    std::lock_guard lock(conns_mutex);
    for (Connection* conn : conns) {
      const Phase phase = conn->phase;
      const std::int64_t age = now - conn->since;
      if ((phase == Phase::headers && age > header_limit) ||
          (phase == Phase::body && age > request_limit)) {
        conn->phase = Phase::refused;
        answer_and_shut(conn->fd, closing_error(408, "request_timeout",
                                                "The request took too long to arrive."));
      } else if (phase == Phase::idle && age > header_limit + request_limit) {
        ::shutdown(conn->fd, SHUT_RDWR);  // trickling bytes that never form a request line
      }
    }
  }
}

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

HttpServer::~HttpServer() {
  stop();
}

Router& HttpServer::routes() {
  return impl_->router;
}

Result<int> HttpServer::bind() {
  if (impl_->port > 0) return impl_->port;
  const auto& o = impl_->options;
  auto failure = [&o] {
    return fail(ErrorKind::transport, "cannot bind " + o.host + ":" + std::to_string(o.port),
                "The server could not listen on " + o.host + ":" + std::to_string(o.port) +
                    " (address in use or not available).");
  };
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(o.port);
  if (getaddrinfo(o.host.empty() ? nullptr : o.host.c_str(), service.c_str(), &hints, &found) !=
      0) {
    return failure();
  }
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    // Plain SO_REUSEADDR keeps restarts quick; no SO_REUSEPORT, so a port in use is an error.
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, o.listen_backlog) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return failure();
  sockaddr_storage local{};
  socklen_t len = sizeof(local);
  getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  int port = -1;
  numeric_host(reinterpret_cast<const sockaddr*>(&local), &port);
  impl_->listen_fd = fd;
  impl_->port = port;
  return port;
}

Result<int> HttpServer::start() {
  auto& impl = *impl_;
  if (impl.daemon != nullptr) return impl.port;
  auto bound = bind();
  if (!bound) return bound;
  const auto& o = impl.options;
  // Past the descriptor limit accept() fails and clients wait in the backlog; capping below it
  // keeps the answer a clean 503. Raise the soft limit toward the hard one first.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    const rlim_t wanted = static_cast<rlim_t>(o.max_connections) + 256;
    if (files.rlim_cur < wanted) {
      files.rlim_cur = std::min(wanted, files.rlim_max);
      setrlimit(RLIMIT_NOFILE, &files);
    }
    const auto usable = static_cast<std::size_t>(files.rlim_cur > 256 ? files.rlim_cur - 256 : 64);
    impl.options.max_connections = std::min(o.max_connections, usable);
  }
  impl.pool = std::make_unique<WorkerPool>(o.min_threads, o.max_threads, o.max_queued);
  sockaddr_storage local{};
  socklen_t len = sizeof(local);
  getsockname(impl.listen_fd, reinterpret_cast<sockaddr*>(&local), &len);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ITC | MHD_USE_TURBO;
  if (local.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  // libmicrohttpd's own caps sit above ours, so that ours can still answer 429/503.
  const auto hard_total = static_cast<unsigned>(o.max_connections + 64);
  const auto hard_per_ip = static_cast<unsigned>(o.max_connections_per_ip + 64);
  const auto idle_timeout =
      static_cast<unsigned>(std::max(o.keep_alive_timeout, o.write_timeout).count());
  impl.daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Impl::on_access, &impl, MHD_OPTION_LISTEN_SOCKET, impl.listen_fd,
      MHD_OPTION_NOTIFY_CONNECTION, &Impl::on_connection, &impl, MHD_OPTION_URI_LOG_CALLBACK,
      &Impl::on_request_line, &impl, MHD_OPTION_NOTIFY_COMPLETED, &Impl::on_completed, &impl,
      MHD_OPTION_CONNECTION_LIMIT, hard_total, MHD_OPTION_PER_IP_CONNECTION_LIMIT, hard_per_ip,
      MHD_OPTION_CONNECTION_TIMEOUT, idle_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      o.header_max_bytes, MHD_OPTION_END);
  if (impl.daemon == nullptr) {
    impl.pool.reset();
    stop();
    return fail(ErrorKind::internal, "server did not start on port " + std::to_string(*bound));
  }
  impl.stopping = false;
  impl.reaper = std::thread([&impl] { impl.reap(); });
  return *bound;
}

void HttpServer::stop() {
  auto& impl = *impl_;
  if (impl.reaper.joinable()) {
    {
      std::lock_guard lock(impl.reaper_mutex);
      impl.stopping = true;
    }
    impl.reaper_wake.notify_all();
    impl.reaper.join();
  }
  if (impl.daemon != nullptr) {
    // Stop accepting, finish the handlers (each resumes its connection), then close everything.
    const bool handed_back = MHD_quiesce_daemon(impl.daemon) >= 0;
    impl.pool->shutdown();
    MHD_stop_daemon(impl.daemon);
    impl.daemon = nullptr;
    impl.pool.reset();
    if (!handed_back) impl.listen_fd = -1;  // closed by MHD_stop_daemon
  }
  if (impl.listen_fd >= 0) {
    ::close(impl.listen_fd);  // quiesce handed the listening socket back to us
    impl.listen_fd = -1;
  }
}

bool HttpServer::running() const {
  return impl_->daemon != nullptr;
}

int HttpServer::port() const {
  return impl_->port;
}

std::string HttpServer::base_url() const {
  std::string host = impl_->options.host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port);
}

bool drop_connection(const Request& request) {
  return request.drop ? request.drop() : false;
}

}  // namespace cpt::http
