#include "attack/attackers.h"

#include <arpa/inet.h>
#include <brotli/encode.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <functional>

namespace cpt::attack {
namespace {

// Real attackers bring their own CPUs; here they share two cores with the server, so their
// threads yield to it (nice 10) and the probe measures the server rather than the scheduler.
void lower_priority() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, remaining_ms(deadline)) > 0;
}

std::string request_head(const Target& t, const std::string& method, const std::string& extra) {
  return method + " " + t.json_path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + t.extra_headers + extra;
}

// 50 MiB of zeros deflated to ~50 KB: a body that is small on the wire and huge once inflated.
std::string gzip_bomb(std::size_t inflated) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  char buffer[1 << 16];
  for (std::size_t done = 0; done <= inflated; done += zeros.size()) {
    const bool last = done + zeros.size() > inflated;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = last ? 0 : static_cast<uInt>(zeros.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof(buffer);
      deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer, sizeof(buffer) - z.avail_out);
    } while (z.avail_out == 0);
    if (last) break;
  }
  deflateEnd(&z);
  return out;
}

std::string brotli_bomb(std::size_t inflated) {
  BrotliEncoderState* state = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
  BrotliEncoderSetParameter(state, BROTLI_PARAM_QUALITY, 5);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  for (std::size_t done = 0; done <= inflated; done += zeros.size()) {
    const bool last = done + zeros.size() > inflated;
    std::size_t avail_in = last ? 0 : zeros.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(zeros.data());
    const BrotliEncoderOperation op = last ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS;
    while (avail_in > 0 || (last && !BrotliEncoderIsFinished(state))) {
      std::size_t avail_out = 0;
      BrotliEncoderCompressStream(state, op, &avail_in, &next_in, &avail_out, nullptr, nullptr);
      std::size_t size = 0;
      const std::uint8_t* produced = BrotliEncoderTakeOutput(state, &size);
      out.append(reinterpret_cast<const char*>(produced), size);
    }
    if (last) break;
  }
  BrotliEncoderDestroyInstance(state);
  return out;
}

void bombs(const Target& t, const AttackScale& s, Clock::time_point deadline, AttackReport& r) {
  const std::string gz = gzip_bomb(50u << 20);
  const std::string br = brotli_bomb(50u << 20);
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < s.bomb_copies * 2; ++i) {
    const bool gzip = i % 2 == 0;
    senders.emplace_back([&, gzip, i] {
      lower_priority();
      const std::string& body = gzip ? gz : br;
      const std::string head =
          request_head(t, "POST",
                       "Content-Type: application/json\r\nContent-Encoding: " +
                           std::string(gzip ? "gzip" : "br") +
                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
      const int fd = connect_from("127.0.0." + std::to_string(40 + i), t.port,
                                  std::chrono::milliseconds(2000));
      if (fd < 0) return;
      send_until(fd, head + body, deadline);
      const int status = read_response(fd, deadline);
      ::close(fd);
      std::lock_guard lock(r.mutex);
      r.bomb_statuses.push_back(status);
    });
  }
  for (auto& sender : senders) sender.join();
}

void chunked(const Target& t, const AttackScale& s, Clock::time_point deadline, AttackReport& r) {
  const int fd = connect_from("127.0.0.60", t.port, std::chrono::milliseconds(2000));
  if (fd < 0) return;
  std::size_t sent = send_until(
      fd,
      request_head(t, "POST",
                   "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"),
      deadline);
  char size_line[32];
  const std::string piece(1 << 16, ' ');
  const int n = std::snprintf(size_line, sizeof(size_line), "%zx\r\n", piece.size());
  const std::string chunk = std::string(size_line, static_cast<std::size_t>(n)) + piece + "\r\n";
  std::size_t body = 0;
  while (body < s.chunked_bytes && Clock::now() < deadline) {
    const std::size_t wrote =
        send_until(fd, chunk, std::min(deadline, Clock::now() + std::chrono::seconds(2)));
    sent += wrote;
    if (wrote < chunk.size()) break;  // the server stopped reading
    body += piece.size();
  }
  if (body >= s.chunked_bytes) sent += send_until(fd, "0\r\n\r\n", deadline);
  const int status = status_of(read_until_close(fd, deadline));
  ::close(fd);
  std::lock_guard lock(r.mutex);
  r.chunked_status = status;
  r.chunked_sent = sent;
}

