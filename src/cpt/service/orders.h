// OrderManager: runs orders in the background (a fixed pool of workers), tracks their progress,
// stores raw answers and rendered reports, and resumes unfinished orders after a restart.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cpt/acquire/order.h"
#include "cpt/acquire/raw_store.h"
#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/report/catalog.h"
#include "cpt/service/logger.h"
#include "cpt/service/metrics.h"
#include "cpt/service/tesla_link.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/store/sealer.h"
#include "cpt/store/session_store.h"
#include "cpt/tesla/fleet_connection.h"

namespace cpt::store::redis {
class JobQueue;
struct Job;
}  // namespace cpt::store::redis

namespace cpt::service {

// What the customer ordered. Value type.
struct OrderSpec {
  std::vector<std::string> vins;  // validated, upper-case
  snapshot::Package package = snapshot::Package::basic;
  report::Language language = report::Language::en;  // the first of `languages`
  // Every language the reports come in, `language` first; each is rendered from the same
  // snapshots (no extra Tesla call). Downloads of the others carry "?lang=".
  std::vector<report::Language> languages{report::Language::en};
  // The IANA zone the reports' times are shown in (the browser's); unset: each car's market
  // zone. Stored with the order, so a language added later renders in the same zone.
  std::optional<std::string> time_zone;
};

// The stored format of a download in `language` ("pdf" for the order's first language, "pdf:fi"
// for another), so one order keeps every language's files side by side.
std::string artifact_format(const OrderSpec& spec, report::Language language,
                            std::string_view format);

// The acquisition engine as the service calls it: one order in, one snapshot per VIN out. It
// must consult `raw` before every Tesla call (a resumed order repeats no billed call) and report
// progress to `progress`. The default binds acquire's runner (see order_runner.cc).
using OrderRunner = std::function<Result<std::vector<snapshot::VehicleSnapshot>>(
    const acquire::Order& order, tesla::FleetConnection& connection, acquire::RawStore& raw,
    acquire::ProgressSink& progress)>;

// Turns an order's snapshots into its downloads: per VIN json, html, pdf, csv and invoices.zip,
// and the order's invoices.zip (vin ""). The default uses report/ (see report_artifacts.cc).
using ArtifactRenderer = std::function<Result<std::vector<store::Artifact>>(
    std::span<const snapshot::VehicleSnapshot> snapshots, report::Language language,
    const std::optional<std::string>& time_zone)>;

// Collaborators of the OrderManager.
struct OrderDeps {
  std::shared_ptr<store::SessionStore> store;
  std::shared_ptr<const store::Sealer> sealer;
  std::shared_ptr<const TeslaLink> tesla;
  OrderRunner runner;
  ArtifactRenderer renderer;
  std::shared_ptr<Metrics> metrics;
  std::shared_ptr<Logger> logger;
  std::shared_ptr<Clock> clock;
  int workers = 4;
  std::optional<std::int64_t> budget_micros;
  // Set (Redis backend): orders wait on a stream every instance reads, so any instance runs any
  // order, and an order whose instance died is taken over once `job_lease` passes unrenewed.
  // Unset: orders wait in this process and resume from the store after a restart.
  std::shared_ptr<store::redis::JobQueue> jobs;
  std::chrono::milliseconds job_lease{30'000};
  // An order ends by its start + `deadline` (also after a restart) with every module's outcome
  // stated: calls not made by then say so, and waits end at it.
  std::chrono::seconds deadline{900};
};

// Adds `language` to the finished order `record`: the order is read again from the Tesla
// answers it stored (no Tesla call) and its downloads in `language` are stored beside the others
// ("<format>:<lang>"). Returns how many Tesla calls that made (0 when every answer was stored).
Result<int> add_order_language(const OrderDeps& deps, const store::OrderRecord& record,
                               report::Language language);

// Runs and tracks orders. Thread-safe.
class OrderManager {
 public:
  explicit OrderManager(OrderDeps deps);
  ~OrderManager();
  OrderManager(const OrderManager&) = delete;
  OrderManager& operator=(const OrderManager&) = delete;

  // add_order_language with this manager's collaborators.
  Result<int> add_language(const store::OrderRecord& record, report::Language language) {
    return add_order_language(deps_, record, language);
  }
  // Records the order (conflict when the session has one) and queues it.
  Result<store::OrderRecord> start(const store::SessionRecord& session, const OrderSpec& spec,
                                   std::string_view request_id);
  // Queues every order the store still lists as running (after a restart). Returns how many.
  Result<int> resume();
  // The progress document of a session's order: live while it runs here, else as stored.
  // nullopt when the session has no order.
  Result<std::optional<std::string>> progress_json(std::string_view session_id);
  // Stops tracking a session's order; a running acquisition fails at its next store access.
  void forget(std::string_view session_id);
  // Waits until nothing is queued or running; false on timeout (tests, shutdown).
  bool wait_idle(std::chrono::milliseconds timeout);
  // Stops the workers (queued orders stay "running" in the store and resume on the next start;
  // with a job queue, their jobs stay pending and another instance takes them over).
  void stop();

 private:
  struct Live;
  class Sink;
  void work();
  void work_jobs();
  void run_job(const store::redis::Job& job);
  void renew_jobs();
  std::shared_ptr<Live> live_from_record(const store::OrderRecord& record, std::string_view how);
  void run(const std::shared_ptr<Live>& live);
  void finish(Live& live, const Result<std::vector<snapshot::VehicleSnapshot>>& outcome);
  void enqueue(std::shared_ptr<Live> live);

  OrderDeps deps_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::condition_variable idle_cond_;
  std::deque<std::shared_ptr<Live>> queue_;
  std::map<std::string, std::shared_ptr<Live>, std::less<>> live_;  // by session id
  int busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::map<std::string, std::shared_ptr<store::redis::Job>> active_jobs_;  // by stream entry
};

// The spec as stored and as the API echoes it: {"vins": [...], "package": "pro", "language": "fi"}
// (order_spec.cc).
std::string spec_to_json(const OrderSpec& spec);
// The languages' codes in order ("fi", "en").
std::vector<std::string> language_codes(const std::vector<report::Language>& languages);
Result<OrderSpec> spec_from_json(std::string_view json);

// The acquisition engine: acquire::run_order with at most max_in_flight calls in flight.
OrderRunner default_order_runner(int max_in_flight = 32);

}  // namespace cpt::service
