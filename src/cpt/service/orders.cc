#include "cpt/service/orders.h"

#include <malloc.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cpt/core/redact.h"
#include "cpt/core/time.h"
#include "cpt/core/vin.h"
#include "cpt/report/renderers.h"
#include "cpt/report/time_zone.h"
#include "cpt/service/ids.h"
#include "cpt/store/order_raw_store.h"
#include "cpt/store/redis/job_queue.h"
#include "cpt/store/token_vault.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/order_deadline.h"

namespace cpt::service {

using nlohmann::json;

namespace {

std::string iso_utc(std::chrono::system_clock::time_point at) {
  return format_iso8601(from_epoch_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count()));
}

// Every language's downloads from the same snapshots: the first language's files keep their
// plain format, another's are stored as "<format>:<lang>"; the invoice ZIPs (the same in every
// language) come once, and not at all with `with_invoices` false (their PDFs are not all in).
Result<std::vector<store::Artifact>> render_languages(
    const ArtifactRenderer& renderer, std::span<const snapshot::VehicleSnapshot> snapshots,
    const OrderSpec& spec, bool with_invoices = true) {
  std::vector<store::Artifact> out;
  for (report::Language language : spec.languages) {
    auto files = renderer(snapshots, language, spec.time_zone);
    if (!files) return fail(std::move(files.error()));
    for (store::Artifact& file : *files) {
      if (file.format == "invoices.zip" && (!with_invoices || language != spec.language)) continue;
      file.format = artifact_format(spec, language, file.format);
      out.push_back(std::move(file));
    }
  }
  return out;
}

// One vehicle's reports before its invoices are in.
Result<std::vector<store::Artifact>> render_reports(
    const ArtifactRenderer& renderer, std::span<const snapshot::VehicleSnapshot> snapshots,
    const OrderSpec& spec) {
  return render_languages(renderer, snapshots, spec, false);
}

}  // namespace

// An order this process is running (or has queued). Guarded by `mutex` except the ids.
struct OrderManager::Live {
  std::string order_id;
  std::string session_id;
  std::string request_id;
  OrderSpec spec;
  std::atomic<bool> cancelled{false};
  std::chrono::system_clock::time_point started{};
  // Set while the acquisition runs: the order's deadline and what it waits for.
  std::shared_ptr<tesla::OrderDeadline> deadline;

  std::mutex mutex;
  store::OrderStatus status = store::OrderStatus::running;
  std::vector<acquire::VehicleProgress> vehicles;  // in spec order
  std::set<std::string> reports_ready;             // VINs whose report can be downloaded
  std::string error;
  int billed_calls = 0;
  std::int64_t cost_micros = 0;

  // The progress document; callers hold `mutex`.
  std::string document() const {
    json doc = {{"orderId", order_id},
                {"status", store::to_string(status)},
                {"package", snapshot::to_string(spec.package)},
                {"language", report::to_string(spec.language)},
                {"languages", language_codes(spec.languages)},
                {"billedCalls", billed_calls},
                {"costUsd", tesla::format_usd(cost_micros)}};
    int total = 0;
    json list = json::array();
    for (const acquire::VehicleProgress& v : vehicles) {
      json modules = json::array();
      for (const auto& [id, outcome] : v.modules) {
        modules.push_back(
            {{"module", snapshot::to_string(id)}, {"outcome", snapshot::to_string(outcome)}});
      }
      const auto vin = Vin::parse(v.vin);
      list.push_back(
          {{"vin", v.vin},
           {"maskedVin", vin ? vin->masked() : redact::vin(v.vin)},
           {"phase", acquire::to_string(v.phase)},
           {"percent", v.percent},
           {"reportReady", status == store::OrderStatus::done ? v.phase != acquire::Phase::failed
                                                              : reports_ready.contains(v.vin)},
           {"modules", std::move(modules)}});
      total += v.percent;
    }
    doc["percent"] = vehicles.empty() ? 0 : total / static_cast<int>(vehicles.size());
    doc["vehicles"] = std::move(list);
    doc["error"] = error.empty() ? json(nullptr) : json(error);
    doc["waiting"] = nullptr;
    if (deadline) {
      doc["deadline"] = iso_utc(deadline->deadline());
      if (status == store::OrderStatus::running) {
        if (auto waiting = deadline->waiting()) {
          doc["waiting"] = {{"reason", waiting->reason}, {"until", iso_utc(waiting->until)}};
        }
      }
    }
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
  }
};

