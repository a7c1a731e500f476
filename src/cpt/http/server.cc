#include "cpt/http/server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <httplib.h>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace cpt::http {
namespace {

// httplib's ThreadPool has a fixed size and holds one thread per open keep-alive connection, so a
// client opening more connections than threads stalls until one times out. This pool starts small
// and adds a thread whenever a job would otherwise wait.
class GrowingPool final : public httplib::TaskQueue {
 public:
  GrowingPool(std::size_t min_threads, std::size_t max_threads)
      : max_threads_(std::max<std::size_t>(1, max_threads)) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < std::min(min_threads, max_threads_); ++i) spawn();
  }
  ~GrowingPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(fn));
      if (idle_ < jobs_.size() && threads_.size() < max_threads_) spawn();
    }
    cond_.notify_one();
  }

  void shutdown() override {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      shutdown_ = true;
      threads.swap(threads_);
    }
    cond_.notify_all();
    for (auto& thread : threads) thread.join();
  }

 private:
  void spawn() {
    threads_.emplace_back([this] { work(); });
  }

  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ++idle_;
        cond_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // shutting down and drained
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
};

// Exposes the listening socket (protected in httplib) so the backlog can be raised after bind.
class ListeningServer final : public httplib::Server {
 public:
  int listen_socket() const { return svr_sock_; }
};

struct SocketEnds {
  std::string local_addr, peer_addr;
  int local_port = -1, peer_port = -1;
};

std::optional<std::pair<std::string, int>> numeric_name(const sockaddr_storage& addr,
                                                        socklen_t len) {
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof(host), serv,
                  sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return std::nullopt;
  }
  return std::pair<std::string, int>{host, std::atoi(serv)};
}

std::optional<SocketEnds> connected_ends(int fd) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_len = sizeof(local);
  socklen_t peer_len = sizeof(peer);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return std::nullopt;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) return std::nullopt;
  auto l = numeric_name(local, local_len);
  auto p = numeric_name(peer, peer_len);
  if (!l || !p) return std::nullopt;
  return SocketEnds{l->first, p->first, l->second, p->second};
}

// httplib 0.11 never hands a handler its socket, so connected sockets are found by their ends
// among this process's descriptors. Only sockets are inspected (fstat), which keeps this cheap.
template <class Match>
int shutdown_matching_sockets(Match&& match, bool first_only) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    struct stat info {};
    if (fstat(static_cast<int>(fd), &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
    auto ends = connected_ends(static_cast<int>(fd));
    if (!ends || !match(*ends)) continue;
    // Linger 0 turns the eventual close() into a reset instead of a graceful FIN handshake.
    linger no_linger{1, 0};
    setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &no_linger, sizeof(no_linger));
    ::shutdown(static_cast<int>(fd), SHUT_RDWR);
    ++count;
    if (first_only) break;
  }
  closedir(dir);
  return count;
}

// The request as the routes see it.
Request to_request(const httplib::Request& in) {
  Request out;
  out.method = in.method;
  out.path = in.path;
  out.target = in.target;
  out.version = in.version;
  for (const auto& [k, v] : in.headers) out.headers.emplace(k, v);
  out.params = in.params;
  out.body = in.body;
  out.remote_addr = in.remote_addr;
  out.remote_port = in.remote_port;
  out.local_addr = in.local_addr;
  out.local_port = in.local_port;
  return out;
}

void copy_response(const Response& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [k, v] : in.headers) out.headers.emplace(k, v);
  if (in.content_provider) {
    out.set_content_provider(in.content_length, in.get_header_value("Content-Type"),
                             [provider = in.content_provider](
                                 std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                               DataSink ours;
                               ours.write = [&sink](const char* d, std::size_t n) {
                                 return sink.write(d, n);
                               };
                               return provider(offset, length, ours);
                             });
  } else {
    out.body = in.body;
  }
}

