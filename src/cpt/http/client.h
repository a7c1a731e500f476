// HttpClient: the transport seam. HTTP 4xx/5xx are data here; only transport failures are errors.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpt/core/error.h"

namespace cpt::http {

// Header list in sending order; names compare case-insensitively on lookup. Value type.
using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of a header (case-insensitive name), or nullopt.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

// One request: method, absolute URL, headers and body. Value type; thread-safe to copy.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  // Overrides the client's total timeout for this request (e.g. an invoice download).
  std::optional<std::chrono::milliseconds> total_timeout;
};

// One response: status, headers (names lower-cased), body and how long it took. Value type.
struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  std::chrono::milliseconds elapsed{0};
  std::string http_version;  // "1.1" or "2"

  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

// Sends HTTP requests. Implementations are thread-safe: send() may be called from many threads.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // A response for every status; errors only for transport (ErrorKind::transport), timeouts
  // (ErrorKind::timeout) and a body over the size cap (ErrorKind::malformed).
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

// An HttpClient backed by a function: handy in tests and benchmarks. Thread-safe if the function
// is.
class FunctionHttpClient final : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  explicit FunctionHttpClient(Handler handler) : handler_(std::move(handler)) {}
  Result<HttpResponse> send(const HttpRequest& request) override { return handler_(request); }

 private:
  Handler handler_;
};

// Percent-encodes everything except RFC 3986 unreserved characters (so ';' becomes %3B).
std::string url_encode(std::string_view text);
// Decodes %XX escapes and, when plus_is_space, '+' as a space (form bodies, query strings).
std::string url_decode(std::string_view text, bool plus_is_space = true);
// "a=1&b=x%20y" from ordered key/value pairs, each part percent-encoded.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
// The value of one query parameter of a URL (decoded), or nullopt.
std::optional<std::string> query_param(std::string_view url, std::string_view name);
// "https://host:port" -> "host" (lower-cased; no port, no user info); empty when not a URL.
std::string url_host(std::string_view url);

}  // namespace cpt::http
