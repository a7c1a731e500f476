// Request and Response: the project's own HTTP message types, the small subset of cpp-httplib's
// API the routes use, so handlers do not depend on which server library parses the bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>

namespace cpt::http {

// Header names compare case-insensitively (RFC 9110 5.1).
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

using HeaderFields = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using QueryParams = std::multimap<std::string, std::string>;

// One received request, fully read (headers, decoded query parameters, raw body). Handlers get
// it by const reference; `matches` holds the route regex's captures over `path`.
struct Request {
  std::string method;
  std::string path;     // percent-decoded path, without the query
  std::string target;   // the request target as sent
  std::string version;  // "HTTP/1.1"
  HeaderFields headers;
  QueryParams params;  // query parameters (and form fields of an urlencoded body)
  std::string body;
  std::string remote_addr;
  int remote_port = -1;
  std::string local_addr;
  int local_port = -1;
  std::smatch matches;
  // Set by the server: closes the connection without answering (fault injection).
  std::function<bool()> drop;

  bool has_header(const std::string& key) const;
  std::string get_header_value(const std::string& key, std::size_t id = 0) const;
  std::size_t get_header_value_count(const std::string& key) const;
  bool has_param(const std::string& key) const;
  std::string get_param_value(const std::string& key, std::size_t id = 0) const;
  std::size_t get_param_value_count(const std::string& key) const;
};

// Where a content provider writes its body pieces. write() returns false once the client is gone.
class DataSink {
 public:
  std::function<bool(const char* data, std::size_t length)> write;
};

// Produces `length` bytes of body starting at `offset`; false aborts the response.
using ContentProvider = std::function<bool(std::size_t offset, std::size_t length, DataSink& sink)>;

// The answer a handler builds. status -1 means "not set" (the server sends 200 for a routed
// request, 404 otherwise).
struct Response {
  int status = -1;
  HeaderFields headers;
  std::string body;
  // A streamed body, produced piecewise after the handler returns (used for slow bodies).
  std::size_t content_length = 0;
  ContentProvider content_provider;

  bool has_header(const std::string& key) const;
  std::string get_header_value(const std::string& key, std::size_t id = 0) const;
  // Appends a header (as cpp-httplib does); values with CR or LF are refused.
  void set_header(const std::string& key, const std::string& value);
  void set_content(const std::string& content, const std::string& content_type);
  void set_content(std::string&& content, const std::string& content_type);
  void set_redirect(const std::string& url, int status = 302);
  void set_content_provider(std::size_t length, const std::string& content_type,
                            ContentProvider provider);
};

}  // namespace cpt::http