// Progress from the runner's workers into the Live order; phase changes are persisted so a
// restarted service can show where an order was.
class OrderManager::Sink final : public acquire::ProgressSink {
 public:
  Sink(Live& live, store::SessionStore& store, Clock& clock, const ArtifactRenderer& renderer,
       Logger& logger)
      : live_(live), store_(store), clock_(clock), renderer_(renderer), logger_(logger) {}

  // The vehicle's report in every language of the order, downloadable before the order ends
  // (its invoices are still coming; the order's end renders it again, whole). A failure here
  // costs only the early look: the end renders every report anyway.
  void on_report_ready(const snapshot::VehicleSnapshot& snapshot) override {
    if (live_.cancelled) return;
    auto artifacts = render_reports(renderer_, std::span(&snapshot, 1), live_.spec);
    if (!artifacts) {
      logger_.warn(live_.request_id, "early_render_failed",
                   {{"order_id", live_.order_id}, {"error", artifacts.error().describe()}});
      return;
    }
    if (auto put = store_.put_artifacts(live_.session_id, *artifacts); !put) return;
    std::string document;
    {
      std::lock_guard lock(live_.mutex);
      live_.reports_ready.insert(snapshot.vin);
      document = live_.document();
    }
    if (!live_.cancelled) {
      (void)store_.update_order(live_.order_id, store::OrderStatus::running, document, "",
                                clock_.now());
    }
  }

  void on_progress(const acquire::VehicleProgress& progress) override {
    std::string document;
    {
      std::lock_guard lock(live_.mutex);
      for (acquire::VehicleProgress& v : live_.vehicles) {
        if (v.vin != progress.vin) continue;
        const bool phase_changed = v.phase != progress.phase;
        v = progress;
        v.percent = std::clamp(v.percent, 0, 100);
        if (phase_changed) document = live_.document();
      }
    }
    if (!document.empty() && !live_.cancelled) {
      (void)store_.update_order(live_.order_id, store::OrderStatus::running, document, "",
                                clock_.now());
    }
  }

 private:
  Live& live_;
  store::SessionStore& store_;
  Clock& clock_;
  const ArtifactRenderer& renderer_;
  Logger& logger_;
};

namespace {

// After a cancellation (service stop or session deletion) lookups fail, so an engine stops at its
// next step; stores still pass through, so an answer Tesla already billed is kept for a resume.
class CancellableRawStore final : public acquire::RawStore {
 public:
  CancellableRawStore(acquire::RawStore& inner, const std::atomic<bool>& cancelled)
      : inner_(inner), cancelled_(cancelled) {}
  Result<std::optional<acquire::StoredResponse>> find(std::string_view order_id,
                                                      std::string_view key) override {
    if (cancelled_) return fail(ErrorKind::conflict, "order cancelled", "The order was stopped.");
    return inner_.find(order_id, key);
  }
  Result<void> put(std::string_view order_id, const acquire::StoredResponse& response) override {
    return inner_.put(order_id, response);
  }
  Result<void> erase_order(std::string_view order_id) override {
    return inner_.erase_order(order_id);
  }

 private:
  acquire::RawStore& inner_;
  const std::atomic<bool>& cancelled_;
};

// Sends no new Tesla call once the order was cancelled: a stopping service must not spend money
// on answers it will not keep, and a deleted session must not be fetched for.
class CancellableConnection final : public tesla::FleetConnection {
 public:
  CancellableConnection(tesla::FleetConnection& inner, const std::atomic<bool>& cancelled)
      : inner_(inner), cancelled_(cancelled) {}
  Result<tesla::RawResponse> call(const tesla::FleetRequest& request) override {
    if (cancelled_) return fail(ErrorKind::conflict, "order cancelled", "The order was stopped.");
    return inner_.call(request);
  }
  Result<std::vector<std::string>> granted_scopes() override { return inner_.granted_scopes(); }
  const tesla::FleetOptions& options() const override { return inner_.options(); }
  std::string base_url() const override { return inner_.base_url(); }
  Clock& clock() const override { return inner_.clock(); }

