// CurlHttpClient: the libcurl transport (HTTP/2 where offered, TLS always verified, reused
// connections, timeouts and a response size cap).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "cpt/http/client.h"

namespace cpt::http {

// Plain options for the libcurl client; defaults are production-safe.
struct CurlOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  std::size_t max_response_bytes = 8 * 1024 * 1024;  // larger bodies fail as malformed
  std::string ca_file;                               // empty: the system CA store
  bool http2 = true;                                 // CURL_HTTP_VERSION_2TLS
  std::string user_agent = "car-pulse-tracker/0.1";
  // Easy handles (and their connections) kept for reuse. A client that serves one order at a time
  // sets it to tesla.max_in_flight, so no request in flight has to open a connection; the
  // service's shared client keeps 16 (more idle sockets held for every order is a cost too).
  std::size_t max_idle_handles = 16;
};

// libcurl client. Keeps a pool of easy handles so connections (and TLS sessions) are reused;
// proxies come from the standard environment variables (libcurl's default). Thread-safe.
class CurlHttpClient final : public HttpClient {
 public:
  static Result<std::unique_ptr<CurlHttpClient>> create(CurlOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override;

  // Connections opened so far (a reuse check for tests and benchmarks).
  long connections_opened() const;

 private:
  struct Impl;
  explicit CurlHttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpt::http
