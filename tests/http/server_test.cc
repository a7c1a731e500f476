// HttpServer: binds an ephemeral loopback port, serves many keep-alive connections, caps
// payloads, stops promptly, and can drop a connection without answering.
#include "cpt/http/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>
#include <vector>

namespace cpt::http {
namespace {

void add_hello(HttpServer& server) {
  server.routes().Get("/hello", [](const Request&, Response& res) {
    res.set_content("hi", "text/plain");
  });
}

TEST(HttpServerTest, StartsOnAnEphemeralLoopbackPortAndServes) {
  HttpServer server;
  add_hello(server);
  auto port = server.start();
  ASSERT_TRUE(port.has_value()) << port.error().describe();
  EXPECT_GT(*port, 0);
  EXPECT_EQ(server.port(), *port);
  EXPECT_TRUE(server.running());
  EXPECT_EQ(server.base_url(), "http://127.0.0.1:" + std::to_string(*port));
  httplib::Client client(server.base_url());
  auto res = client.Get("/hello");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hi");
}

TEST(HttpServerTest, BindKnowsThePortBeforeServing) {
  HttpServer server;
  auto bound = server.bind();
  ASSERT_TRUE(bound.has_value());
  EXPECT_FALSE(server.running());
  add_hello(server);  // routes may be added after bind, before start
  auto started = server.start();
  ASSERT_TRUE(started.has_value());
  EXPECT_EQ(*started, *bound);
  httplib::Client client(server.base_url());
  EXPECT_EQ(client.Get("/hello")->status, 200);
}

TEST(HttpServerTest, APortInUseIsATransportError) {
  HttpServer first;
  ASSERT_TRUE(first.start().has_value());
  ServerOptions options;
  options.port = first.port();
  HttpServer second(options);
  auto result = second.start();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::transport);
}

TEST(HttpServerTest, ServesMoreKeepAliveConnectionsThanItStartedThreadsWith) {
  ServerOptions options;
  options.min_threads = 2;
  HttpServer server(options);
  add_hello(server);
  ASSERT_TRUE(server.start().has_value());
  // 24 clients each hold a keep-alive connection open while making 5 requests: a fixed pool of 2
  // would serve two connections and leave the rest waiting for the keep-alive timeout.
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int i = 0; i < 24; ++i) {
    clients.push_back(std::make_unique<httplib::Client>(server.base_url()));
    clients.back()->set_keep_alive(true);
    clients.back()->set_read_timeout(3);
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (auto& c : clients) {
    threads.emplace_back([&ok, client = c.get()] {
      for (int i = 0; i < 5; ++i) {
        auto res = client->Get("/hello");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 24 * 5);
}

TEST(HttpServerTest, BodiesAboveThePayloadLimitAreRefused) {
  ServerOptions options;
  options.payload_max_length = 1024;
  HttpServer server(options);
  server.routes().Post("/echo", [](const Request& req, Response& res) {
    res.set_content(req.body, "text/plain");
  });
  ASSERT_TRUE(server.start().has_value());
  httplib::Client client(server.base_url());
  auto small = client.Post("/echo", std::string(100, 'a'), "text/plain");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200);
  auto big = client.Post("/echo", std::string(4096, 'a'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

TEST(HttpServerTest, StopClosesIdleKeepAliveConnectionsAndIsIdempotent) {
  HttpServer server;
  add_hello(server);
  ASSERT_TRUE(server.start().has_value());
  httplib::Client client(server.base_url());
  client.set_keep_alive(true);
  ASSERT_EQ(client.Get("/hello")->status, 200);
  server.stop();
  EXPECT_FALSE(server.running());
  server.stop();
  client.set_connection_timeout(1);
  auto after = client.Get("/hello");
  EXPECT_FALSE(after);
}

TEST(HttpServerTest, DropConnectionClosesTheSocketWithoutAResponse) {
  HttpServer server;
  std::atomic<bool> dropped{false};
  server.routes().Get("/drop", [&dropped](const Request& req, Response& res) {
    dropped = drop_connection(req);
    res.set_content("never seen", "text/plain");
  });
  add_hello(server);
  ASSERT_TRUE(server.start().has_value());
  httplib::Client client(server.base_url());
  auto res = client.Get("/drop");
  EXPECT_FALSE(res);
  // The server keeps serving other connections.
  httplib::Client other(server.base_url());
  EXPECT_EQ(other.Get("/hello")->status, 200);
  server.stop();  // joins the handler, which may still be returning from drop_connection
  EXPECT_TRUE(dropped.load());
}

}  // namespace
}  // namespace cpt::http
