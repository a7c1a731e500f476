// HttpServer: a small embedded HTTP/1.1 server (cpp-httplib 0.11) that binds, serves in a
// background thread and stops cleanly; used by the simulator and later by the CPT service.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "cpt/core/error.h"

#include "cpt/http/message.h"
#include "cpt/http/router.h"

namespace cpt::http {

// How a server binds and how much it accepts. Plain values; loopback by default.
struct ServerOptions {
  std::string host = "127.0.0.1";  // bind address; production sits behind a TLS reverse proxy
  int port = 0;                    // 0 = an ephemeral port, read back with HttpServer::port()
  std::size_t min_threads = 4;     // worker threads started up front
  std::size_t max_threads = 512;   // the pool grows on demand up to this (one per open connection)
  std::size_t payload_max_length = 1 << 20;    // request bodies above this get 413
  std::size_t keep_alive_max_count = 100000;   // requests per keep-alive connection
  std::chrono::seconds keep_alive_timeout{5};  // idle keep-alive connection lifetime
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  int listen_backlog = 1024;  // raised after bind: httplib 0.11 hard-codes 5
};

// One listening server. Register routes on routes() before start(); start() returns once the
// socket accepts connections. Handlers run on pool threads (one per open connection), so they
// must be thread-safe. start/stop are not meant to race each other; the destructor stops.
class HttpServer {
 public:
  explicit HttpServer(ServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The route table, for registering handlers before start().
  Router& routes();

  // Binds host:port without serving yet, so the port is known before handlers are registered.
  // Returns the bound port or a transport error. Idempotent.
  Result<int> bind();
  // Binds (if bind() was not called) and serves in a background thread; returns the port once
  // the socket accepts connections.
  Result<int> start();
  // Stops accepting, closes connections and joins the serving thread. Idempotent.
  void stop();

  bool running() const;
  int port() const;
  // "http://127.0.0.1:PORT" (IPv6 hosts are bracketed).
  std::string base_url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Closes the connection a request arrived on without answering it (the client sees the socket
// close before any response byte). For fault injection; the handler's response is discarded.
// Returns false when the connection's socket could not be found.
bool drop_connection(const Request& request);

}  // namespace cpt::http
