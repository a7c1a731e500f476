// HttpServer's limits, each answered rather than stalled: chunked bodies count, compressed
// bodies stay compressed, oversized headers, header deadlines, per-address connection caps, and
// a slow handler that does not hold up other requests. Raw sockets: the probes are malformed or
// abusive on purpose.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cpt/http/server.h"

namespace cpt::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A connection from `source` (any 127/8 address) to the server; -1 on failure.
int open_from(const char* source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void send_text(int fd, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

// Everything the server sends until it closes or `limit` passes.
std::string read_all(int fd, std::chrono::milliseconds limit) {
  std::string out;
  const auto deadline = Clock::now() + limit;
  char buffer[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

int status_of(const std::string& raw) {
  return raw.starts_with("HTTP/1.") && raw.size() > 12 ? std::atoi(raw.c_str() + 9) : -1;
}

class ServerLimitsTest : public ::testing::Test {
 protected:
  void start(ServerOptions options) {
    server_ = std::make_unique<HttpServer>(options);
    server_->routes().Post("/echo", [](const Request& req, Response& res) {
      res.set_content(
          std::to_string(req.body.size()) + " " + req.get_header_value("Content-Encoding"),
          "text/plain");
    });
    server_->routes().Get(
        "/hello", [](const Request&, Response& res) { res.set_content("hi", "text/plain"); });
    server_->routes().Get("/slow", [](const Request&, Response& res) {
      std::this_thread::sleep_for(1500ms);
      res.set_content("late", "text/plain");
    });
    ASSERT_TRUE(server_->start().has_value());
  }
  std::string exchange(const std::string& request, std::chrono::milliseconds limit = 3s) {
    const int fd = open_from("127.0.0.1", server_->port());
    EXPECT_GE(fd, 0);
    send_text(fd, request);
    std::string raw = read_all(fd, limit);
    ::close(fd);
    return raw;
  }
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerLimitsTest, ChunkedBodiesCountTowardTheLimit) {
  start({.payload_max_length = 1024});
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 8; ++i) request += "200\r\n" + std::string(512, 'a') + "\r\n";
  request += "0\r\n\r\n";
  EXPECT_EQ(status_of(exchange(request)), 413);
  // Under the limit, chunked bodies arrive whole.
  const std::string small =
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n";
  const std::string ok = exchange(small);
  EXPECT_EQ(status_of(ok), 200);
  EXPECT_NE(ok.find("\r\n\r\n3 "), std::string::npos) << ok;
}

TEST_F(ServerLimitsTest, CompressedBodiesAreNeverInflated) {
  start({});
  const std::string gzip_magic = std::string("\x1f\x8b\x08\x00", 4) + std::string(60, '\0');
  const std::string raw = exchange(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(gzip_magic.size()) + "\r\n\r\n" + gzip_magic);
  EXPECT_EQ(status_of(raw), 200);
  EXPECT_NE(raw.find("64 gzip"), std::string::npos) << raw;  // the wire bytes, as sent
}

TEST_F(ServerLimitsTest, OversizedHeadersGet431) {
  start({.header_max_bytes = 8 * 1024});
  const std::string raw =
      exchange("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n");
  EXPECT_EQ(status_of(raw), 431);
}

TEST_F(ServerLimitsTest, HeadersThatDoNotArriveInTimeGet408) {
  start({.read_timeout = 1s});
  const auto started = Clock::now();
  const std::string raw = exchange("GET /hello HTTP/1.1\r\nHost: x\r\n", 4s);  // never finished
  EXPECT_EQ(status_of(raw), 408);
  EXPECT_LT(Clock::now() - started, 3s);
}

TEST_F(ServerLimitsTest, ConnectionsPastThePerAddressCapGet429) {
  start({.max_connections_per_ip = 2});
  const int a = open_from("127.0.0.7", server_->port());
  const int b = open_from("127.0.0.7", server_->port());
  const int c = open_from("127.0.0.7", server_->port());
  ASSERT_GE(c, 0);
  EXPECT_EQ(status_of(read_all(c, 2s)), 429);
  // Another address is unaffected.
  EXPECT_EQ(status_of(exchange("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
            200);
  for (int fd : {a, b, c}) ::close(fd);
}

TEST_F(ServerLimitsTest, ASlowHandlerDoesNotHoldUpOtherRequests) {
  start({.min_threads = 1, .max_threads = 4});
  std::thread slow([this] {
    EXPECT_EQ(status_of(exchange("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
              200);
  });
  std::this_thread::sleep_for(100ms);
  const auto started = Clock::now();
  EXPECT_EQ(status_of(exchange("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
            200);
  EXPECT_LT(Clock::now() - started, 1s);
  slow.join();
}

}  // namespace
}  // namespace cpt::http
