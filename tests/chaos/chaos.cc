// The chaos run's processes and storm: `cpt sim` with the fault mix, `cpt serve` on SQLite that
// is killed and restarted, sessions driven in parallel, cars put to sleep and woken, one token
// revoked, one region unregistered for a while.
#include "chaos/chaos.h"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "chaos/chaos_session.h"
#include "e2e/processes.h"
#include "support/service_flow.h"

namespace cpt::chaos {
namespace {

// The quiet points of a long run: after this many orders, and at the end.
constexpr int kQuietAfter = 100;
// How long cpt serve is left alone before a quiet sample: longer than its HTTP handler pool
// keeps a burst's idle threads (http::WorkerPool, 5 s).
constexpr auto kQuietSettle = std::chrono::seconds(8);

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A user of the simulated world: id, region, VINs.
struct SimUser {
  std::string id;
  std::string region;
  std::vector<std::string> vins;
};

class Run {
 public:
  Run(const ChaosOptions& options, ChaosResult& result) : o_(options), r_(result), rng_(o_.seed) {}
  ~Run();
  bool start(std::string& why);
  void drive();
  void drive_range(int end);  // drives orders next_ .. end - 1, returns when all have ended
  ProcessSample sample_serve();
  ProcessSample sample_quiet();
  void storm();
  void audit();

 private:
  bool start_sim(std::string& why);
  bool start_serve(std::string& why);
  void restart_serve();
  long ledger_size();
  void drive_one(int index);
  httplib::Result admin(const std::string& path, const json& body);
  void sleep_and_wake(std::vector<std::pair<Clock::time_point, std::string>>& asleep);
  void once_at(double share, bool& done, const std::function<void()>& act);
  void attach_heaptrack();
  void finish_heaptrack();

