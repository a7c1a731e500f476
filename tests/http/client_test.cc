#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cpt/http/client.h"
#include "cpt/http/curl_client.h"

namespace cpt::http {
namespace {

// A real loopback server on port 0, as the transport tests need real sockets.
class LocalServer {
 public:
  LocalServer() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(24); };
    // httplib closes a connection after 5 requests by default, which would make the
    // connection-count assertions depend on how the threads happen to interleave.
    server_.set_keep_alive_max_count(1000);
    server_.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Custom-Thing", "42");
      res.set_content(R"({"response":"hi"})", "application/json");
    });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content(R"({"error":"not_found"})", "application/json");
    });
    server_.Get("/boom", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_content("down", "text/plain");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(64 * 1024, 'x'), "text/plain");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 201;
      res.set_content(req.get_header_value("Content-Type") + "|" +
                          req.get_header_value("Authorization") + "|" + req.body,
                      "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

template <class F>
CurlOptions options_with(F change) {
  CurlOptions options;
  change(options);
  return options;
}

std::unique_ptr<CurlHttpClient> make_client(CurlOptions options = {}) {
  auto client = CurlHttpClient::create(std::move(options));
  EXPECT_TRUE(client.has_value());
  return std::move(*client);
}

TEST(CurlHttpClient, GetReturnsStatusBodyAndLowerCasedHeaders) {
  LocalServer server;
  auto client = make_client();
  auto response = client->send(get(server.url("/hello")));
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"response":"hi"})");
  EXPECT_EQ(response->header("x-custom-thing").value_or(""), "42");
  EXPECT_EQ(response->header("X-CUSTOM-THING").value_or(""), "42");
  EXPECT_EQ(response->http_version, "1.1");
}

TEST(CurlHttpClient, ErrorStatusesAreDataNotErrors) {
  LocalServer server;
  auto client = make_client();
  auto missing = client->send(get(server.url("/missing")));
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, R"({"error":"not_found"})");
  auto boom = client->send(get(server.url("/boom")));
  ASSERT_TRUE(boom.has_value());
  EXPECT_EQ(boom->status, 503);
}

TEST(CurlHttpClient, PostSendsBodyAndHeaders) {
  LocalServer server;
  auto client = make_client();
  HttpRequest request = get(server.url("/echo"));
  request.method = "POST";
  request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer abc"}};
  request.body = R"({"vins":["X"]})";
  auto response = client->send(request);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"(application/json|Bearer abc|{"vins":["X"]})");
}

TEST(CurlHttpClient, BodyOverTheCapIsMalformed) {
  LocalServer server;
  auto client = make_client(options_with([](CurlOptions& o) { o.max_response_bytes = 1000; }));
  auto response = client->send(get(server.url("/big")));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::malformed);
  // The same client still works afterwards.
  auto ok = client->send(get(server.url("/hello")));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
}

TEST(CurlHttpClient, TotalTimeoutIsTimeout) {
  LocalServer server;
  auto client = make_client(
      options_with([](CurlOptions& o) { o.total_timeout = std::chrono::milliseconds(200); }));
  auto response = client->send(get(server.url("/slow")));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::timeout);
}

TEST(CurlHttpClient, PerRequestTimeoutOverridesTheDefault) {
  LocalServer server;
  auto client = make_client(
      options_with([](CurlOptions& o) { o.total_timeout = std::chrono::milliseconds(100); }));
  HttpRequest request = get(server.url("/slow"));
  request.total_timeout = std::chrono::seconds(10);
  auto response = client->send(request);
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(response->body, "late");
}

TEST(CurlHttpClient, RefusedConnectionIsTransport) {
  int port = 0;
  {
    LocalServer server;  // bind, learn a free port, then close it
    port = std::stoi(server.url("").substr(std::string("http://127.0.0.1:").size()));
  }
  auto client = make_client();
  auto response = client->send(get("http://127.0.0.1:" + std::to_string(port) + "/x"));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::transport);
}

TEST(CurlHttpClient, ErrorMessagesDoNotCarrySecretsFromTheUrl) {
  auto client = make_client(
      options_with([](CurlOptions& o) { o.connect_timeout = std::chrono::milliseconds(500); }));
  auto response = client->send(get("http://127.0.0.1:1/cb?code=SECRETCODE123&state=abc"));
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().log_message.find("SECRETCODE123"), std::string::npos)
      << response.error().log_message;
}

TEST(CurlHttpClient, SequentialRequestsReuseOneConnection) {
  LocalServer server;
  auto client = make_client();
  for (int i = 0; i < 5; ++i) {
    auto response = client->send(get(server.url("/hello")));
    ASSERT_TRUE(response.has_value());
  }
  EXPECT_EQ(client->connections_opened(), 1);
}

TEST(CurlHttpClient, ConcurrentSendsAllSucceed) {
  LocalServer server;
  auto client = make_client();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto response = client->send(get(server.url("/hello")));
        if (response && response->status == 200 && response->body == R"({"response":"hi"})") ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 80);
  // Handles return to the pool, so connections are reused rather than one per request.
  EXPECT_LE(client->connections_opened(), 16);
}

TEST(UrlHelpers, EncodeKeepsUnreservedAndEscapesSemicolon) {
  EXPECT_EQ(url_encode("charge_state;climate_state"), "charge_state%3Bclimate_state");
  EXPECT_EQ(url_encode("a b/c~d"), "a%20b%2Fc~d");
  EXPECT_EQ(url_decode("a%20b+c%3B"), "a b c;");
  EXPECT_EQ(url_decode("100%"), "100%");
}

TEST(UrlHelpers, FormEncodeJoinsPairsInOrder) {
  EXPECT_EQ(form_encode({{"grant_type", "refresh_token"}, {"scope", "openid offline_access"}}),
            "grant_type=refresh_token&scope=openid%20offline_access");
}

TEST(UrlHelpers, QueryParamFindsDecodedValues) {
  const std::string url = "http://x/cb?state=s%201&code=abc+d#frag";
  EXPECT_EQ(query_param(url, "code").value_or("?"), "abc d");
  EXPECT_EQ(query_param(url, "state").value_or("?"), "s 1");
  EXPECT_FALSE(query_param(url, "missing").has_value());
  EXPECT_FALSE(query_param("http://x/cb", "code").has_value());
}

TEST(UrlHelpers, HostIsLowerCasedWithoutPortOrUser) {
  EXPECT_EQ(url_host("https://Fleet-API.prd.NA.vn.cloud.tesla.com:443/api/1"),
            "fleet-api.prd.na.vn.cloud.tesla.com");
  EXPECT_EQ(url_host("http://user:pw@127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(url_host("not a url"), "");
}

}  // namespace
}  // namespace cpt::http
