// The chaos run (./run chaos [orders] [seconds]): the fault mix against `cpt sim`, `cpt
// serve` on SQLite killed and restarted at random, N sessions through the public API. Prints one
// table; exits 1 when a goal is missed.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "chaos/chaos.h"

int main(int argc, char** argv) {
  cpt::chaos::ChaosOptions options;
  options.orders = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
  options.seconds = argc > 2 ? std::max(0, std::atoi(argv[2])) : 0;
  options.concurrency = 32;
  if (const char* seed = std::getenv("CPT_CHAOS_SEED"))
    options.seed = std::strtoull(seed, nullptr, 10);
  // For a look at one cause at a time: CPT_CHAOS_KILLS=0 keeps one cpt serve for the whole run
  // (its memory over the run, unmixed with fresh processes), CPT_CHAOS_CONCURRENCY sessions at
  // once.
  if (const char* kills = std::getenv("CPT_CHAOS_KILLS")) options.kills = std::atoi(kills);
  if (const char* sessions = std::getenv("CPT_CHAOS_CONCURRENCY"))
    options.concurrency = std::max(1, std::atoi(sessions));
  cpt::chaos::ChaosResult result;
  std::string why;
  if (!cpt::chaos::run_chaos(options, result, why)) {
    std::fprintf(stderr, "bench_chaos: %s\n", why.c_str());
    return 2;
  }
  cpt::chaos::print_table(options, result, stdout);
  return result.missed().empty() ? 0 : 1;
}