  const ChaosOptions& o_;
  ChaosResult& r_;
  std::mt19937_64 rng_;
  std::filesystem::path dir_;
  std::optional<e2e::ChildProcess> sim_;
  std::map<std::string, std::string> sim_env_;
  std::optional<e2e::ChildProcess> serve_;
  std::mutex serve_mutex_;  // guards serve_ and peak_rss
  std::optional<e2e::ChildProcess> heaptrack_;
  int port_ = 0;
  std::string origin_;
  std::vector<SimUser> users_;
  std::atomic<int> next_{0};
  std::atomic<int> placed_{0};
  std::atomic<int> ended_{0};
  std::atomic<bool> driving_{true};
  Clock::time_point started_ = Clock::now();
  std::mutex mutex_;  // guards runs_, rows_, samples_
  std::vector<OrderRun> runs_;
  std::vector<ModuleRow> rows_;
  std::vector<ProcessSample> samples_;
  std::vector<KillMark> kill_marks_;
  int incarnation_ = 0;  // cpt serve processes started so far
  std::filesystem::path serve_log(int n) const {
    return dir_ / ("serve-" + std::to_string(n) + ".log");
  }
};

Run::~Run() {
  serve_.reset();
  sim_.reset();
  std::error_code ec;
  // CPT_CHAOS_KEEP=1 keeps the logs and the ledger for a look afterwards.
  // A crash keeps them too: its log is the evidence.
  if (!dir_.empty() && std::getenv("CPT_CHAOS_KEEP") == nullptr &&
      std::getenv("CPT_CHAOS_HEAPTRACK") == nullptr && r_.crashes == 0) {
    std::filesystem::remove_all(dir_, ec);
  } else if (!dir_.empty()) {
    std::fprintf(stderr, "chaos: logs kept in %s\n", dir_.c_str());
  }
}

bool Run::start(std::string& why) {
  char pattern[] = "/tmp/cpt-chaos-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    why = "no temp dir";
    return false;
  }
  dir_ = pattern;
  port_ = e2e::free_port();
  origin_ = "http://127.0.0.1:" + std::to_string(port_);
  return start_sim(why) && start_serve(why);
}

bool Run::start_sim(std::string& why) {
  const std::vector<std::string> argv{CPT_BINARY,         "sim",
                                      "--registered",     "--print-env",
                                      "--redirect-uri",   origin_ + "/api/v1/tesla/oauth/callback",
                                      "--users",          std::to_string(o_.orders),
                                      "--seed",           std::to_string(o_.seed),
                                      "--wake-delay-ms",  "500",
                                      "--token-lifetime", std::to_string(o_.token_lifetime_s),
                                      "--threads",        "256"};
  auto sim = e2e::ChildProcess::spawn(argv, {}, (dir_ / "sim.log").string());
  if (!sim) {
    why = "cannot start cpt sim";
    return false;
  }
  sim_.emplace(std::move(*sim));
  if (!flow::read_sim_env(*sim_, sim_env_, 60s, why)) {
    why += ": " + flow::read_text(dir_ / "sim.log");
    return false;
  }
  httplib::Client sim_client(flow::split_url(sim_env_.at("TESLA_AUTH_URL")).first);
  auto world = sim_client.Get("/sim/world");
  const json doc = world ? json::parse(world->body, nullptr, false) : json();
  if (!doc.is_object()) {
    why = "the simulator's world is unreadable";
    return false;
  }
  for (const json& user : doc["users"]) {
    SimUser u{user.value("id", ""), user.value("region", ""), {}};
    for (const json& v : user["vehicles"]) u.vins.push_back(v.value("vin", ""));
    users_.push_back(std::move(u));
  }
  auto faults = admin("/sim/faults", {{"rate_5xx", o_.rate_5xx},
                                      {"rate_429", o_.rate_429},
                                      {"retry_after_s", o_.retry_after_min_s},
                                      {"retry_after_max_s", o_.retry_after_max_s},
                                      {"rate_reset", o_.rate_reset},
                                      {"rate_malformed", o_.rate_malformed},
                                      {"rate_slow", o_.rate_slow},
                                      {"slow_body_ms", o_.slow_body_ms},
                                      {"seed", o_.seed}});
  if (!faults || faults->status != 200) {
    why = "the simulator refused the fault mix";
    return false;
  }
  return true;
}

bool Run::start_serve(std::string& why) {
  if (!std::filesystem::exists(dir_ / "signing.pem") &&
      !flow::make_signing_key(dir_ / "signing.pem", why)) {
    return false;
  }
  // Every session signs in from 127.0.0.1: the per-address OAuth limit is raised, and there is a
  // worker for every session in flight.
  std::ofstream(dir_ / "cpt.toml") << "[limits]\noauth_per_minute = 600000.0\noauth_burst = "
                                      "10000.0\n[reports]\norder_workers = "
                                   << std::max(4, o_.concurrency) << "\n";
  std::map<std::string, std::string> env = sim_env_;
  env["CPT_TOKEN_KEY"] = std::string(64, 'c');
  env["CPT_SIGNING_KEY_FILE"] = (dir_ / "signing.pem").string();
  env["CPT_ORDER_DEADLINE_SECONDS"] = std::to_string(o_.order_deadline_s);
  env["CPT_SESSION_TTL"] = "7200";
  auto serve = e2e::ChildProcess::spawn(
      {CPT_BINARY, "serve", "--simulator", "--config", (dir_ / "cpt.toml").string(), "--database",
       (dir_ / "cpt.db").string(), "--listen", "127.0.0.1:" + std::to_string(port_)},
      env, serve_log(incarnation_ + 1).string());
  if (!serve || !e2e::wait_for_http(port_, "/health", 60s)) {
    why = "cpt serve did not come up: " + flow::read_text(serve_log(incarnation_ + 1));
    return false;
  }
  serve_.emplace(std::move(*serve));
  ++incarnation_;
  return true;
}

// The simulator's ledger size now (every request it answered so far); -1 when unreadable.
long Run::ledger_size() {
  httplib::Client sim(flow::split_url(sim_env_.at("TESLA_AUTH_URL")).first);
  auto size = sim.Get("/sim/ledger?entries=0");
  const json doc = size ? json::parse(size->body, nullptr, false) : json();
  return doc.is_object() ? doc.value("total_requests", -1L) : -1L;
}

// SIGKILL (no chance to clean up), then the same command again on the same database.
void Run::restart_serve() {
  std::lock_guard lock(serve_mutex_);
  const auto down = Clock::now();
  if (serve_) {
    r_.peak_rss_kib = std::max(r_.peak_rss_kib, detail::peak_rss_kib(serve_->pid()));
    const long before = ledger_size();
    ::kill(serve_->pid(), SIGKILL);
    serve_->stop();  // reaps it
    serve_.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(rng_() % 300));
    // What the simulator answered until now went to the dead process (or to nobody).
    const long after = ledger_size();
    if (before >= 0) kill_marks_.push_back({before, std::max(before, after)});
  }
  std::string why;
  for (int attempt = 0; attempt < 3 && !serve_; ++attempt) {
    if (!start_serve(why)) std::fprintf(stderr, "chaos: restart: %s\n", why.c_str());
  }
  // The orders in flight wait this long for a service to answer them again.
  r_.longest_outage_s =
      std::max(r_.longest_outage_s, std::chrono::duration<double>(Clock::now() - down).count());
}

