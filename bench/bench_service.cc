// Order load on the CPT service: N browser sessions sign in through the simulator and each orders
// reports for V vehicles at once; prints order latency p50/p99, errors and peak RSS.
//
//   bench_service                       in-process simulator (50 ms latency) + service
//   bench_service --serve URL           an external `cpt serve --simulator` (its authorize URLs
//                                       point at the simulator it was started with)
//   options: --sessions N (50) --vehicles V (5) --package basic|pro|expert (pro) --latency-ms (50)
#include <httplib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cpt/service/config_loader.h"
#include "cpt/service/service.h"
#include "cpt/sim/simulator.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string serve;  // external service base URL; empty: in-process
  int sessions = 50;
  int vehicles = 5;
  std::string package = "pro";
  int latency_ms = 50;
};

struct SessionRun {
  std::string cookie;
  std::string id;
  std::vector<std::string> vins;
  double order_seconds = 0;
  std::string error;
};

std::pair<std::string, int> host_port(const std::string& base) {
  const std::string rest = base.substr(base.find("://") + 3);
  const auto colon = rest.rfind(':');
  return {rest.substr(0, colon), std::stoi(rest.substr(colon + 1))};
}

// Sign in: initiate, follow the simulator's auto-approving authorize URL, call the callback.
bool login(const std::string& base, SessionRun& run) {
  const auto [host, port] = host_port(base);
  httplib::Client service(host, port);
  service.set_read_timeout(60, 0);
  auto init = service.Post("/api/v1/tesla/oauth/initiate", "", "application/json");
  if (!init || init->status != 200) return (run.error = "initiate failed"), false;
  const std::string cookie = init->get_header_value("Set-Cookie");
  run.cookie = cookie.substr(0, cookie.find(';'));
  const std::string auth_url = json::parse(init->body)["authUrl"];
  const std::size_t path_start = auth_url.find('/', auth_url.find("://") + 3);
  httplib::Client sim(auth_url.substr(0, path_start));
  auto approved = sim.Get(auth_url.substr(path_start));
  if (!approved || approved->status != 302) return (run.error = "authorize failed"), false;
  const std::string location = approved->get_header_value("Location");
  const std::string callback = location.substr(location.find("/api/v1/tesla/oauth/callback"));
  auto back = service.Get(callback, {{"Cookie", run.cookie}});
  if (!back || back->status != 302) return (run.error = "callback failed"), false;
  const std::string ui = back->get_header_value("Location");
  const auto marker = ui.find("#session=");
  if (marker == std::string::npos) return (run.error = "login redirect: " + ui), false;
  run.id = ui.substr(marker + 9);
  auto vehicles = service.Get("/api/v1/sessions/" + run.id + "/vehicles", {{"Cookie", run.cookie}});
  if (!vehicles || vehicles->status != 200) return (run.error = "vehicles failed"), false;
  // Parsed into a named value first: a range-for over a member of a temporary would dangle.
  const json listed = json::parse(vehicles->body, nullptr, false);
  if (!listed.is_object() || !listed.contains("vehicles")) return (run.error = "no vehicles"), false;
  for (const json& card : listed["vehicles"]) run.vins.push_back(card["vin"]);
  return true;
}

// Orders every vehicle of the session and polls until the order is done; times the whole order.
void order(const std::string& base, const Options& options, SessionRun& run) {
  const auto [host, port] = host_port(base);
  httplib::Client service(host, port);
  service.set_read_timeout(60, 0);
  const httplib::Headers cookie = {{"Cookie", run.cookie}};
  std::vector<std::string> vins(
      run.vins.begin(),
      run.vins.begin() + std::min<std::size_t>(run.vins.size(), options.vehicles));
  const json body = {{"vins", vins}, {"package", options.package}, {"language", "en"}};
  const auto started = Clock::now();
  auto accepted = service.Post("/api/v1/sessions/" + run.id + "/order", cookie, body.dump(),
                               "application/json");
  if (!accepted || accepted->status != 202) {
    run.error = "order refused: " + (accepted ? accepted->body : std::string("no answer"));
    return;
  }
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto progress = service.Get("/api/v1/sessions/" + run.id + "/progress", cookie);
    if (!progress || progress->status != 200) {
      run.error = "progress failed";
      return;
    }
    const json p = json::parse(progress->body);
    if (p["status"] == "running") continue;
    run.order_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (p["status"] != "done") {
      run.error = "order failed: " + p["error"].dump();
      return;
    }
    for (const json& v : p["vehicles"]) {
      if (v["phase"] != "done")
        run.error = "vehicle ended in phase " + v["phase"].get<std::string>();
    }
    auto pdf = service.Get("/api/v1/sessions/" + run.id + "/reports/" + vins[0] + ".pdf", cookie);
    if (!pdf) {
      run.error = "pdf: " + httplib::to_string(pdf.error());
    } else if (pdf->status != 200 || !pdf->body.starts_with("%PDF-")) {
      run.error = "pdf: HTTP " + std::to_string(pdf->status) + " " + pdf->body.substr(0, 120);
    }
    return;
  }
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