// Set while a request runs through the router, so httplib's own error path (413, 400) can tell
// a refusal it made from an answer the router already built.
thread_local bool routed_here = false;

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  Router router;
  ListeningServer server;
  std::thread thread;
  int port = -1;
  bool closed_unserved = false;
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const auto& o = impl_->options;
  auto& s = impl_->server;
  s.new_task_queue = [min = o.min_threads, max = o.max_threads] {
    return new GrowingPool(min, max);
  };
  s.set_payload_max_length(o.payload_max_length);
  s.set_keep_alive_max_count(o.keep_alive_max_count);
  s.set_keep_alive_timeout(static_cast<time_t>(o.keep_alive_timeout.count()));
  s.set_read_timeout(static_cast<time_t>(o.read_timeout.count()));
  s.set_write_timeout(static_cast<time_t>(o.write_timeout.count()));
  s.set_tcp_nodelay(true);
  auto adapter = [&router = impl_->router](const httplib::Request& in, httplib::Response& out) {
    routed_here = true;
    Request req = to_request(in);
    Response res;
    req.drop = [&req] { return drop_connection(req); };
    router.dispatch(req, res);
    copy_response(res, out);
  };
  s.Get(".*", adapter);
  s.Post(".*", adapter);
  s.Put(".*", adapter);
  s.Delete(".*", adapter);
  s.Patch(".*", adapter);
  s.Options(".*", adapter);
  s.set_error_handler(
      [&router = impl_->router](const httplib::Request& in, httplib::Response& out) {
        if (std::exchange(routed_here, false)) return;
        Request req = to_request(in);
        Response res;
        router.refuse(req, res, out.status);
        copy_response(res, out);
      });
  // httplib's default sets SO_REUSEPORT, which lets a second server silently share a port that is
  // already in use; plain SO_REUSEADDR keeps restarts quick and makes a busy port an error.
  s.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
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
  auto& s = impl_->server;
  int port =
      o.port == 0 ? s.bind_to_any_port(o.host) : (s.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0) {
    return fail(ErrorKind::transport, "cannot bind " + o.host + ":" + std::to_string(o.port),
                "The server could not listen on " + o.host + ":" + std::to_string(o.port) +
                    " (address in use or not available).");
  }
  ::listen(s.listen_socket(), o.listen_backlog);
  impl_->port = port;
  return port;
}

Result<int> HttpServer::start() {
  if (impl_->thread.joinable()) return impl_->port;
  auto bound = bind();
  if (!bound) return bound;
  auto& s = impl_->server;
  impl_->thread = std::thread([&s] { s.listen_after_bind(); });
  for (int i = 0; i < 500 && !s.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!s.is_running()) {
    stop();
    return fail(ErrorKind::internal, "server did not start on port " + std::to_string(*bound));
  }
  return *bound;
}

void HttpServer::stop() {
  if (!impl_->thread.joinable()) {
    // Bound but never served: httplib only closes the socket of a running server.
    if (impl_->port > 0 && !impl_->closed_unserved) {
      ::close(impl_->server.listen_socket());
      impl_->closed_unserved = true;
    }
    return;
  }
  impl_->server.stop();
  // Idle keep-alive connections would otherwise hold the pool (and this join) for up to the
  // keep-alive timeout: close them so stop() is prompt.
  const int port = impl_->port;
  shutdown_matching_sockets([port](const SocketEnds& e) { return e.local_port == port; }, false);
  impl_->thread.join();
}

bool HttpServer::running() const {
  return impl_->server.is_running();
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
  auto same_addr = [](const std::string& a, const std::string& b) {
    // getnameinfo may print an IPv4 peer on a dual-stack socket as "::ffff:a.b.c.d".
    return a == b || a == "::ffff:" + b || b == "::ffff:" + a;
  };
  return shutdown_matching_sockets(
             [&](const SocketEnds& e) {
               return e.local_port == request.local_port && e.peer_port == request.remote_port &&
                      same_addr(e.peer_addr, request.remote_addr);
             },
             true) > 0;
}

}  // namespace cpt::http