httplib::Result Run::admin(const std::string& path, const json& body) {
  httplib::Client sim(flow::split_url(sim_env_.at("TESLA_AUTH_URL")).first);
  return sim.Post(path, body.dump(), "application/json");
}

void Run::drive_one(int index) {
  const SimUser& user = users_[static_cast<std::size_t>(index) % users_.size()];
  static const char* const kPackages[] = {"basic", "pro", "expert"};
  OrderRun run{.index = index, .user = user.id, .package = kPackages[index % 3]};
  Session session(port_, origin_, 60s);
  std::string why;
  // A sign-in Tesla holds past the service's sign-in deadline comes back "Tesla unavailable", and
  // the person signs in again: for as long as the storm can hold one (its outage, its longest
  // Retry-After), and a little more.
  const auto login_limit = std::chrono::seconds(o_.region_outage_s + o_.retry_after_max_s + 30);
  if (!session.login(user.id, user.vins, login_limit, why) || !session.order(run.package, why)) {
    run.problem = why;
  } else {
    run.placed = true;
    ++placed_;
    const auto placed_at = Clock::now();
    std::set<std::string> waits;
    run.status = session.wait(std::chrono::seconds(o_.order_deadline_s + 120), waits);
    run.seconds = std::chrono::duration<double>(Clock::now() - placed_at).count();
    run.waits.assign(waits.begin(), waits.end());
    std::vector<ModuleRow> rows;
    if (run.status == "done") run.downloads_ok = session.download_all(rows, run.problem);
    if (run.status != "done" && run.status != "failed") run.problem = "never ended: " + run.status;
    if (!session.erase(why) && run.problem.empty()) run.problem = why;
    for (ModuleRow& row : rows) row.deadline_reached = run.seconds >= o_.order_deadline_s - 1;
    std::lock_guard lock(mutex_);
    rows_.insert(rows_.end(), rows.begin(), rows.end());
  }
  ProcessSample now = sample_serve();
  std::lock_guard lock(mutex_);
  if (now.fds > 0) samples_.push_back(now);
  runs_.push_back(std::move(run));
  ++ended_;
}

ProcessSample Run::sample_serve() {
  ProcessSample now;
  {
    std::lock_guard lock(serve_mutex_);
    if (serve_) now = detail::sample(serve_->pid());
  }
  if (now.fds > 0) {
    httplib::Client serve("127.0.0.1", port_);
    serve.set_read_timeout(5s);
    if (auto metrics = serve.Get("/metrics"); metrics && metrics->status == 200) {
      detail::read_heap_gauges(metrics->body, now);
    }
  }
  return now;
}

// cpt serve with no order in flight: what it keeps between orders, unmixed with the working set
// of the orders running (a leak grows this; the load does not).
ProcessSample Run::sample_quiet() {
  std::this_thread::sleep_for(kQuietSettle);  // the last order's threads exit, its pages go back
  return sample_serve();
}

void Run::drive_range(int end) {
  std::vector<std::thread> drivers;
  for (int t = 0; t < std::max(1, o_.concurrency); ++t) {
    drivers.emplace_back([this, end] {
      for (int i = next_++; i < end; i = next_++) {
        if (o_.seconds > 0 && Clock::now() - started_ > std::chrono::seconds(o_.seconds)) break;
        drive_one(i);
      }
    });
  }
  for (std::thread& d : drivers) d.join();
  next_ = end;
}

void Run::drive() {
  std::thread weather([this] { storm(); });
  // A long run pauses once after its first hundred orders, until the last of them ends, and
  // samples cpt serve then and again after its last order.
  const bool quiet_points = o_.orders >= kQuietAfter * 4;
  if (quiet_points) {
    drive_range(kQuietAfter);
    r_.quiet_first = sample_quiet();
    attach_heaptrack();
  }
  drive_range(o_.orders);
  if (quiet_points) r_.quiet_last = sample_quiet();
  driving_ = false;
  weather.join();
  finish_heaptrack();
}

