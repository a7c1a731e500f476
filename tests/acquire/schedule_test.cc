// What the reader waits for comes first (issue 15): the task queue's order, and an expert order
// on the simulator whose reports are ready before the order ends (an invoices phase, when shown,
// between the two) and whose invoices are fetched once each.
#include "cpt/acquire/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "sim_account.h"

namespace cpt::acquire {
namespace {

TEST(TaskQueue, EveryReaderWaitsTaskRunsBeforeAnyBackgroundTask) {
  TaskQueue queue;
  std::vector<std::string> ran;
  queue.add(Priority::background, [&] { ran.push_back("invoice-1"); });
  queue.add(Priority::reader_waits, [&] { ran.push_back("module-1"); });
  queue.add(Priority::background, [&] { ran.push_back("invoice-2"); });
  queue.add(Priority::reader_waits, [&] {
    ran.push_back("module-2");
    // A task added while running still goes before the waiting background ones.
    queue.add(Priority::reader_waits, [&] { ran.push_back("module-3"); });
  });
  queue.run(1);
  EXPECT_EQ(ran, (std::vector<std::string>{"module-1", "module-2", "module-3", "invoice-1",
                                           "invoice-2"}));
}

TEST(TaskQueue, RunsEveryTaskOnSeveralThreadsAndReturnsWhenAllAreDone) {
  TaskQueue queue;
  std::mutex mutex;
  int done = 0;
  for (int i = 0; i < 50; ++i) {
    queue.add(i % 2 ? Priority::background : Priority::reader_waits, [&] {
      std::lock_guard lock(mutex);
      ++done;
    });
  }
  queue.run(8);
  EXPECT_EQ(done, 50);
}

// The process's thread count (/proc/self/status).
int threads_now() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("Threads:")) return std::stoi(line.substr(8));
  }
  return 0;
}

TEST(TaskQueue, StartsNoMoreThreadsThanItHasTasks) {
  TaskQueue queue;
  const int before = threads_now();
  std::mutex mutex;
  int most = 0;
  for (int i = 0; i < 3; ++i) {
    queue.add(Priority::reader_waits, [&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::lock_guard lock(mutex);
      most = std::max(most, threads_now());
    });
  }
  queue.run(32);  // an order's ceiling; three calls need three threads (the caller is one)
  EXPECT_LE(most - before, 2);
  EXPECT_GE(most - before, 1) << "the tasks still ran side by side";
}

TEST(TaskQueue, ATaskAddedWhileEveryThreadIsBusyGetsAThreadOfItsOwn) {
  TaskQueue queue;
  std::mutex mutex;
  std::condition_variable all_in;
  int inside = 0;
  bool met = true;
  // Three tasks that each wait (up to 5 s) until all three run at once: only if a thread is
  // started for each as it is added, behind the one task queued at the start.
  auto meet = [&] {
    std::unique_lock lock(mutex);
    ++inside;
    all_in.notify_all();
    met = all_in.wait_for(lock, std::chrono::seconds(5), [&] { return inside == 3; }) && met;
  };
  queue.add(Priority::reader_waits, [&] {
    queue.add(Priority::reader_waits, meet);
    queue.add(Priority::background, meet);
    meet();
  });
  queue.run(4);
  EXPECT_TRUE(met);
  EXPECT_EQ(inside, 3);
}

// Records, in order, when each vehicle's report was ready, entered the invoices phase, finished.
class Events final : public ProgressSink {
 public:
  void on_progress(const VehicleProgress& p) override {
    if (p.phase == Phase::invoices) add("invoices", p.vin);
    if (p.phase == Phase::done) add("done", p.vin);
  }
  void on_report_ready(const snapshot::VehicleSnapshot& s) override {
    add("ready", s.vin);
    std::lock_guard lock(mutex_);
    ready_.emplace(s.vin, s);
  }
  snapshot::VehicleSnapshot ready(const std::string& vin) {
    std::lock_guard lock(mutex_);
    return ready_.at(vin);
  }
  std::ptrdiff_t first(const std::string& what, const std::string& vin) {
    std::lock_guard lock(mutex_);
    auto it = std::ranges::find(events_, what + ":" + vin);
    return it == events_.end() ? -1 : it - events_.begin();
  }
  long count(const std::string& what, const std::string& vin) {
    std::lock_guard lock(mutex_);
    return std::ranges::count(events_, what + ":" + vin);
  }