void huge_header(const Target& t, const AttackScale& s, Clock::time_point deadline,
                 AttackReport& r) {
  const int fd = connect_from("127.0.0.61", t.port, std::chrono::milliseconds(2000));
  if (fd < 0) return;
  std::size_t sent = send_until(fd, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ", deadline);
  const std::string piece(1 << 16, 'a');
  for (std::size_t header = 0; header < s.header_bytes && Clock::now() < deadline;
       header += piece.size()) {
    const std::size_t wrote =
        send_until(fd, piece, std::min(deadline, Clock::now() + std::chrono::seconds(2)));
    sent += wrote;
    if (wrote < piece.size()) break;
  }
  const int status = status_of(read_until_close(fd, deadline));
  ::close(fd);
  std::lock_guard lock(r.mutex);
  r.header_status = status;
  r.header_sent = sent;
}

void idle(const Target& t, const AttackScale& s, Clock::time_point deadline, AttackReport& r) {
  std::vector<int> fds;
  // 250 per address, under the per-address cap, so the total is what is tested.
  for (std::size_t i = 0; i < s.idle_connections && Clock::now() < deadline; ++i) {
    const std::string source = "127.0.1." + std::to_string(1 + i / 250);
    int fd = connect_from(source, t.port, std::chrono::milliseconds(1000));
    if (fd < 0) fd = connect_from(source, t.port, std::chrono::milliseconds(1000));  // backlog full
    if (fd >= 0) fds.push_back(fd);
  }
  {
    std::lock_guard lock(r.mutex);
    r.idle_open = fds.size();
  }
  std::this_thread::sleep_until(deadline);
  for (int fd : fds) ::close(fd);
}

void slowloris(const Target& t, const AttackScale& s, Clock::time_point deadline, AttackReport& r) {
  std::vector<int> fds;
  for (std::size_t i = 0; i < s.slowloris && Clock::now() < deadline; ++i) {
    const int fd = connect_from("127.0.2." + std::to_string(1 + i / 200), t.port,
                                std::chrono::milliseconds(1000));
    if (fd < 0) continue;
    send_until(fd, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n", deadline);
    fds.push_back(fd);
  }
  std::vector<bool> refused(fds.size(), false);
  for (int line = 0; Clock::now() < deadline; ++line) {
    std::this_thread::sleep_until(std::min(deadline, Clock::now() + std::chrono::seconds(1)));
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (refused[i]) continue;
      const std::string header = "X-Slow-" + std::to_string(line) + ": 1\r\n";
      if (::send(fds[i], header.data(), header.size(), MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
        refused[i] = true;
      } else if (wait_for(fds[i], POLLIN, Clock::now())) {
        refused[i] = true;  // an answer (408/429) or the end of the stream
      }
    }
  }
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if (!refused[i] && wait_for(fds[i], POLLIN, Clock::now())) refused[i] = true;
  }
  std::lock_guard lock(r.mutex);
  r.slowloris_refused = static_cast<std::size_t>(std::count(refused.begin(), refused.end(), true));
  for (int fd : fds) ::close(fd);
}

// Every JSON type where an object is expected, wrong types in every field, broken text.
std::vector<std::string> bad_bodies(const std::string& vin) {
  const std::string v = "{\"vins\": [\"" + vin + "\"], ";
  std::vector<std::string> out = {"5",
                                  "-1",
                                  "1e999",
                                  "\"text\"",
                                  "true",
                                  "null",
                                  "[]",
                                  "[1,2]",
                                  "{}",
                                  "{\"vins\": 5}",
                                  "{\"vins\": \"VIN\"}",
                                  "{\"vins\": [5]}",
                                  "{\"vins\": [null]}",
                                  "{\"vins\": {}}",
                                  "{\"vins\": [], \"package\": 5}",
                                  "{\"vins\": [\"X\"], \"package\": 5}",
                                  "{\"vins\": [\"X\"], \"package\": \"basic\", \"language\": {}}",
                                  "{\"vins\": [\"X\"], \"package\": [], \"language\": 1}",
                                  "{\"vins\": [\"X\"], \"package\": null}",
                                  "{",
                                  "{\"vins\": [",
                                  "\xff\xfe{}",
                                  "{\"a\":\"\\ud800\"}",
                                  ""};
  for (const char* rest :
       {"\"package\": 5}", "\"package\": \"basic\", \"language\": {}}",
        "\"package\": \"basic\", \"language\": 7}", "\"package\": [\"pro\"], \"language\": \"en\"}",
        "\"package\": \"basic\", \"language\": null}", "\"package\": true}",
        "\"package\": {\"a\": 1}}"}) {
    out.push_back(v + rest);
  }
  out.push_back("{\"vins\": [\"" + vin + "\", 5], \"package\": \"basic\"}");
  out.push_back(std::string(5000, '[') + std::string(5000, ']'));
  out.push_back("{\"vins\": [" + std::string(20000, '1') + "]}");
  return out;
}

void bad_json(const Target& t, const AttackScale& s, Clock::time_point deadline, AttackReport& r) {
  const auto bodies = bad_bodies(t.vin);
  constexpr std::size_t kClients = 4;
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      lower_priority();
      std::size_t sent = 0, fives = 0, unanswered = 0;
      int fd = -1;
      for (std::size_t i = c; i < s.bad_json_requests && Clock::now() < deadline; i += kClients) {
        if (fd < 0) {
          fd = connect_from("127.0.0." + std::to_string(70 + c), t.port,
                            std::chrono::milliseconds(1000));
          if (fd < 0) continue;
        }
        const std::string& body = bodies[i % bodies.size()];
        send_until(fd,
                   request_head(t, "POST",
                                "Content-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n") +
                       body,
                   deadline);
        ++sent;
        const int status =
            read_response(fd, std::min(deadline, Clock::now() + std::chrono::seconds(5)));
        if (status < 0) {
          // A read cut by the attack window's end is the attack stopping, not the server failing.
          if (Clock::now() < deadline) ++unanswered;
          ::close(fd);
          fd = -1;
        } else if (status >= 500) {
          ++fives;
        }
      }
      if (fd >= 0) ::close(fd);
      std::lock_guard lock(r.mutex);
      r.bad_json_sent += sent;
      r.bad_json_5xx += fives;
      r.bad_json_unanswered += unanswered;
    });
  }
  for (auto& client : clients) client.join();
}