// CPT_CHAOS_HEAPTRACK=1 (with CPT_CHAOS_KILLS=0, one cpt serve for the whole run): heaptrack is
// attached to cpt serve at the first quiet point, and cpt serve is SIGKILLed right after the
// last, so what heaptrack counts as leaked is what was allocated between the two and still held
// at rest, by call stack: `heaptrack_print --print-leaks DIR/heaptrack-serve.*`.
void Run::attach_heaptrack() {
  if (std::getenv("CPT_CHAOS_HEAPTRACK") == nullptr) return;
  std::lock_guard lock(serve_mutex_);
  if (!serve_) return;
  if (!std::filesystem::exists("/usr/bin/heaptrack")) {
    std::fprintf(stderr,
                 "chaos: CPT_CHAOS_HEAPTRACK needs heaptrack (apt-get install heaptrack)\n");
    return;
  }
  // -p comes last: heaptrack reads no option after it.
  auto heaptrack =
      e2e::ChildProcess::spawn({"/usr/bin/heaptrack", "-o", (dir_ / "heaptrack-serve").string(),
                                "-p", std::to_string(serve_->pid())},
                               {}, (dir_ / "heaptrack.log").string());
  if (heaptrack) heaptrack_.emplace(std::move(*heaptrack));
  for (const auto until = Clock::now() + 120s; heaptrack_ && Clock::now() < until;) {
    const auto line = heaptrack_->read_line(1s);
    if (line && line->find("injection finished") != std::string::npos) return;
  }
  std::fprintf(stderr, "chaos: heaptrack did not attach (see %s)\n",
               (dir_ / "heaptrack.log").c_str());
}

void Run::finish_heaptrack() {
  if (!heaptrack_) return;
  {
    std::lock_guard lock(serve_mutex_);
    if (serve_) {
      r_.peak_rss_kib = std::max(r_.peak_rss_kib, detail::peak_rss_kib(serve_->pid()));
      ::kill(serve_->pid(), SIGKILL);
      serve_->stop();
      serve_.reset();
    }
  }
  // heaptrack's interpreter ends when the traced process is gone, after it has read the rest.
  for (const auto until = Clock::now() + 10min; heaptrack_->running() && Clock::now() < until;)
    std::this_thread::sleep_for(500ms);
  heaptrack_.reset();
  std::fprintf(stderr, "chaos: heaptrack of cpt serve between the quiet points in %s\n",
               dir_.c_str());
}

void Run::once_at(double share, bool& done, const std::function<void()>& act) {
  if (done || placed_ < static_cast<int>(share * o_.orders) || placed_ == 0) return;
  done = true;
  act();
}

void Run::sleep_and_wake(std::vector<std::pair<Clock::time_point, std::string>>& asleep) {
  const auto now = Clock::now();
  for (auto it = asleep.begin(); it != asleep.end();) {
    if (it->first > now) {
      ++it;
      continue;
    }
    admin("/sim/vehicles/" + it->second + "/state", {{"state", "online"}});
    it = asleep.erase(it);
  }
  // A car of an order about to run or running falls asleep for one to four seconds.
  const int from = ended_, to = std::min(o_.orders, next_ + 2);
  if (to <= from || rng_() % 5 != 0) return;
  const auto pick = static_cast<std::size_t>(from) + rng_() % static_cast<std::size_t>(to - from);
  const SimUser& user = users_[pick % users_.size()];
  if (user.vins.empty()) return;
  const std::string& vin = user.vins[rng_() % user.vins.size()];
  admin("/sim/vehicles/" + vin + "/state", {{"state", "asleep"}});
  asleep.emplace_back(now + std::chrono::milliseconds(1000 + rng_() % 3000), vin);
}

void Run::storm() {
  const int kills = o_.kills >= 0 ? o_.kills : 2 + o_.orders / 100;
  std::vector<int> kill_at;  // after this many ended orders
  for (int k = 0; k < kills; ++k) {
    kill_at.push_back(
        static_cast<int>((0.1 + 0.6 * std::uniform_real_distribution<>()(rng_)) * o_.orders));
  }
  std::sort(kill_at.begin(), kill_at.end());
  std::vector<std::pair<Clock::time_point, std::string>> asleep;
  bool revoked = false, outage = false;
  std::optional<std::pair<Clock::time_point, std::string>> region_back;
  while (driving_) {
    std::this_thread::sleep_for(100ms);
    bool alive = false;
    {
      std::lock_guard lock(serve_mutex_);
      if (serve_ && !serve_->running()) {
        ++r_.crashes;  // it died without our SIGKILL
        std::fprintf(stderr, "chaos: cpt serve died unasked; its log: %s\n",
                     serve_log(incarnation_).c_str());
        serve_.reset();
      }
      alive = serve_.has_value();
    }
    const bool kill_now = !kill_at.empty() && ended_ >= kill_at.front();
    if (!alive || kill_now) {
      if (alive) {
        ++r_.kills;
        kill_at.erase(kill_at.begin());
      }
      restart_serve();
    }
    sleep_and_wake(asleep);
    once_at(0.3, revoked, [&] {
      admin("/sim/tokens/revoke",
            {{"user", users_[static_cast<std::size_t>(placed_ - 1) % users_.size()].id}});
    });
    once_at(0.4, outage, [&] {
      const std::string region = users_[static_cast<std::size_t>(placed_) % users_.size()].region;
      admin("/sim/regions/" + region + "/unregister", json::object());
      region_back.emplace(Clock::now() + std::chrono::seconds(o_.region_outage_s), region);
    });
    if (region_back && Clock::now() >= region_back->first) {
      admin("/sim/regions/" + region_back->second + "/register", json::object());
      region_back.reset();
    }
  }
  if (region_back) admin("/sim/regions/" + region_back->second + "/register", json::object());
  for (const auto& [when, vin] : asleep)
    admin("/sim/vehicles/" + vin + "/state", {{"state", "online"}});
}

