// HttpServer: the embedded HTTP/1.1 server of the service and the simulator. Event-driven
// (libmicrohttpd on epoll): connections cost no thread; handlers run on a bounded worker pool;
// every request is held to size, time and connection limits (docs/decisions/0004).
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
  std::string host = "127.0.0.1";   // bind address; production sits behind a TLS reverse proxy
  int port = 0;                     // 0 = an ephemeral port, read back with HttpServer::port()
  std::size_t polling_threads = 2;  // event loops reading and writing sockets (libmicrohttpd)
  std::size_t min_threads = 4;      // handler threads started up front
  std::size_t max_threads = 512;    // the handler pool grows on demand up to this
  std::size_t max_queued = 1024;    // requests waiting for a handler thread; past it, 503
  std::size_t payload_max_length = 1 << 20;    // request bodies above this (chunked too) get 413
  std::size_t header_max_bytes = 32 * 1024;    // request line + headers above this get 431
  std::size_t max_connections = 4000;          // open connections in total; past it, 503
  std::size_t max_connections_per_ip = 256;    // open connections per client address; past it, 429
  std::size_t keep_alive_max_count = 100000;   // kept for callers; libmicrohttpd has no such cap
  std::chrono::seconds keep_alive_timeout{5};  // idle keep-alive connection lifetime
  std::chrono::seconds read_timeout{5};        // the whole header block, from the connection's
                                               // start or its previous answer; past it, 408
  std::chrono::seconds request_timeout{30};    // the whole request including its body; 408
  std::chrono::seconds write_timeout{5};       // a client not reading its answer
  int listen_backlog = 1024;
};

// One listening server. Register routes on routes() before start(); start() returns once the
// socket accepts connections. Handlers run on pool threads, so they must be thread-safe.
// start/stop are not meant to race each other; the destructor stops.
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
  // Stops accepting, closes connections and joins the serving threads. Idempotent.
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
// Returns false when the connection could not be dropped.
bool drop_connection(const Request& request);

}  // namespace cpt::http