int run_load(const std::string& base, const Options& options) {
  std::vector<SessionRun> runs(static_cast<std::size_t>(options.sessions));
  const auto login_start = Clock::now();
  for (SessionRun& run : runs) login(base, run);
  const double login_s = std::chrono::duration<double>(Clock::now() - login_start).count();
  const auto order_start = Clock::now();
  std::vector<std::thread> threads;
  for (SessionRun& run : runs) {
    if (run.error.empty())
      threads.emplace_back([&base, &options, &run] { order(base, options, run); });
  }
  for (std::thread& t : threads) t.join();
  const double wall_s = std::chrono::duration<double>(Clock::now() - order_start).count();
  std::vector<double> latencies;
  int errors = 0;
  for (const SessionRun& run : runs) {
    if (!run.error.empty()) {
      ++errors;
      if (errors <= 5) std::cerr << "error: " << run.error << "\n";
    } else {
      latencies.push_back(run.order_seconds);
    }
  }
  std::printf("sessions=%d vehicles_per_order=%d package=%s\n", options.sessions, options.vehicles,
              options.package.c_str());
  std::printf("logins: %.2f s for %d (sequential)\n", login_s, options.sessions);
  std::printf("orders: %d ok, %d errors, wall %.2f s (all concurrent)\n",
              static_cast<int>(latencies.size()), errors, wall_s);
  std::printf("order latency: p50 %.3f s, p99 %.3f s, max %.3f s\n", percentile(latencies, 0.5),
              percentile(latencies, 0.99), percentile(latencies, 1.0));
  return errors == 0 ? 0 : 1;
}

int in_process(const Options& options) {
  cpt::sim::SimOptions sim_options;
  sim_options.auto_approve = "";
  sim_options.regions_registered = true;
  sim_options.vehicles_per_user = options.vehicles;
  sim_options.faults.latency_ms = options.latency_ms;
  sim_options.wake_delay = std::chrono::milliseconds(10);
  auto sim = cpt::sim::Simulator::start(sim_options);
  if (!sim) return std::cerr << sim.error().describe() << "\n", 2;
  const auto dir = std::filesystem::temp_directory_path() / "cpt-bench-service";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cpt::service::ServiceConfig config;
  config.listen_port = 0;
  config.simulator = true;
  config.database = (dir / "cpt.db").string();
  config.log_requests = false;
  config.oauth_rate = {.per_minute = 100000, .burst = 100000};
  if (!cpt::service::apply_env(cpt::service::env_of((*sim)->env()), config)) return 2;
  if (!cpt::service::apply_simulator_defaults(config)) return 2;
  cpt::service::ServiceDeps deps;
  deps.log_sink = [](std::string_view) {};
  auto service = cpt::service::Service::create(config, deps);
  if (!service) return std::cerr << service.error().describe() << "\n", 2;
  if (!(*service)->start()) return 2;
  std::printf("in-process simulator (latency %d ms) + service\n", options.latency_ms);
  const int rc = run_load((*service)->base_url(), options);
  (*service)->stop();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS (simulator + service + clients in one process): %.1f MiB\n",
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::filesystem::remove_all(dir);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--serve")
      options.serve = value;
    else if (flag == "--sessions")
      options.sessions = std::stoi(value);
    else if (flag == "--vehicles")
      options.vehicles = std::stoi(value);
    else if (flag == "--package")
      options.package = value;
    else if (flag == "--latency-ms")
      options.latency_ms = std::stoi(value);
    else
      return std::cerr << "unknown flag " << flag << "\n", 2;
  }
  if (options.serve.empty()) return in_process(options);
  std::printf("external service %s\n", options.serve.c_str());
  return run_load(options.serve, options);
}
