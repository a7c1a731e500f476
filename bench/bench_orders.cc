// An expert order of 10 cars against the simulator, end to end through acquire::run_order, printed
// as three tables (issue #15):
//   1. at 100 ms latency: wall time against the order's critical path (goal <= 1.2x), and a
//      fresh process of the same account starting at the pace the first left (a SQLite file);
//   2. the same with the per-vehicle limit and 5 % of 429s: billed 429s, cool-down windows, wall
//      time and the limit the account's controller settled on;
//   3. client CPU and peak memory per 1,000 calls, ours against a plain sequential libcurl loop
//      over the same requests (the floor).
// Every measurement runs in a process of its own (fork), and the simulator in another, so CPU
// time and peak RSS are the client's alone. Flags: --vehicle-limit N (default 10),
// --retry-after S (default 2), --orders N for the CPU table (default 6), --table N (one only),
// --seed N (table 2's fault mix, default 15), --rate-429 P (table 2's random 429s, default 5 %),
// --ceiling N (table 1's tesla.max_in_flight for the adaptive rows, default 32).
#include <curl/curl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "cpt/acquire/runner.h"
#include "cpt/http/curl_client.h"
#include "cpt/sim/simulator.h"
#include "cpt/store/sqlite_pace.h"
#include "cpt/tesla/auth/oauth.h"
#include "cpt/tesla/auth/token_source.h"
#include "cpt/tesla/auth/token_store.h"
#include "cpt/tesla/auth/unattended.h"
#include "cpt/tesla/concurrency.h"
#include "cpt/tesla/fleet_client.h"