void garbage(const Target& t, const AttackScale& s, Clock::time_point deadline, AttackReport& r) {
  std::string blob;
  for (int i = 0; i < 50; ++i) blob += "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  blob += "BREW /pot HTCPCP/1.0\r\n\x01\x02\xff\xfe\r\n\r\nGET /\x7f HTTP/9.9\r\n: :\r\n\r\n";
  for (int i = 0; i < 256; ++i) blob += static_cast<char>((i * 37) & 0xff);
  std::size_t closed = 0;
  for (std::size_t c = 0; c < s.garbage_connections && Clock::now() < deadline; ++c) {
    const int fd = connect_from("127.0.0.90", t.port, std::chrono::milliseconds(1000));
    if (fd < 0) continue;
    send_until(fd, blob, deadline);
    read_until_close(fd, std::min(deadline, Clock::now() + std::chrono::seconds(3)), 4 << 20);
    // Closed by the server (or it answered everything and the read hit its limit).
    if (!wait_for(fd, POLLIN, Clock::now()) || ::recv(fd, blob.data(), 1, MSG_DONTWAIT) <= 0) {
      ++closed;
    }
    ::close(fd);
  }
  std::lock_guard lock(r.mutex);
  r.garbage_closed = closed;
}

}  // namespace

AttackScale scale_for_build() {
  AttackScale s;
#if defined(__SANITIZE_ADDRESS__)
  s.bad_json_requests = 2000;
  s.idle_connections = 1000;
  s.slowloris = 150;
  s.bomb_copies = 2;
  s.chunked_bytes = 20u << 20;
  s.header_bytes = 4u << 20;
#endif
  return s;
}