ProcessSample mean(const std::vector<ProcessSample>& samples, std::size_t from, std::size_t n) {
  ProcessSample out;
  if (n == 0) return out;
  long fds = 0, threads = 0, rss = 0, anon = 0, file = 0, in_use = 0, held = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    fds += samples[i].fds;
    threads += samples[i].threads;
    rss += samples[i].rss_kib;
    anon += samples[i].anon_kib;
    file += samples[i].file_kib;
    in_use += samples[i].heap_in_use_kib;
    held += samples[i].heap_held_kib;
  }
  const long count = static_cast<long>(n);
  return {static_cast<int>(fds / count),
          static_cast<int>(threads / count),
          rss / count,
          anon / count,
          file / count,
          in_use / count,
          held / count,
          {},
          {}};
}

void Run::audit() {
  std::vector<double> times;
  for (const OrderRun& run : runs_) {
    ++r_.orders_asked;
    if (!run.placed) {
      if (r_.unplaced_examples.size() < 5)
        r_.unplaced_examples.push_back(run.user + ": " + run.problem);
      continue;
    }
    ++r_.placed;
    times.push_back(run.seconds);
    for (const std::string& wait : run.waits) {
      ++r_.waits[wait.substr(0, std::min(wait.find(" until "), wait.find(" at ")))];
    }
    if (run.status == "done" && run.downloads_ok && run.problem.empty()) {
      ++r_.completed;
    } else if (run.status == "failed" && run.problem.empty()) {
      ++r_.ended_failed;
    } else {
      ++r_.lost;
      if (r_.lost_examples.size() < 5) r_.lost_examples.push_back(run.user + ": " + run.problem);
    }
  }
  r_.p50_s = flow::percentile(times, 0.50);
  r_.p99_s = flow::percentile(times, 0.99);
  const std::size_t each = std::min<std::size_t>(100, samples_.size() / 4);
  r_.samples_each = static_cast<int>(each);
  r_.first = mean(samples_, 0, each);
  r_.last = mean(samples_, samples_.size() - each, each);
  // The course between the two: a warm-up that levels off, or growth with every order.
  if (samples_.size() >= 10) {
    for (std::size_t t = 0; t < 10; ++t) {
      const std::size_t from = samples_.size() * t / 10;
      r_.tenths.push_back(mean(samples_, from, samples_.size() * (t + 1) / 10 - from));
    }
  }
  {
    std::lock_guard lock(serve_mutex_);
    if (serve_) {
      r_.peak_rss_kib = std::max(r_.peak_rss_kib, detail::peak_rss_kib(serve_->pid()));
      if (!serve_->running()) ++r_.crashes;
    }
  }
  if (sim_ && !sim_->running()) ++r_.crashes;
  httplib::Client sim(flow::split_url(sim_env_.at("TESLA_AUTH_URL")).first);
  sim.set_read_timeout(60, 0);
  auto ledger = sim.Get("/sim/ledger?entries=1");
  const std::string body = ledger && ledger->status == 200 ? ledger->body : "{}";
  if (std::getenv("CPT_CHAOS_KEEP") != nullptr) {
    std::ofstream(dir_ / "ledger.json") << body;
    std::ofstream marks(dir_ / "kill_marks.txt");
    for (const KillMark& mark : kill_marks_) marks << mark.before << ' ' << mark.after << '\n';
  }
  detail::audit_ledger(body, kill_marks_, r_);
  detail::audit_honesty(body, rows_, r_);
}

}  // namespace

bool run_chaos(const ChaosOptions& options, ChaosResult& result, std::string& why) {
  Run run(options, result);
  const auto started = Clock::now();
  if (!run.start(why)) return false;
  run.drive();
  run.audit();
  result.wall_s = std::chrono::duration<double>(Clock::now() - started).count();
  return true;
}

}  // namespace cpt::chaos