 private:
  tesla::FleetConnection& inner_;
  const std::atomic<bool>& cancelled_;
};

std::vector<acquire::VehicleProgress> queued_vehicles(const OrderSpec& spec) {
  std::vector<acquire::VehicleProgress> out;
  for (const std::string& vin : spec.vins) out.push_back({vin, acquire::Phase::queued, 0, {}});
  return out;
}

}  // namespace

OrderManager::OrderManager(OrderDeps deps) : deps_(std::move(deps)) {
  for (int i = 0; i < std::max(1, deps_.workers); ++i) {
    threads_.emplace_back([this] { deps_.jobs ? work_jobs() : work(); });
  }
  if (deps_.jobs) threads_.emplace_back([this] { renew_jobs(); });
}

OrderManager::~OrderManager() {
  stop();
}

void OrderManager::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    for (auto& [session, live] : live_) live->cancelled = true;
  }
  cond_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void OrderManager::enqueue(std::shared_ptr<Live> live) {
  {
    std::lock_guard lock(mutex_);
    live_[live->session_id] = live;
    queue_.push_back(std::move(live));
  }
  cond_.notify_one();
}

Result<store::OrderRecord> OrderManager::start(const store::SessionRecord& session,
                                               const OrderSpec& spec, std::string_view request_id) {
  auto id = random_token(16);
  if (!id) return fail(std::move(id.error()));
  auto live = std::make_shared<Live>();
  live->order_id = "ord_" + *id;
  live->session_id = session.id;
  live->request_id = std::string(request_id);
  live->spec = spec;
  live->vehicles = queued_vehicles(spec);
  live->started = deps_.clock->now();
  store::OrderRecord record{
      live->order_id,   session.id, spec_to_json(spec), store::OrderStatus::running,
      live->document(), "",         deps_.clock->now(), deps_.clock->now()};
  if (auto created = deps_.store->create_order(record); !created) {
    return fail(std::move(created.error()));
  }
  deps_.logger->info(request_id, "order_queued",
                     {{"order_id", live->order_id},
                      {"vehicles", static_cast<int>(spec.vins.size())},
                      {"package", snapshot::to_string(spec.package)}});
  if (deps_.jobs) {
    // Any instance may run it: the order waits on the shared stream, not in this process.
    if (auto queued = deps_.jobs->enqueue(live->order_id, live->session_id); !queued) {
      (void)deps_.store->update_order(live->order_id, store::OrderStatus::failed,
                                      record.progress_json, "The order could not be queued.",
                                      deps_.clock->now());
      return fail(std::move(queued.error()));
    }
    return record;
  }
  enqueue(std::move(live));
  return record;
}

std::shared_ptr<OrderManager::Live> OrderManager::live_from_record(const store::OrderRecord& record,
                                                                   std::string_view how) {
  auto spec = spec_from_json(record.spec_json);
  if (!spec) {
    (void)deps_.store->update_order(record.id, store::OrderStatus::failed, record.progress_json,
                                    "The order could not be resumed.", deps_.clock->now());
    return nullptr;
  }
  auto live = std::make_shared<Live>();
  live->order_id = record.id;
  live->session_id = record.session_id;
  live->request_id = std::string(how) + "-" + new_request_id();
  live->spec = std::move(*spec);
  live->vehicles = queued_vehicles(live->spec);
  live->started = record.created_at;  // a restart does not move the deadline
  return live;
}

Result<int> OrderManager::resume() {
  // With a job queue, unfinished orders come back through the stream once their lease runs out.
  if (deps_.jobs) return 0;
  auto running = deps_.store->running_orders(deps_.clock->now());
  if (!running) return fail(std::move(running.error()));
  int count = 0;
  for (const store::OrderRecord& record : *running) {
    auto live = live_from_record(record, "resume");
    if (!live) continue;
    deps_.logger->info(live->request_id, "order_resumed", {{"order_id", record.id}});
    enqueue(std::move(live));
    ++count;
  }
  return count;
}

