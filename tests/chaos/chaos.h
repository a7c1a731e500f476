// The chaos run (issue 14): `cpt sim` with a seeded storm of faults and `cpt serve` on SQLite,
// killed with SIGKILL and restarted at random moments, while N browser sessions sign in, order,
// poll, download every format and delete. The result is the figures of one table and whether
// each goal was met. Used by bench/bench_chaos (./run chaos) and the short ctest case.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace cpt::chaos {

// How hard and how long. Plain values; the defaults are the fault mix.
struct ChaosOptions {
  int orders = 50;
  int seconds = 0;      // > 0: place no new order after this many seconds
  int concurrency = 8;  // sessions in flight at once
  std::uint64_t seed = 14;
  double rate_5xx = 0.10;
  double rate_429 = 0.05;
  int retry_after_min_s = 1;
  int retry_after_max_s = 120;
  double rate_reset = 0.02;
  double rate_malformed = 0.02;
  double rate_slow = 0.02;
  int slow_body_ms = 1500;
  int order_deadline_s = 180;  // the service's orders.deadline_seconds
  int region_outage_s = 60;    // one region unregistered this long
  int kills = -1;              // SIGKILLs of cpt serve; -1: 2 + orders / 100
  int token_lifetime_s = 300;  // the simulator's access tokens (refreshes happen mid-run)
};

// One order's journey, as the driver saw it.
struct OrderRun {
  int index = 0;
  std::string user;
  std::string package;
  bool placed = false;
  std::string status{};  // "done", "failed", or what it was when the driver gave up
  bool downloads_ok = false;
  double seconds = 0;                // placement to the end of its order
  std::vector<std::string> waits{};  // distinct "waiting" reasons progress gave
  std::string problem{};             // why it counts as lost, when it does
};

// A module row of a downloaded report (provenance.modules).
struct ModuleRow {
  std::string user;
  std::string vin;
  std::string module;
  std::string outcome;
  std::string source;
  std::string reason;
  bool deadline_reached = false;  // the order ran until its deadline
};

// Process figures of `cpt serve` at one moment.
struct ProcessSample {
  int fds = 0;
  int threads = 0;
  long rss_kib = 0;
  long anon_kib = 0;  // of rss_kib: the heap and stacks (RssAnon), what a leak would grow
  long file_kib = 0;  // of rss_kib: mapped files (the binary, libraries, the PDF fonts as read)
  long heap_in_use_kib = 0;             // the allocator's account (/metrics): live allocations
  long heap_held_kib = 0;               // ... and what it holds from the system, live or free
  std::map<std::string, int> fd_kinds;  // fds by what they are: socket, font, database, pipe, ...
  std::map<std::string, int>
      thread_names;  // threads by name (ours are "cpt"; libraries name theirs)
};

// Where the ledger stood at one SIGKILL of cpt serve: its size just before the signal and just
// before the next cpt serve started. An answer logged between the two went to the dead process
// (a request in flight at the kill is answered after it) or to none.
struct KillMark {
  long before = 0;
  long after = 0;
};

// Everything the table prints. Value type.
struct ChaosResult {
  int orders_asked = 0;
  int placed = 0;
  int completed = 0;     // done, every download read
  int ended_failed = 0;  // ended "failed" with a stated reason (counted as not lost)
  int lost = 0;
  int kills = 0;
  int crashes = 0;
  int module_rows = 0;
  int dishonest = 0;
  std::vector<std::string> dishonest_examples;
  int billed_calls = 0;
  int plan_minimum = 0;                     // distinct billed calls (each needed once)
  std::map<std::string, int> extra_billed;  // why -> count
  int billed_twice = 0;  // a call billed again after a clean answer (not a retry)
  std::vector<std::string> billed_twice_examples;
  int refreshes = 0;
  int refreshed_accounts = 0;
  int max_refreshes_per_account = 0;
  int failed_refreshes = 0;
  double p50_s = 0;
  double p99_s = 0;
  double longest_outage_s = 0;  // SIGKILL of cpt serve to the next one answering /health
  long peak_rss_kib = 0;        // cpt serve, any incarnation
  ProcessSample first;          // mean over the first hundred completed orders
  ProcessSample last;           // mean over the last hundred
  int samples_each = 0;
  std::vector<ProcessSample> tenths;
  // cpt serve with no order in flight, after the first hundred orders and after the last (a long
  // run only): what it keeps between orders.
  ProcessSample quiet_first;
  ProcessSample quiet_last;          // mean over each tenth of the run's samples, in order
  std::map<std::string, int> waits;  // progress "waiting" reasons (by kind) seen
  double wall_s = 0;
  std::vector<std::string> lost_examples;
  std::vector<std::string> unplaced_examples;

  // The goals not met (empty: all met).
  std::vector<std::string> missed() const;
};

// Runs the whole thing; false with `why` when the processes cannot be started.
bool run_chaos(const ChaosOptions& options, ChaosResult& result, std::string& why);

// The one table (Markdown), with the goals.
void print_table(const ChaosOptions& options, const ChaosResult& result, std::FILE* out);

// Internal pieces, shared by the files of the run.
namespace detail {
// The figures of `pid` from /proc; zeros when it is gone.
ProcessSample sample(int pid);
// Adds the heap gauges of `metrics` (cpt serve's /metrics text) to `out`.
void read_heap_gauges(const std::string& metrics, ProcessSample& out);
long peak_rss_kib(int pid);
// Billed calls, extra calls and why, refreshes per account: from the simulator's ledger JSON.
// `kill_marks`: where the ledger stood at each SIGKILL, so that a call repeated because its answer
// died with the killed process (answered, not yet stored) is told apart.
void audit_ledger(const std::string& ledger_json, const std::vector<KillMark>& kill_marks,
                  ChaosResult& result);
// Module outcomes against the faults the simulator injected for that car.
void audit_honesty(const std::string& ledger_json, const std::vector<ModuleRow>& rows,
                   ChaosResult& result);
}  // namespace detail

}  // namespace cpt::chaos
