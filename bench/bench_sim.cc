// Simulator speed: world generation and body building (Google Benchmark), then loopback
// throughput of GET /api/1/vehicles over keep-alive connections (self-timed, printed).
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "cpt/sim/simulator.h"
#include "cpt/sim/vehicle_json.h"

namespace {

using namespace cpt::sim;

void BM_GenerateWorld(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(generate_world(42, 30, 3));
}
BENCHMARK(BM_GenerateWorld)->Unit(benchmark::kMillisecond);

void BM_VehicleDataBody(benchmark::State& state) {
  const World world = generate_world(42, 3, 3);
  const auto& v = world.vehicles.front();
  VehicleDataRequest request;
  request.now_ms = 1'771'156'800'000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(vehicle_data(v, world.users.front(), "online", request).dump());
  }
}
BENCHMARK(BM_VehicleDataBody)->Unit(benchmark::kMicrosecond);

std::string login(const Simulator& sim) {
  const auto& o = sim.options();
  httplib::Client auth(sim.urls().auth_base);
  auto redirect =
      auth.Get("/oauth2/v3/authorize?response_type=code&client_id=" + o.client_id +
               "&redirect_uri=" + httplib::detail::encode_query_param(o.redirect_uris[0]) +
               "&scope=openid%20vehicle_device_data&state=b");
  if (!redirect) return {};
  httplib::Params q;
  const auto location = redirect->get_header_value("Location");
  httplib::detail::parse_query_text(location.substr(location.find('?') + 1), q);
  auto token = auth.Post("/oauth2/v3/token", httplib::Params{{"grant_type", "authorization_code"},
                                                             {"client_id", o.client_id},
                                                             {"client_secret", o.client_secret},
                                                             {"code", q.find("code")->second},
                                                             {"redirect_uri", o.redirect_uris[0]},
                                                             {"audience", sim.urls().fleet_na}});
  return token ? nlohmann::json::parse(token->body).value("access_token", "") : std::string{};
}

// 16 keep-alive connections (one blocking client thread each) for `seconds`.
void loopback_throughput(int seconds) {
  SimOptions options;
  options.regions_registered = true;
  options.auto_approve = "";
  auto started = Simulator::start(options);
  if (!started) {
    std::printf("sim failed to start: %s\n", started.error().describe().c_str());
    return;
  }
  auto& sim = **started;
  const std::string token = login(sim);
  std::atomic<bool> stop{false};
  std::atomic<long> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      httplib::Client client(sim.urls().fleet_na);
      client.set_keep_alive(true);
      const httplib::Headers headers{{"Authorization", "Bearer " + token}};
      while (!stop) {
        auto res = client.Get("/api/1/vehicles", headers);
        (res && res->status == 200 ? ok : failed)++;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  std::printf(
      "loopback GET /api/1/vehicles, 16 keep-alive connections, %d s: %.0f requests/s "
      "(%ld ok, %ld failed; client and server share the machine)\n",
      seconds, static_cast<double>(ok) / seconds, ok.load(), failed.load());
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  loopback_throughput(5);
  return 0;
}