 private:
  void add(const std::string& what, const std::string& vin) {
    std::lock_guard lock(mutex_);
    events_.push_back(what + ":" + vin);
  }
  std::mutex mutex_;
  std::vector<std::string> events_;
  std::map<std::string, snapshot::VehicleSnapshot> ready_;  // as each report was ready
};

TEST(ReportsBeforeInvoices, EachReportIsReadyBeforeTheOrderEndsAndEveryInvoiceIsFetchedOnce) {
  sim::SimOptions options;
  options.seed = 11;
  options.users = 1;
  options.vehicles_per_user = 3;
  auto account = testing::start_sim_account(options);
  ASSERT_TRUE(account.client);
  for (const auto& vin : account.vins) account.sim->set_vehicle_state(vin, "online");
  Order order;
  order.id = "ord-invoices";
  order.package = snapshot::Package::expert;
  order.vins = account.vins;
  InMemoryRawStore store;
  Events events;
  auto result = run_order(order, *account.client, store, SystemClock::instance(), &events);
  ASSERT_TRUE(result.has_value()) << result.error().describe();

  std::size_t invoices = 0;
  for (const auto& s : result->snapshots) {
    std::size_t own = 0;
    ASSERT_TRUE(s.charging.data.has_value());
    for (const auto& session : s.charging.data->sessions) {
      for (const auto& invoice : session.invoices) {
        if (invoice.content_id.empty()) continue;
        ++own;
        EXPECT_TRUE(invoice.bytes && !invoice.bytes->empty()) << invoice.file_name;
      }
    }
    invoices += own;
    EXPECT_EQ(events.count("ready", s.vin), 1);
    EXPECT_LT(events.first("ready", s.vin), events.first("done", s.vin));
    if (own > 0) {
      EXPECT_EQ(s.invoices.outcome, snapshot::ModuleOutcome::ok) << s.invoices.reason;
      EXPECT_TRUE(s.invoices.note.empty()) << s.invoices.note.code;
    }
    // A report ready before its PDFs says how many are on their way; one ready after them (or
    // with none to fetch) is the vehicle's whole snapshot.
    const auto early = events.ready(s.vin);
    if (events.first("invoices", s.vin) >= 0) {
      EXPECT_EQ(early.invoices.note.code, "invoices_pending");
      EXPECT_EQ(
          early.invoices.note.params,
          (std::vector<std::pair<std::string, std::string>>{{"wanted", std::to_string(own)}}));
    } else {
      EXPECT_EQ(early.invoices.outcome, s.invoices.outcome);
      EXPECT_EQ(early.invoices.note, s.invoices.note);
    }
    // The invoices phase shows while a ready report still waits for PDFs (none, when every PDF
    // came in before the vehicle's modules).
    if (events.first("invoices", s.vin) >= 0) {
      EXPECT_LT(events.first("ready", s.vin), events.first("invoices", s.vin));
      EXPECT_LT(events.first("invoices", s.vin), events.first("done", s.vin));
    }
  }
  ASSERT_GT(invoices, 0u);
  std::map<std::string, int> fetched;
  for (const auto& entry : account.sim->ledger().entries) {
    if (entry.path.starts_with("/api/1/dx/charging/invoice/")) ++fetched[entry.path];
  }
  EXPECT_EQ(fetched.size(), invoices);
  for (const auto& [path, times] : fetched) EXPECT_EQ(times, 1) << path;
}

}  // namespace
}  // namespace cpt::acquire