namespace {

using namespace cpt;
using Steady = std::chrono::steady_clock;

constexpr int kVehicles = 10;

struct Flags {
  int vehicle_limit = 10;
  int retry_after_s = 2;
  int orders = 6;
  int table = 0;  // 0: all three
  int seed = 15;  // the fault mix of table 2
  int rate_429_percent = 5;
  int ceiling = 32;  // table 1's tesla.max_in_flight
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

double ms_since(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

// ---- the simulator, in a process of its own ----------------------------------------------

struct SimProcess {
  pid_t pid = -1;
  int stop_fd = -1;  // closing it stops the simulator
  sim::SimUrls urls;
  sim::SimOptions options;
};

// Starts the simulator in a child; its URLs come back over a pipe as one line.
SimProcess start_sim(const sim::FaultOptions& faults) {
  SimProcess p;
  p.options.users = 1;
  p.options.vehicles_per_user = kVehicles;
  p.options.auto_approve = "";
  p.options.regions_registered = true;
  p.options.faults = faults;
  int up[2], down[2];
  if (pipe(up) != 0 || pipe(down) != 0) std::exit(2);
  p.pid = fork();
  if (p.pid == 0) {
    close(up[0]);
    close(down[1]);
    auto started = sim::Simulator::start(p.options);
    if (!started) _exit(3);
    auto& sim = **started;
    for (std::size_t v : sim.world().users.front().vehicles) {
      sim.set_vehicle_state(sim.world().vehicles[v].vin, "online");
    }
    const auto& u = sim.urls();
    const std::string line = u.authorize_url + " " + u.token_url + " " + u.fleet_na + " " +
                             u.fleet_eu + " " + u.fleet_cn + "\n";
    if (write(up[1], line.data(), line.size()) < 0) _exit(4);
    char byte = 0;
    while (read(down[0], &byte, 1) > 0) {
    }
    sim.stop();
    _exit(0);
  }
  close(up[1]);
  close(down[0]);
  p.stop_fd = down[1];
  std::string line;
  char c = 0;
  while (read(up[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(up[0]);
  std::istringstream in(line);
  in >> p.urls.authorize_url >> p.urls.token_url >> p.urls.fleet_na >> p.urls.fleet_eu >>
      p.urls.fleet_cn;
  return p;
}

void stop_sim(SimProcess& p) {
  close(p.stop_fd);
  int status = 0;
  waitpid(p.pid, &status, 0);
}

// Runs `body` in a child and returns what it wrote to its pipe (one line of numbers).
template <typename Body>
std::vector<double> in_child(Body body) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(2);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const std::string out = body();
    if (write(fds[1], out.data(), out.size()) < 0) _exit(4);
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[256];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  std::vector<double> values;
  std::istringstream in(text);
  for (double v; in >> v;) values.push_back(v);
  return values;
}

// ---- the client side -----------------------------------------------------------------------

// Records every request it passes on (the floor replays them).
class RecordingHttp final : public http::HttpClient {
 public:
  explicit RecordingHttp(std::shared_ptr<http::HttpClient> inner) : inner_(std::move(inner)) {}
  Result<http::HttpResponse> send(const http::HttpRequest& request) override {
    {
      std::lock_guard lock(mutex_);
      if (recording_) requests_.push_back(request);
    }
    return inner_->send(request);
  }
  void record(bool on) {
    std::lock_guard lock(mutex_);
    recording_ = on;
  }
  std::vector<http::HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::shared_ptr<http::HttpClient> inner_;
  std::mutex mutex_;
  bool recording_ = false;
  std::vector<http::HttpRequest> requests_;
};

struct Account {
  std::shared_ptr<http::CurlHttpClient> curl;
  std::shared_ptr<RecordingHttp> http;
  std::shared_ptr<tesla::auth::UserTokenSource> tokens;
  std::shared_ptr<tesla::auth::PartnerTokenSource> partner;
  std::shared_ptr<tesla::AccountLimits> limits = std::make_shared<tesla::AccountLimits>();
  tesla::FleetOptions fleet;
  std::vector<std::string> vins;
  bool recording = false;                   // keep the next order's requests (for the floor)
  std::vector<http::HttpRequest> recorded;  // ... here
};

Account sign_in(const SimProcess& sim) {
  Account a;
  http::CurlOptions curl;
  a.curl = std::shared_ptr<http::CurlHttpClient>(http::CurlHttpClient::create(curl).value());
  a.http = std::make_shared<RecordingHttp>(a.curl);
  tesla::AuthConfig auth;
  auth.authorize_url = sim.urls.authorize_url;
  auth.token_url = sim.urls.token_url;
  auth.client_id = sim.options.client_id;
  auth.client_secret = sim.options.client_secret;
  auth.redirect_uri = sim.options.redirect_uris.front();
  auth.scopes = std::string(tesla::kDefaultScopes) + " vehicle_location";
  auto oauth = std::make_shared<tesla::auth::OAuthClient>(auth, a.http);
  auto tokens = tesla::auth::sign_in_unattended(*a.http, *oauth, sim.urls.fleet_na);
  if (!tokens) {
    std::fprintf(stderr, "bench_orders: sign-in failed: %s\n", tokens.error().describe().c_str());
    _exit(5);
  }
  a.fleet.urls = {sim.urls.fleet_na, sim.urls.fleet_eu, sim.urls.fleet_cn};
  a.fleet.region = tesla::Region::na;
  a.fleet.account = "bench";
  a.fleet.extra_allowed_hosts = {"127.0.0.1"};
  a.tokens = std::make_shared<tesla::auth::UserTokenSource>(
      std::make_shared<tesla::auth::InMemoryTokenStore>(), oauth, SystemClock::instance());
  (void)a.tokens->adopt(a.fleet.account, *tokens);
  a.partner = std::make_shared<tesla::auth::PartnerTokenSource>(
      oauth, SystemClock::instance(), "openid vehicle_device_data vehicle_specs");
  return a;
}

std::vector<std::string> vehicle_vins(Account& a) {
  tesla::FleetClient client(tesla::make_fleet_connection(
      a.fleet, tesla::FleetDeps{tesla::make_http_stub(a.http), a.tokens, nullptr, nullptr, nullptr,
                                nullptr, nullptr}));
  std::vector<std::string> vins;
  auto list = client.vehicles();
  if (!list) return vins;
  const std::string& body = list->body;
  for (std::size_t at = body.find("\"vin\":\""); at != std::string::npos;
       at = body.find("\"vin\":\"", at + 1)) {
    vins.push_back(body.substr(at + 7, 17));
  }
  return vins;
}

// When every vehicle's report could be built (its modules in) and when the order ended.
class Timing final : public acquire::ProgressSink {
 public:
  explicit Timing(Steady::time_point start) : start_(start) {}
  void on_progress(const acquire::VehicleProgress&) override {}
  void on_report_ready(const snapshot::VehicleSnapshot& s) override { ready(s.vin); }
  void ready(const std::string& vin) {
    std::lock_guard lock(mutex_);
    if (std::ranges::find(ready_, vin) != ready_.end()) return;
    ready_.push_back(vin);
    last_ready_ms_ = ms_since(start_);
  }
  double reports_ready_ms() {
    std::lock_guard lock(mutex_);
    return last_ready_ms_;
  }

 private:
  Steady::time_point start_;
  std::mutex mutex_;
  std::vector<std::string> ready_;
  double last_ready_ms_ = 0;
};

struct OrderFigures {
  double wall_ms = 0, reports_ms = 0;
  int calls = 0, rate_limited = 0, history_pages = 0;
  int modules_missing = 0;  // modules that failed or were unavailable (e.g. still rate-limited)
  long connections = 0;
};

// `adaptive`: the account's controller gates every request (up to `ceiling`); otherwise a fixed
// bound of `ceiling` threads, as before issue #15.
OrderFigures run_one(Account& a, const std::string& id, int ceiling, bool adaptive = true) {
  // One HTTP client per order: its keep-alive connections are the order's, and counted.
  http::CurlOptions curl_options;
  curl_options.max_idle_handles = static_cast<std::size_t>(ceiling);
  auto curl =
      std::shared_ptr<http::CurlHttpClient>(http::CurlHttpClient::create(curl_options).value());
  auto http = std::make_shared<RecordingHttp>(curl);
  http->record(a.recording);
  auto ledger = std::make_shared<tesla::CallLedger>();
  tesla::FleetOptions fleet = a.fleet;
  fleet.max_in_flight = ceiling;
  auto stub = adaptive ? a.limits->stub_for(fleet.account, tesla::make_http_stub(http))
                       : tesla::make_http_stub(http);
  tesla::FleetClient client(tesla::make_fleet_connection(
      fleet, tesla::FleetDeps{stub, a.tokens, a.partner, ledger, nullptr, nullptr, nullptr}));
  acquire::Order order;
  order.id = id;
  order.vins = a.vins;
  order.package = snapshot::Package::expert;
  acquire::InMemoryRawStore store;
  acquire::RunnerOptions options;
  options.max_in_flight = ceiling;
  const auto start = Steady::now();
  Timing timing(start);
  auto result = acquire::run_order(order, client, store, SystemClock::instance(), &timing, options);
  OrderFigures f;
  f.wall_ms = ms_since(start);
  f.reports_ms = timing.reports_ready_ms();
  if (result) {
    f.calls = result->calls;
    for (const auto& snapshot : result->snapshots) {
      for (int m = 0; m < snapshot::kModuleCount; ++m) {
        const auto outcome = snapshot.result(static_cast<snapshot::ModuleId>(m)).outcome;
        f.modules_missing += outcome == snapshot::ModuleOutcome::failed ||
                             outcome == snapshot::ModuleOutcome::unavailable;
      }
    }
  }
  for (const auto& r : ledger->records()) f.rate_limited += r.http_status == 429 ? 1 : 0;
  f.connections = curl->connections_opened();
  if (a.recording) a.recorded = http->requests();
  if (auto pages = store.find(id, "charging_history/pages"); pages && *pages) {
    f.history_pages = std::atoi((*pages)->body.c_str());
  }
  return f;
}

// One round trip as the client sees it: the median of five vehicle-list calls.
double round_trip_ms(Account& a) {
  tesla::FleetClient client(tesla::make_fleet_connection(
      a.fleet, tesla::FleetDeps{tesla::make_http_stub(a.http), a.tokens, nullptr, nullptr, nullptr,
                                nullptr, nullptr}));
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) {
    const auto start = Steady::now();
    (void)client.vehicles();
    times.push_back(ms_since(start));
  }
  std::ranges::sort(times);
  return times[2];
}

std::string numbers(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) out += std::to_string(v) + " ";
  return out;
}

// ---- the floor: the same requests, one after another on one plain libcurl handle -----------

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

void write_requests(const std::string& path, const std::vector<http::HttpRequest>& requests) {
  std::ofstream out(path);
  for (const auto& r : requests) {
    out << r.method << '\n' << r.url << '\n' << r.headers.size() << '\n';
    for (const auto& [name, value] : r.headers) out << name << ": " << value << '\n';
    out << r.body.size() << '\n' << r.body << '\n';
  }
}

std::vector<http::HttpRequest> read_requests(const std::string& path) {
  std::vector<http::HttpRequest> requests;
  std::ifstream in(path);
  for (http::HttpRequest r; std::getline(in, r.method) && std::getline(in, r.url);) {
    std::string line;
    std::getline(in, line);
    const int headers = std::atoi(line.c_str());
    r.headers.clear();
    for (int i = 0; i < headers && std::getline(in, line); ++i) {
      const auto colon = line.find(": ");
      r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
    std::getline(in, line);
    r.body.assign(static_cast<std::size_t>(std::atoll(line.c_str())), '\0');
    in.read(r.body.data(), static_cast<std::streamsize>(r.body.size()));
    std::getline(in, line);
    requests.push_back(r);
  }
  return requests;
}

std::string floor_loop(const std::string& path, int repeats) {
  const auto requests = read_requests(path);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* handle = curl_easy_init();
  const double cpu0 = cpu_seconds();
  int calls = 0;
  for (int round = 0; round < repeats; ++round) {
    for (const auto& r : requests) {
      curl_slist* list = nullptr;
      for (const auto& [name, value] : r.headers) {
        list = curl_slist_append(list, (name + ": " + value).c_str());
      }
      curl_easy_setopt(handle, CURLOPT_URL, r.url.c_str());
      curl_easy_setopt(handle, CURLOPT_HTTPHEADER, list);
      curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &discard);
      if (r.method == "POST") {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, r.body.c_str());
      } else {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
      }
      curl_easy_perform(handle);
      curl_slist_free_all(list);
      ++calls;
    }
  }
  const double cpu = cpu_seconds() - cpu0;
  curl_easy_cleanup(handle);
  return numbers({cpu, static_cast<double>(calls), peak_mib()});
}

// ---- the three tables ----------------------------------------------------------------------

// The account's controller with its pace kept in `pace_file` (SqlitePace), as `cpt report` with
// TESLA_PACE_FILE keeps it: a later process of the account starts at the limit this one settled on.
std::shared_ptr<tesla::AccountLimits> limits_with_pace(const std::string& pace_file, int ceiling) {
  auto pace = store::SqlitePace::open(pace_file);
  if (!pace) {
    std::fprintf(stderr, "bench_orders: pace file: %s\n", pace.error().describe().c_str());
    _exit(6);
  }
  return std::make_shared<tesla::AccountLimits>(
      tesla::ConcurrencyOptions{.ceiling = ceiling}, SystemClock::instance(),
      std::shared_ptr<tesla::AccountPace>(std::move(*pace)));
}

// A fresh process of the same account: the limit it starts at (read from the pace file the
// earlier process left) and its order's figures.
std::vector<double> known_account_run(const SimProcess& sim, const std::string& pace_file,
                                      int ceiling) {
  return in_child([&] {
    Account a = sign_in(sim);
    a.limits = limits_with_pace(pace_file, ceiling);
    a.vins = vehicle_vins(a);
    const double start_limit = a.limits->limit_of(a.fleet.account);
    OrderFigures known = run_one(a, "known", ceiling);
    return numbers({start_limit, known.wall_ms, known.reports_ms, double(known.connections),
                    double(known.calls)});
  });
}

void print_latency_rows(const std::vector<double>& v, const std::vector<double>& known,
                        int ceiling) {
  // The critical path: users/region, vehicle list, vehicle root, modules and the
  // history pages, each a round trip, one after another.
  const double critical = (4 + v[1]) * v[0];
  std::printf(
      "\n1. 10-car expert order, simulator at 100 ms (one round trip %.0f ms), adaptive ceiling %d "
      "in flight\n",
      v[0], ceiling);
  std::printf("%-38s %9s %11s %9s %13s %13s %12s %6s\n", "run", "wall ms", "reports ms", "critical",
              "wall/critical", "reports/crit", "connections", "calls");
  const char* names[] = {"fixed bound 8 (before #15)", "adaptive, first order (cold)",
                         "adaptive, second order (warm)", "adaptive, new process, account known"};
  for (int row = 0; row < 4; ++row) {
    const double* r = row < 3 ? &v[static_cast<std::size_t>(3 + 4 * row)] : &known[1];
    if (row == 3 && known.size() < 5) {
      std::printf("%-38s the run failed\n", names[row]);
      continue;
    }
    std::printf("%-38s %9.0f %11.0f %9.0f %13.2f %13.2f %12.0f %6.0f\n", names[row], r[0], r[1],
                critical, r[0] / critical, r[1] / critical, r[2], r[3]);
  }
  std::printf(
      "critical path = (4 + %.0f history pages) round trips; the account's limit after: "
      "%.0f; the new process started at %.0f (from the pace file the first left)\n",
      v[1], v[2], known.empty() ? 0.0 : known[0]);
}

void latency_table(const Flags& flags) {
  sim::FaultOptions faults;
  faults.latency_ms = 100;
  SimProcess sim = start_sim(faults);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("cpt-bench-pace-" + std::to_string(static_cast<long>(getpid())));
  std::filesystem::create_directories(dir);
  const std::string pace_file = (dir / "pace.db").string();
  auto v = in_child([&] {
    Account a = sign_in(sim);
    a.limits = limits_with_pace(pace_file, flags.ceiling);
    a.vins = vehicle_vins(a);
    const double rtt = round_trip_ms(a);
    OrderFigures fixed = run_one(a, "fixed", 8, false);
    OrderFigures cold = run_one(a, "cold", flags.ceiling);
    OrderFigures warm = run_one(a, "warm", flags.ceiling);
    const double limit = a.limits->limit_of(a.fleet.account);
    return numbers({rtt, double(cold.history_pages), limit, fixed.wall_ms, fixed.reports_ms,
                    double(fixed.connections), double(fixed.calls), cold.wall_ms, cold.reports_ms,
                    double(cold.connections), double(cold.calls), warm.wall_ms, warm.reports_ms,
                    double(warm.connections), double(warm.calls)});
  });
  const auto known =
      v.size() < 15 ? std::vector<double>{} : known_account_run(sim, pace_file, flags.ceiling);
  stop_sim(sim);
  std::filesystem::remove_all(dir);
  if (v.size() < 15) {
    std::printf("latency table: the run failed\n");
    return;
  }
  print_latency_rows(v, known, flags.ceiling);
}

void limit_table(const Flags& flags) {
  sim::FaultOptions faults;
  faults.latency_ms = 100;
  faults.vehicle_limit_per_minute = flags.vehicle_limit;
  faults.rate_429 = flags.rate_429_percent / 100.0;
  faults.retry_after_s = flags.retry_after_s;
  faults.seed = static_cast<std::uint64_t>(flags.seed);
  std::printf("\n2. same order, --vehicle-limit %d/min, %d %% 429s (Retry-After %d s), seed %d\n",
              flags.vehicle_limit, flags.rate_429_percent, flags.retry_after_s, flags.seed);
  std::printf("%-30s %9s %12s %11s %13s %6s %16s\n", "run", "wall ms", "billed 429s", "cool-downs",
              "settled limit", "calls", "modules missing");
  for (bool adaptive : {false, true}) {
    SimProcess sim = start_sim(faults);  // the same seeded faults for both runs
    auto v = in_child([&] {
      Account a = sign_in(sim);
      a.vins = vehicle_vins(a);
      OrderFigures f = run_one(a, "limited", adaptive ? 32 : 8, adaptive);
      const auto stats = a.limits->stats_of(a.fleet.account);
      return numbers({f.wall_ms, double(f.rate_limited), double(stats.cooldowns),
                      double(stats.limit), double(f.calls), double(f.modules_missing)});
    });
    stop_sim(sim);
    if (v.size() < 6) {
      std::printf("limit table: the run failed\n");
      return;
    }
    if (adaptive) {
      std::printf("%-30s %9.0f %12.0f %11.0f %13.0f %6.0f %16.0f\n", "adaptive", v[0], v[1], v[2],
                  v[3], v[4], v[5]);
    } else {
      std::printf("%-30s %9.0f %12.0f %11s %13s %6.0f %16.0f\n", "fixed bound 8 (before #15)", v[0],
                  v[1], "-", "8", v[4], v[5]);
    }
  }
}

void cpu_table(const Flags& flags) {
  SimProcess sim = start_sim({});
  const std::string path = "/tmp/bench_orders_requests." + std::to_string(getpid());
  auto ours = in_child([&] {
    Account a = sign_in(sim);
    a.vins = vehicle_vins(a);
    a.recording = true;
    (void)run_one(a, "record", 32);  // the order's requests, for the floor to replay
    a.recording = false;
    write_requests(path, a.recorded);
    const double cpu0 = cpu_seconds();
    int calls = 0;
    for (int i = 0; i < flags.orders; ++i) calls += run_one(a, "o" + std::to_string(i), 32).calls;
    return numbers({cpu_seconds() - cpu0, double(calls), peak_mib()});
  });
  auto floor = in_child([&] { return floor_loop(path, flags.orders); });
  std::remove(path.c_str());
  stop_sim(sim);
  if (ours.size() < 3 || floor.size() < 3 || ours[1] == 0 || floor[1] == 0) {
    std::printf("cpu table: a run failed\n");
    return;
  }
  const double ours_cpu = ours[0] / ours[1] * 1000, floor_cpu = floor[0] / floor[1] * 1000;
  std::printf("\n3. client CPU and peak memory per 1,000 calls (%d orders, no latency)\n",
              flags.orders);
  std::printf("%-34s %8s %16s %14s\n", "client", "calls", "CPU-s / 1,000", "peak RSS MiB");
  std::printf("%-34s %8.0f %16.3f %14.1f\n", "cpt (run_order, threads, limiter)", ours[1], ours_cpu,
              ours[2]);
  std::printf("%-34s %8.0f %16.3f %14.1f\n", "plain sequential libcurl loop", floor[1], floor_cpu,
              floor[2]);
  std::printf("ratio (ours / floor): CPU %.2fx, memory %.2fx\n", ours_cpu / floor_cpu,
              ours[2] / floor[2]);
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (name == "--vehicle-limit") flags.vehicle_limit = value;
    if (name == "--retry-after") flags.retry_after_s = value;
    if (name == "--orders") flags.orders = std::max(1, value);
    if (name == "--table") flags.table = value;
    if (name == "--seed") flags.seed = value;
    if (name == "--rate-429") flags.rate_429_percent = std::clamp(value, 0, 100);
    if (name == "--ceiling") flags.ceiling = std::clamp(value, 1, 256);
  }
  std::printf("bench_orders: issue #15 figures (each table from fresh processes)\n");
  if (flags.table == 0 || flags.table == 1) latency_table(flags);
  if (flags.table == 0 || flags.table == 2) limit_table(flags);
  if (flags.table == 0 || flags.table == 3) cpu_table(flags);
  return 0;
}
