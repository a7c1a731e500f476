#include "cpt/http/curl_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <vector>

#include "cpt/core/redact.h"

namespace cpt::http {
namespace {

// curl_global_init is not thread-safe; run it once for the process and never clean up (other
// libraries in the process may still use libcurl at exit).
void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResponse* response = nullptr;
  std::size_t cap = 0;
  bool over_cap = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->response->body.size() + bytes > transfer->cap) {
    transfer->over_cap = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response->body.append(data, bytes);
  return bytes;
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    // A new status line (after a 100 Continue): headers of the earlier one do not apply.
    transfer->response->headers.clear();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name = trim(line.substr(0, colon));
  std::ranges::transform(name, name.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  transfer->response->headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
  return bytes;
}

std::string version_text(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

Error transfer_error(CURLcode code, const Transfer& transfer, const HttpRequest& request,
                     std::size_t cap) {
  const std::string where = redact::text(request.method + " " + request.url);
  if (transfer.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorKind::malformed, "response body exceeds the cap of " +
                                                std::to_string(cap) + " bytes: " + where);
  }
  const std::string detail = std::string(curl_easy_strerror(code)) + ": " + where;
  if (code == CURLE_OPERATION_TIMEDOUT) return make_error(ErrorKind::timeout, detail);
  return make_error(ErrorKind::transport, detail);
}

}  // namespace

struct CurlHttpClient::Impl {
  CurlOptions options;
  CURLSH* share = nullptr;
  std::mutex share_mutex[CURL_LOCK_DATA_LAST];
  std::mutex pool_mutex;
  std::vector<CURL*> idle;
  std::atomic<long> connections{0};

  ~Impl() {
    for (CURL* handle : idle) curl_easy_cleanup(handle);
    if (share != nullptr) curl_share_cleanup(share);
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_mutex[data].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->share_mutex[data].unlock();
  }

  CURL* acquire() {
    {
      std::lock_guard guard(pool_mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void release(CURL* handle) {
    std::lock_guard guard(pool_mutex);
    if (idle.size() < options.max_idle_handles) {
      idle.push_back(handle);
      return;
    }
    curl_easy_cleanup(handle);
  }

  Result<curl_slist*> configure(CURL* handle, const HttpRequest& request, Transfer& transfer) const;
};

Result<curl_slist*> CurlHttpClient::Impl::configure(CURL* handle, const HttpRequest& request,
                                                    Transfer& transfer) const {
  // curl_easy_reset keeps the handle's live connections, DNS and TLS session caches.
  curl_easy_reset(handle);
  curl_easy_setopt(handle, CURLOPT_SHARE, share);
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTP_VERSION,
                   options.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(
      handle, CURLOPT_TIMEOUT_MS,
      static_cast<long>(request.total_timeout.value_or(options.total_timeout).count()));
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);

  if (request.method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method != "POST") {
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
  }

  curl_slist* list = nullptr;
  // libcurl adds "Expect: 100-continue" to larger POSTs; Tesla's API gains nothing from the wait.
  list = curl_slist_append(list, "Expect:");
  for (const auto& [name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) {
      curl_slist_free_all(list);
      return fail(ErrorKind::internal, "curl_slist_append failed");
    }
    list = next;
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, list);
  return list;
}

CurlHttpClient::CurlHttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CurlHttpClient::~CurlHttpClient() = default;

Result<std::unique_ptr<CurlHttpClient>> CurlHttpClient::create(CurlOptions options) {
  global_init_once();
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->share = curl_share_init();
  if (impl->share == nullptr) return fail(ErrorKind::internal, "curl_share_init failed");
  // DNS and TLS sessions are shared (thread-safe with the lock callbacks); connections stay per
  // easy handle because libcurl does not support sharing them across concurrent threads.
  curl_share_setopt(impl->share, CURLSHOPT_LOCKFUNC, &Impl::lock);
  curl_share_setopt(impl->share, CURLSHOPT_UNLOCKFUNC, &Impl::unlock);
  curl_share_setopt(impl->share, CURLSHOPT_USERDATA, impl.get());
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  return std::unique_ptr<CurlHttpClient>(new CurlHttpClient(std::move(impl)));
}

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
  CURL* handle = impl_->acquire();
  if (handle == nullptr) return fail(ErrorKind::internal, "curl_easy_init failed");
  HttpResponse response;
  Transfer transfer{&response, impl_->options.max_response_bytes, false};
  auto headers = impl_->configure(handle, request, transfer);
  if (!headers) {
    impl_->release(handle);
    return std::unexpected(headers.error());
  }
  const CURLcode code = curl_easy_perform(handle);
  curl_slist_free_all(*headers);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);

  long connects = 0;
  curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &connects);
  impl_->connections += connects;
  if (code != CURLE_OK) {
    auto error = transfer_error(code, transfer, request, impl_->options.max_response_bytes);
    // A failed handle may hold a broken connection; do not hand it out again.
    curl_easy_cleanup(handle);
    return fail(std::move(error));
  }
  long status = 0;
  long version = 0;
  curl_off_t micros = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(handle, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME_T, &micros);
  impl_->release(handle);
  response.status = static_cast<int>(status);
  response.http_version = version_text(version);
  response.elapsed = std::chrono::milliseconds(micros / 1000);
  return response;
}

long CurlHttpClient::connections_opened() const {
  return impl_->connections.load();
}

}  // namespace cpt::http