Result<std::optional<std::string>> OrderManager::progress_json(std::string_view session_id) {
  std::shared_ptr<Live> live;
  {
    std::lock_guard lock(mutex_);
    if (auto it = live_.find(session_id); it != live_.end()) live = it->second;
  }
  if (live) {
    std::lock_guard lock(live->mutex);
    return std::optional<std::string>(live->document());
  }
  auto record = deps_.store->find_order_of_session(session_id);
  if (!record) return fail(std::move(record.error()));
  if (!*record) return std::optional<std::string>();
  return std::optional<std::string>((*record)->progress_json);
}

void OrderManager::forget(std::string_view session_id) {
  std::lock_guard lock(mutex_);
  if (auto it = live_.find(session_id); it != live_.end()) {
    it->second->cancelled = true;
    live_.erase(it);
  }
}

bool OrderManager::wait_idle(std::chrono::milliseconds timeout) {
  if (deps_.jobs) {
    // Done jobs leave the stream, so an empty stream and no order running here means idle.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto backlog = deps_.jobs->backlog();
      {
        std::lock_guard lock(mutex_);
        if (backlog && *backlog == 0 && busy_ == 0) return true;
      }
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  std::unique_lock lock(mutex_);
  return idle_cond_.wait_for(lock, timeout, [this] { return queue_.empty() && busy_ == 0; });
}

void OrderManager::work() {
  for (;;) {
    std::shared_ptr<Live> live;
    {
      std::unique_lock lock(mutex_);
      cond_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      live = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    if (!live->cancelled) run(live);
    {
      std::lock_guard lock(mutex_);
      --busy_;
      // Finished orders are served from the store from now on.
      if (auto it = live_.find(live->session_id); it != live_.end() && it->second == live) {
        live_.erase(it);
      }
    }
    idle_cond_.notify_all();
  }
}

void OrderManager::work_jobs() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    auto job = deps_.jobs->next(std::chrono::milliseconds(500));
    if (!job) {
      deps_.logger->warn("", "order_queue_unavailable", {{"error", job.error().describe()}});
      std::unique_lock lock(mutex_);
      cond_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
      continue;
    }
    if (*job) run_job(**job);
  }
}

void OrderManager::run_job(const store::redis::Job& job) {
  auto record = deps_.store->find_order_of_session(job.session_id);
  if (!record || !*record || (*record)->id != job.order_id ||
      (*record)->status != store::OrderStatus::running) {
    (void)deps_.jobs->done(job);  // deleted, expired or finished meanwhile: nothing left to do
    return;
  }
  auto live = live_from_record(**record, job.deliveries > 1 ? "takeover" : "job");
  if (!live) {
    (void)deps_.jobs->done(job);
    return;
  }
  auto held = std::make_shared<store::redis::Job>(job);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // left pending: another instance takes it over
    live_[live->session_id] = live;
    active_jobs_[job.entry_id] = held;
    ++busy_;
  }
  if (job.deliveries > 1) {
    deps_.logger->info(live->request_id, "order_taken_over",
                       {{"order_id", live->order_id}, {"deliveries", job.deliveries}});
  }
  run(live);
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    stopping = stopping_;
    active_jobs_.erase(job.entry_id);
    if (auto it = live_.find(live->session_id); it != live_.end() && it->second == live) {
      live_.erase(it);
    }
  }
  // A stop leaves the job pending so that another instance finishes the order; anything else
  // (done, failed, the session deleted) ends it.
  if (!stopping) (void)deps_.jobs->done(job);
  {
    std::lock_guard lock(mutex_);
    --busy_;
  }
  idle_cond_.notify_all();
}

void OrderManager::renew_jobs() {
  const auto every = std::max(deps_.job_lease / 3, std::chrono::milliseconds(50));
  std::unique_lock lock(mutex_);
  while (!cond_.wait_for(lock, every, [this] { return stopping_; })) {
    std::vector<std::shared_ptr<store::redis::Job>> jobs;
    for (const auto& [entry, job] : active_jobs_) jobs.push_back(job);
    lock.unlock();
    for (const auto& job : jobs) (void)deps_.jobs->renew(*job);
    lock.lock();
  }
}

