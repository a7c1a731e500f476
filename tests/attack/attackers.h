// Hostile clients for the attack suite: raw sockets on loopback, each attack bounded in count and
// time. Attackers connect from 127.0.0.2 and up (all of 127/8 is loopback), so per-address caps
// bite them and not the probe, which connects from 127.0.0.1 like an ordinary client.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cpt::attack {

using Clock = std::chrono::steady_clock;

// Counts scaled down under AddressSanitizer (about 4x slower).
struct AttackScale {
  std::size_t idle_connections = 2000;
  std::size_t slowloris = 300;
  std::size_t bad_json_requests = 10000;
  std::size_t bomb_copies = 4;  // of each of gzip and brotli
  std::size_t chunked_bytes = 50u << 20;
  std::size_t header_bytes = 10u << 20;
  std::size_t garbage_connections = 20;
};
AttackScale scale_for_build();

// Raises the open-file limit to what the idle-connection attack needs (soft up to hard).
void raise_fd_limit(std::size_t wanted);

// A blocking TCP connection to 127.0.0.1:port from `source` (an address in 127/8); -1 on error.
int connect_from(const std::string& source, int port, std::chrono::milliseconds timeout);
// Sends everything unless the peer closes or `deadline` passes; returns the bytes sent.
std::size_t send_until(int fd, const std::string& data, Clock::time_point deadline);
// Reads until the peer closes, `limit` bytes, or `deadline`.
std::string read_until_close(int fd, Clock::time_point deadline, std::size_t limit = 1 << 20);
// One HTTP/1.1 response from a keep-alive connection (headers + Content-Length body); the status
// or -1 when the connection closed or stalled before a whole answer.
int read_response(int fd, Clock::time_point deadline, std::string* body = nullptr);
// The status code of the first response in `raw`, -1 if none.
int status_of(const std::string& raw);

// Fetches `path` every `interval` on a fresh connection from 127.0.0.1 and keeps the slowest
// answer, so a stall anywhere in accept, read, dispatch or write shows.
class Probe {
 public:
  Probe(int port, std::string path, std::chrono::milliseconds interval);
  ~Probe();
  void stop();
  std::chrono::milliseconds slowest() const;
  std::size_t answered() const { return answered_; }
  std::size_t failed() const { return failed_; }

 private:
  int port_;
  std::string path_;
  std::chrono::milliseconds interval_;
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> slowest_us_{0};
  std::atomic<std::size_t> answered_{0};
  std::atomic<std::size_t> failed_{0};
  std::thread thread_;
};

// What the attacks saw, for the test's assertions and its log.
struct AttackReport {
  std::mutex mutex;
  std::vector<int> bomb_statuses;
  int chunked_status = -1;
  std::size_t chunked_sent = 0;
  int header_status = -1;
  std::size_t header_sent = 0;
  std::size_t idle_open = 0;          // idle sockets the attack held open
  std::size_t slowloris_refused = 0;  // slowloris sockets answered (408/429) or closed
  std::size_t bad_json_sent = 0;
  std::size_t bad_json_5xx = 0;
  std::size_t bad_json_unanswered = 0;
  std::size_t garbage_closed = 0;
};

// Where the attacks aim: a JSON route to post bodies to, with headers that reach its validation.
struct Target {
  int port = 0;
  std::string json_path;      // e.g. "/api/v1/sessions/ID/order"
  std::string extra_headers;  // "Cookie: ...\r\n"
  std::string vin = "X";      // a VIN the caller may order, so one bad field is the only fault
};

// Runs every attack at once for about `window` (each stops early when done) and joins them.
void run_all_attacks(const Target& target, const AttackScale& scale,
                     std::chrono::milliseconds window, AttackReport& report);

// Peak resident set size of this process (VmHWM), in MiB.
double peak_rss_mib();

}  // namespace cpt::attack
