// Scaling figures: orders per minute and order time with 1, 2 and 4 `cpt serve` instances on one
// Redis behind nginx, against the simulator with 100 ms latency per Tesla call, and Redis memory
// per session. Each instance keeps the default per-order in-flight limit, so every run spends the
// same Tesla concurrency per account. Prints one table.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "cluster/cluster.h"

namespace {

using namespace std::chrono_literals;

struct Row {
  int instances = 0;
  int orders = 0;
  int done = 0;
  double wall_s = 0;
  double p50_s = 0;
  double p99_s = 0;
  double redis_bytes_per_session = 0;
};

using cpt::flow::percentile;

bool run(int instances, int orders, Row& row) {
  std::string why;
  auto cluster = cpt::cluster::Cluster::start({.instances = instances,
                                               .sim_users = orders,
                                               .sim_latency_ms = 100,
                                               .session_ttl_seconds = 600},
                                              why);
  if (!cluster) {
    std::fprintf(stderr, "bench_cluster: %s\n", why.c_str());
    return false;
  }
  const std::int64_t memory_before = cluster->redis_used_memory();
  const auto browsers = cluster->login_everyone(why);
  if (browsers.empty()) {
    std::fprintf(stderr, "bench_cluster: sign-in failed: %s\n", why.c_str());
    return false;
  }
  // Every order placed at once; each one's time runs from its placement to "done".
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::future<std::pair<std::string, double>>> results;
  for (const auto& browser : browsers) {
    results.push_back(std::async(std::launch::async, [&cluster, &browser] {
      std::string error;
      const auto placed = std::chrono::steady_clock::now();
      if (!cluster->place_order(browser, "expert", error)) return std::make_pair(error, 0.0);
      const std::string status = cluster->wait_for_order(browser, 600s);
      return std::make_pair(
          status, std::chrono::duration<double>(std::chrono::steady_clock::now() - placed).count());
    }));
  }
  std::vector<double> times;
  row = Row{.instances = instances, .orders = orders};
  for (auto& result : results) {
    const auto [status, seconds] = result.get();
    if (status == "done") ++row.done;
    times.push_back(seconds);
  }
  row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  row.p50_s = percentile(times, 0.50);
  row.p99_s = percentile(times, 0.99);
  row.redis_bytes_per_session =
      static_cast<double>(cluster->redis_used_memory() - memory_before) / std::max(1, orders);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const int orders = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  std::vector<Row> rows;
  for (int instances : {1, 2, 4}) {
    Row row;
    if (!run(instances, orders, row)) return 1;
    rows.push_back(row);
  }
  std::printf("\nScaling on Redis behind nginx: %d expert orders at once, simulator at 100 ms\n",
              orders);
  std::printf(
      "| instances | orders done | wall s | orders/min | p50 order s | p99 order s | "
      "Redis KiB/session |\n|---|---|---|---|---|---|---|\n");
  for (const Row& r : rows) {
    std::printf("| %d | %d/%d | %.1f | %.0f | %.2f | %.2f | %.0f |\n", r.instances, r.done,
                r.orders, r.wall_s, 60.0 * r.done / std::max(0.001, r.wall_s), r.p50_s, r.p99_s,
                r.redis_bytes_per_session / 1024.0);
  }
  return 0;
}