namespace {

// This worker thread is done with the order. It lets go of its font map (Pango keeps one per
// thread, with every font its PDFs used: with 32 workers' maps, cpt serve at rest after 400
// chaos orders held 48 MiB of heap, 30 without), and glibc gives back the free
// pages it keeps in the arenas the order's threads used (up to 8 per core): without that, a
// long-running service's RSS climbs with the orders it has run, not with the ones it runs.
void let_go_of_the_orders_memory() {
  report::release_thread_render_caches();
  ::malloc_trim(0);
}

}  // namespace

void OrderManager::run(const std::shared_ptr<Live>& live) {
  auto session = deps_.store->find_session(live->session_id, deps_.clock->now());
  if (!session || !*session) return;  // deleted or expired meanwhile: nothing to do
  const auto region = tesla::parse_region((*session)->region).value_or(tesla::Region::na);
  auto tokens = std::make_shared<store::EncryptedTokenStore>(deps_.store, deps_.sealer);
  auto deadline =
      std::make_shared<tesla::OrderDeadline>(live->started + deps_.deadline, deps_.clock);
  {
    std::lock_guard lock(live->mutex);
    live->deadline = deadline;
  }
  OrderConnection link =
      deps_.tesla->connect(live->session_id, region, tokens, deps_.budget_micros, deadline);
  store::OrderRawStore stored(deps_.store);
  CancellableRawStore raw(stored, live->cancelled);
  CancellableConnection connection(*link.connection, live->cancelled);
  Sink sink(*live, *deps_.store, *deps_.clock, deps_.renderer, *deps_.logger);

  acquire::Order order;
  order.id = live->order_id;
  order.vins = live->spec.vins;
  order.package = live->spec.package;
  order.language = std::string(report::to_string(live->spec.language));
  order.allow_wake = false;
  order.budget_micros = deps_.budget_micros;

  Result<std::vector<snapshot::VehicleSnapshot>> outcome =
      fail(ErrorKind::internal, "runner not called");
  try {
    outcome = deps_.runner(order, connection, raw, sink);
  } catch (const std::exception& e) {
    outcome = fail(ErrorKind::internal, std::string("order runner threw: ") + e.what(),
                   "The order failed unexpectedly.");
  }
  const std::vector<tesla::CallRecord> calls = link.ledger->records();
  deps_.metrics->record_tesla_calls(calls);
  {
    std::lock_guard lock(live->mutex);
    live->billed_calls += link.ledger->billed_calls();
    live->cost_micros += link.ledger->billed_micros();
  }
  finish(*live, outcome);
  let_go_of_the_orders_memory();
}

void OrderManager::finish(Live& live,
                          const Result<std::vector<snapshot::VehicleSnapshot>>& outcome) {
  if (live.cancelled) return;
  std::string error;
  if (!outcome) {
    error = outcome.error().user_message;
    deps_.logger->warn(live.request_id, "order_failed",
                       {{"order_id", live.order_id}, {"error", outcome.error().describe()}});
  } else {
    auto artifacts = render_languages(deps_.renderer, *outcome, live.spec);
    if (!artifacts) {
      error = "The reports could not be rendered.";
      deps_.logger->error(live.request_id, "render_failed",
                          {{"order_id", live.order_id}, {"error", artifacts.error().describe()}});
    } else if (auto put = deps_.store->put_artifacts(live.session_id, *artifacts); !put) {
      error = put.error().user_message;
    }
  }
  const store::OrderStatus status =
      error.empty() ? store::OrderStatus::done : store::OrderStatus::failed;
  {
    // The store is written under the lock: progress (read from here) must not say "done" while
    // the downloads (which check the stored order) still answer "not ready".
    std::lock_guard lock(live.mutex);
    live.status = status;
    live.error = error;
    if (status == store::OrderStatus::done) {
      for (acquire::VehicleProgress& v : live.vehicles) {
        if (v.phase == acquire::Phase::failed) continue;
        v.phase = acquire::Phase::done;
        v.percent = 100;
      }
    }
    (void)deps_.store->update_order(live.order_id, status, live.document(), error,
                                    deps_.clock->now());
  }
  deps_.metrics->order_finished(error.empty());
  deps_.logger->info(live.request_id, "order_finished",
                     {{"order_id", live.order_id},
                      {"status", store::to_string(status)},
                      {"billed_calls", live.billed_calls}});
}

}  // namespace cpt::service
