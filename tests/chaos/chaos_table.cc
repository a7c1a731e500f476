// The chaos run's one table and its goals.
#include "chaos/chaos.h"

namespace cpt::chaos {
namespace {
constexpr int kLeakSamples = 50;
// The most sockets cpt serve holds at rest: the listening one, 16 idle HTTP handles
// (http::CurlOptions::max_idle_handles) with up to 5 connections each (libcurl's MAXCONNECTS).
constexpr int kPoolSockets = 1 + 16 * 5;

std::string counts_text(const std::map<std::string, int>& counts) {
  std::string out;
  for (const auto& [kind, n] : counts) {
    out += (out.empty() ? "" : " ") + kind + " " + std::to_string(n);
  }
  return out;
}
}  // namespace

std::vector<std::string> ChaosResult::missed() const {
  std::vector<std::string> out;
  if (placed == 0) out.push_back("no order was placed");
  if (placed < orders_asked)
    out.push_back("orders not placed: " + std::to_string(orders_asked - placed));
  if (lost > 0) out.push_back("orders lost: " + std::to_string(lost));
  if (crashes > 0) out.push_back("crashes: " + std::to_string(crashes));
  if (dishonest > 0) out.push_back("dishonest outcomes: " + std::to_string(dishonest));
  if (billed_twice > 0) out.push_back("billed twice: " + std::to_string(billed_twice));
  // Leaks: the last hundred orders against the first. Each figure is taken as an order ends,
  // with others in flight (their connections and threads count too), so a judgement needs many
  // samples: a short run prints them without judging.
  if (samples_each >= kLeakSamples) {
    if (last.fds > first.fds * 5 / 4 + 8) out.push_back("file descriptors grew");
    if (last.threads > first.threads * 5 / 4 + 8) out.push_back("threads grew");
    if (last.rss_kib > first.rss_kib * 3 / 2 + 32 * 1024) out.push_back("memory grew");
  }
  // At rest there is no load to explain a difference: what a leak would leave.
  if (quiet_first.fds > 0 && quiet_last.fds > 0) {
    // Sockets at rest are the listening one and the keep-alive connections of the shared HTTP
    // client's idle handles, which vary with the hosts the last orders used: bounded (16 idle
    // handles, libcurl's 5 connections each), so they are held to that bound, every other kind
    // to no growth.
    const auto sockets = [](const ProcessSample& s) {
      const auto it = s.fd_kinds.find("socket");
      return it == s.fd_kinds.end() ? 0 : it->second;
    };
    if (quiet_last.fds - sockets(quiet_last) > quiet_first.fds - sockets(quiet_first) + 4)
      out.push_back("file descriptors grew (at rest)");
    if (sockets(quiet_last) > kPoolSockets) out.push_back("sockets above the pool's bound");
    if (quiet_last.threads > quiet_first.threads + 4) out.push_back("threads grew (at rest)");
    if (quiet_last.heap_in_use_kib > quiet_first.heap_in_use_kib * 11 / 10 + 4 * 1024)
      out.push_back("heap in use grew (at rest)");
    if (quiet_last.anon_kib > quiet_first.anon_kib * 11 / 10 + 8 * 1024)
      out.push_back("memory grew (at rest)");
  }
  return out;
}

void print_table(const ChaosOptions& o, const ChaosResult& r, std::FILE* out) {
  std::fprintf(out,
               "\nChaos run: %d orders, seed %llu, faults 5xx %.0f%% / 429 %.0f%% (Retry-After "
               "%d-%d s) / reset %.0f%% / malformed %.0f%% / slow %.0f%%, order deadline %d s, "
               "region outage %d s, wall %.0f s\n",
               o.orders, static_cast<unsigned long long>(o.seed), o.rate_5xx * 100,
               o.rate_429 * 100, o.retry_after_min_s, o.retry_after_max_s, o.rate_reset * 100,
               o.rate_malformed * 100, o.rate_slow * 100, o.order_deadline_s, o.region_outage_s,
               r.wall_s);
  std::fprintf(out, "| figure | value | goal |\n|---|---|---|\n");
  std::fprintf(
      out,
      "| orders placed / completed / ended failed (stated) / lost | %d / %d / %d / %d | 0 lost |\n",
      r.placed, r.completed, r.ended_failed, r.lost);
  std::fprintf(out, "| cpt serve SIGKILLs and restarts | %d | |\n", r.kills);
  std::fprintf(out, "| crashes (a process that died unasked) | %d | 0 |\n", r.crashes);
  std::fprintf(out, "| dishonest module outcomes (of %d module rows) | %d | 0 |\n", r.module_rows,
               r.dishonest);
  const double per_order = r.placed ? 1.0 / r.placed : 0;
  std::fprintf(out, "| billed calls per order / plan minimum | %.2f / %.2f | |\n",
               r.billed_calls * per_order, r.plan_minimum * per_order);
  for (const auto& [why, n] : r.extra_billed) {
    std::fprintf(out, "| extra billed calls: %s | %d | %s |\n", why.c_str(), n,
                 why.starts_with("retry") ? "allowed" : "0");
  }
  std::fprintf(out, "| refreshes (accounts, max per account, refused) | %d (%d, %d, %d) | |\n",
               r.refreshes, r.refreshed_accounts, r.max_refreshes_per_account, r.failed_refreshes);
  std::fprintf(out, "| order time p50 / p99 | %.1f s / %.1f s | within the deadline |\n", r.p50_s,
               r.p99_s);
  std::fprintf(out, "| longest outage (SIGKILL to cpt serve answering again) | %.1f s | |\n",
               r.longest_outage_s);
  std::fprintf(out, "| peak RSS of cpt serve | %.0f MiB | |\n",
               static_cast<double>(r.peak_rss_kib) / 1024);
  std::fprintf(out, "| fds first/last %d orders | %d / %d | no growth |\n", r.samples_each,
               r.first.fds, r.last.fds);
  std::fprintf(out, "| threads first/last %d orders | %d / %d | no growth |\n", r.samples_each,
               r.first.threads, r.last.threads);
  std::fprintf(out, "| RSS first/last %d orders | %.0f / %.0f MiB | no growth |\n", r.samples_each,
               static_cast<double>(r.first.rss_kib) / 1024,
               static_cast<double>(r.last.rss_kib) / 1024);
  std::fprintf(out, "| of which anonymous (heap, stacks) | %.0f / %.0f MiB | no growth |\n",
               static_cast<double>(r.first.anon_kib) / 1024,
               static_cast<double>(r.last.anon_kib) / 1024);
  std::fprintf(out, "| of which mapped files (binary, libraries, fonts) | %.0f / %.0f MiB | |\n",
               static_cast<double>(r.first.file_kib) / 1024,
               static_cast<double>(r.last.file_kib) / 1024);
  if (r.quiet_first.fds > 0 && r.quiet_last.fds > 0) {
    const ProcessSample& a = r.quiet_first;
    const ProcessSample& b = r.quiet_last;
    std::fprintf(out,
                 "| at rest, after the first 100 orders / after the last: RSS, anonymous, heap in "
                 "use | %ld / %ld, %ld / %ld, %ld / %ld MiB | no growth |\n",
                 a.rss_kib / 1024, b.rss_kib / 1024, a.anon_kib / 1024, b.anon_kib / 1024,
                 a.heap_in_use_kib / 1024, b.heap_in_use_kib / 1024);
    std::fprintf(out, "| at rest: threads, fds | %d / %d, %d / %d | no growth |\n", a.threads,
                 b.threads, a.fds, b.fds);
    std::fprintf(out, "| at rest: fds by kind | %s / %s | |\n", counts_text(a.fd_kinds).c_str(),
                 counts_text(b.fd_kinds).c_str());
    std::fprintf(out, "| at rest: threads by name | %s / %s | |\n",
                 counts_text(a.thread_names).c_str(), counts_text(b.thread_names).c_str());
  }
  if (!r.tenths.empty()) {
    std::string rss, anon, in_use, held, threads;
    auto add = [](std::string& row, long value) {
      row += (row.empty() ? "" : ", ") + std::to_string(value);
    };
    for (const ProcessSample& t : r.tenths) {
      add(rss, t.rss_kib / 1024);
      add(anon, t.anon_kib / 1024);
      add(in_use, t.heap_in_use_kib / 1024);
      add(held, t.heap_held_kib / 1024);
      add(threads, t.threads);
    }
    std::fprintf(out, "| RSS by tenth of the run | %s MiB | |\n", rss.c_str());
    std::fprintf(out, "| anonymous by tenth of the run | %s MiB | |\n", anon.c_str());
    std::fprintf(out, "| heap in use by tenth (allocator's count) | %s MiB | |\n", in_use.c_str());
    std::fprintf(out, "| heap held from the system by tenth | %s MiB | |\n", held.c_str());
    std::fprintf(out, "| threads by tenth of the run | %s | |\n", threads.c_str());
  }
  for (const auto& [reason, n] : r.waits) {
    std::fprintf(out, "| progress said \"%s\" (orders) | %d | |\n", reason.c_str(), n);
  }
  for (const std::string& e : r.lost_examples) std::fprintf(out, "lost: %s\n", e.c_str());
  for (const std::string& e : r.unplaced_examples) {
    std::fprintf(out, "not placed: %s\n", e.c_str());
  }
  for (const std::string& e : r.dishonest_examples) std::fprintf(out, "dishonest: %s\n", e.c_str());
  for (const std::string& e : r.billed_twice_examples)
    std::fprintf(out, "billed twice: %s\n", e.c_str());
  const auto missed = r.missed();
  std::fprintf(out, "goals: %s\n", missed.empty() ? "all met" : "MISSED");
  for (const std::string& m : missed) std::fprintf(out, "  missed: %s\n", m.c_str());
}

}  // namespace cpt::chaos
