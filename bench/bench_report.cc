// Report rendering speed: reports per second for the model, its invariant check, JSON, HTML and
// PDF of a full report (Google Benchmark), then our PDF against headless Chromium printing our
// own HTML: time per PDF and peak memory of each, in one run. Goal: >= 20x faster than Chromium at
// <= 1/10 of its peak memory.
#include <benchmark/benchmark.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpt/report/invariants.h"
#include "cpt/report/renderers.h"
#include "cpt/snapshot/sample.h"

namespace {

using cpt::report::Report;
using Clock = std::chrono::steady_clock;

const Report& full_report() {
  static const Report report = cpt::report::build_report(cpt::snapshot::sample_eu_model3(), {});
  return report;
}

const cpt::report::SigningKey& key() {
  static const cpt::report::SigningKey k = *cpt::report::SigningKey::generate();
  return k;
}

void BM_BuildModel(benchmark::State& state) {
  const auto snapshot = cpt::snapshot::sample_eu_model3();
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::build_report(snapshot, {}));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildModel)->Unit(benchmark::kMillisecond);

// The invariant checker on a full report: what checking every report the tests build costs.
void BM_CheckInvariants(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::check_invariants(full_report()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CheckInvariants)->Unit(benchmark::kMicrosecond);

void BM_Json(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::render_json(full_report()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Json)->Unit(benchmark::kMillisecond);

void BM_JsonSigned(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::render_json(full_report(), &key()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonSigned)->Unit(benchmark::kMillisecond);

void BM_Html(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::render_html(full_report()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Html)->Unit(benchmark::kMillisecond);

void BM_Pdf(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::render_pdf(full_report()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Pdf)->Unit(benchmark::kMillisecond);

void BM_PdfSigned(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cpt::report::render_pdf(full_report(), &key()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PdfSigned)->Unit(benchmark::kMillisecond);

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// What one measured process did.
struct Run {
  double ms = 0;          // wall time per PDF
  double first_ms = 0;    // the first PDF (cold caches), ours only
  long max_rss_kb = 0;    // wait4: the largest single process
  long tree_peak_kb = 0;  // sampled: the sum over the whole process tree
  bool ok = false;
};

std::map<int, int> parent_of_all() {
  std::map<int, int> parents;
  DIR* proc = opendir("/proc");
  if (!proc) return parents;
  while (dirent* entry = readdir(proc)) {
    const int pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    int ppid = 0;
    char state = 0;
    if (std::sscanf(line.c_str() + close + 2, "%c %d", &state, &ppid) == 2) parents[pid] = ppid;
  }
  closedir(proc);
  return parents;
}

long tree_rss_kb(int root) {
  const auto parents = parent_of_all();
  const long page_kb = sysconf(_SC_PAGESIZE) / 1024;
  long total = 0;
  for (const auto& [pid, ppid] : parents) {
    int p = pid;
    while (p > 1 && p != root) {
      auto it = parents.find(p);
      p = it == parents.end() ? 0 : it->second;
    }
    if (p != root) continue;
    std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
    long size = 0, resident = 0;
    if (statm >> size >> resident) total += resident * page_kb;
  }
  return total;
}

// Waits for `pid`, sampling the RSS of its process tree every 5 ms.
void wait_sampling(int pid, Run& run) {
  rusage usage{};
  int status = 0;
  while (true) {
    const int done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    run.tree_peak_kb = std::max(run.tree_peak_kb, tree_rss_kb(pid));
    usleep(5000);
  }
  run.max_rss_kb = usage.ru_maxrss;
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  run.tree_peak_kb = std::max(run.tree_peak_kb, run.max_rss_kb);
}

// Our PDF in a fresh process: the first render (cold) and the mean of `count` more.
Run measure_ours(int count) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const auto start = Clock::now();
    const Report report = cpt::report::build_report(cpt::snapshot::sample_eu_model3(), {});
    auto pdf = cpt::report::render_pdf(report);
    double times[2] = {ms_since(start), 0};
    const auto steady = Clock::now();
    for (int i = 0; i < count; ++i) pdf = cpt::report::render_pdf(report);
    times[1] = ms_since(steady) / count;
    const bool wrote = write(fds[1], times, sizeof times) == static_cast<ssize_t>(sizeof times);
    _exit(pdf && wrote ? 0 : 1);
  }
  close(fds[1]);
  Run run;
  wait_sampling(pid, run);
  double times[2] = {0, 0};
  if (read(fds[0], times, sizeof times) != static_cast<ssize_t>(sizeof times)) run.ok = false;
  close(fds[0]);
  run.first_ms = times[0];
  run.ms = times[1];
  return run;
}

std::optional<std::string> find_chromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    const std::string probe = std::string("command -v ") + name + " >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return name;
  }
  return std::nullopt;
}

// Headless Chromium printing our HTML to PDF, `count` times; time and memory per invocation.
Run measure_chromium(const std::string& browser, const std::filesystem::path& dir, int count) {
  const auto html = dir / "report.html";
  std::ofstream(html) << cpt::report::render_html(full_report());
  Run total;
  total.ok = true;
  for (int i = 0; i < count; ++i) {
    const auto profile = dir / ("profile-" + std::to_string(i));
    std::filesystem::create_directories(profile);
    const std::vector<std::string> args = {browser,
                                           "--headless",
                                           "--no-sandbox",
                                           "--disable-gpu",
                                           "--disable-quic",
                                           "--no-first-run",
                                           "--disable-background-networking",
                                           "--disable-component-update",
                                           "--disable-sync",
                                           "--no-pdf-header-footer",
                                           "--user-data-dir=" + profile.string(),
                                           "--print-to-pdf=" + (dir / "chromium.pdf").string(),
                                           "file://" + html.string()};
    const auto start = Clock::now();
    const int pid = fork();
    if (pid == 0) {
      const int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    Run run;
    wait_sampling(pid, run);
    total.ms += ms_since(start) / count;
    total.max_rss_kb = std::max(total.max_rss_kb, run.max_rss_kb);
    total.tree_peak_kb = std::max(total.tree_peak_kb, run.tree_peak_kb);
    total.ok = total.ok && run.ok && std::filesystem::exists(dir / "chromium.pdf");
  }
  return total;
}

void compare_with_chromium() {
  std::printf(
      "\n== PDF: Car Pulse Tracker (cairo + pango) vs headless Chromium printing our HTML ==\n");
  const Run ours = measure_ours(20);
  std::printf("ours:     %8.1f ms per PDF (first, cold: %.1f ms), peak RSS %6.1f MB\n", ours.ms,
              ours.first_ms, static_cast<double>(ours.max_rss_kb) / 1024.0);
  const auto browser = find_chromium();
  if (!browser) {
    std::printf("chromium: not installed; comparison skipped (apt-get install chromium)\n");
    return;
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const Run chrome = measure_chromium(*browser, dir, 3);
  std::filesystem::remove_all(dir);
  if (!chrome.ok) {
    std::printf("chromium: failed to print the PDF; comparison skipped\n");
    return;
  }
  std::printf(
      "chromium: %8.1f ms per PDF, peak RSS %6.1f MB (largest process), %6.1f MB "
      "(whole process tree, sampled)\n",
      chrome.ms, static_cast<double>(chrome.max_rss_kb) / 1024.0,
      static_cast<double>(chrome.tree_peak_kb) / 1024.0);
  const double speedup = chrome.ms / ours.ms;
  const double memory =
      static_cast<double>(ours.max_rss_kb) / static_cast<double>(chrome.tree_peak_kb);
  std::printf("speed: %.0fx faster (goal >= 20x: %s); cold first PDF %.0fx faster\n", speedup,
              speedup >= 20 ? "met" : "NOT met", chrome.ms / ours.first_ms);
  std::printf(
      "memory: ours is %.3f of Chromium's tree peak, %.3f of its largest process "
      "(goal <= 0.1: %s)\n",
      memory, static_cast<double>(ours.max_rss_kb) / static_cast<double>(chrome.max_rss_kb),
      memory <= 0.1 ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) {
  // --no_comparison skips the Chromium comparison (e.g. when profiling one benchmark).
  bool compare = true;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--no_comparison") {
      compare = false;
      for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
      --argc;
      break;
    }
  }
  // The process-level comparison runs first, from a small process, before benchmarks grow it.
  if (compare) compare_with_chromium();
  std::printf("\n");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