void raise_fd_limit(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, wanted);
  setrlimit(RLIMIT_NOFILE, &limit);
}

int connect_from(const std::string& source, int port, std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::size_t send_until(int fd, const std::string& data, Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < data.size() && Clock::now() < deadline) {
    if (!wait_for(fd, POLLOUT, deadline)) break;
    const ssize_t n =
        ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

std::string read_until_close(int fd, Clock::time_point deadline, std::size_t limit) {
  std::string out;
  char buffer[1 << 14];
  while (out.size() < limit && wait_for(fd, POLLIN, deadline)) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

int status_of(const std::string& raw) {
  if (!raw.starts_with("HTTP/1.") || raw.size() < 12) return -1;
  return std::atoi(raw.c_str() + 9);
}

int read_response(int fd, Clock::time_point deadline, std::string* body) {
  std::string raw;
  char c = 0;
  // Byte by byte up to the blank line keeps the next pipelined answer in the socket.
  while (!raw.ends_with("\r\n\r\n")) {
    if (raw.size() > 64 * 1024 || !wait_for(fd, POLLIN, deadline)) return -1;
    const ssize_t n = ::recv(fd, &c, 1, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return -1;
    raw += c;
  }
  std::size_t length = 0;
  std::string lower = raw;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (auto at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
    length = std::strtoul(lower.c_str() + at + 17, nullptr, 10);
  }
  std::string content;
  char buffer[1 << 14];
  while (content.size() < length) {
    if (!wait_for(fd, POLLIN, deadline)) return -1;
    const ssize_t n =
        ::recv(fd, buffer, std::min(sizeof(buffer), length - content.size()), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return -1;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  if (body != nullptr) *body = std::move(content);
  return status_of(raw);
}

Probe::Probe(int port, std::string path, std::chrono::milliseconds interval)
    : port_(port), path_(std::move(path)), interval_(interval) {
  thread_ = std::thread([this] {
    while (!stop_) {
      const auto started = Clock::now();
      const auto deadline = started + std::chrono::seconds(5);
      const int fd = connect_from("127.0.0.1", port_, std::chrono::milliseconds(5000));
      int status = -1;
      if (fd >= 0) {
        send_until(fd, "GET " + path_ + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                   deadline);
        status = read_response(fd, deadline);
        ::close(fd);
      }
      const auto took =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
      if (status > 0) {
        ++answered_;
      } else {
        ++failed_;
      }
      std::int64_t seen = slowest_us_;
      while (took > seen && !slowest_us_.compare_exchange_weak(seen, took)) {
      }
      std::this_thread::sleep_until(started + interval_);
    }
  });
}

Probe::~Probe() {
  stop();
}

void Probe::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::chrono::milliseconds Probe::slowest() const {
  return std::chrono::milliseconds(slowest_us_ / 1000);
}

void run_all_attacks(const Target& target, const AttackScale& scale,
                     std::chrono::milliseconds window, AttackReport& report) {
  const auto deadline = Clock::now() + window;
  using Attack = void (*)(const Target&, const AttackScale&, Clock::time_point, AttackReport&);
  std::vector<std::thread> attacks;
  for (Attack attack : {&bombs, &chunked, &huge_header, &idle, &slowloris, &bad_json, &garbage}) {
    attacks.emplace_back([&, attack] {
      lower_priority();
      attack(target, scale, deadline, report);
    });
  }
  for (auto& attack : attacks) attack.join();
}

double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return -1;
}

}  // namespace cpt::attack
