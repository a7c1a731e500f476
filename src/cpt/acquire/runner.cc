#include "cpt/acquire/runner.h"

#include <algorithm>
#include <mutex>

#include "cpt/acquire/assemble.h"
#include "cpt/acquire/fetcher.h"
#include "cpt/acquire/history_walk.h"
#include "cpt/acquire/invoices.h"
#include "cpt/acquire/modules.h"
#include "cpt/acquire/schedule.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/wire/account.h"
#include "cpt/tesla/wire/vehicles.h"

namespace cpt::acquire {
namespace {

using tesla::Endpoint;

bool has_scope(std::span<const std::string> scopes, std::string_view scope) {
  return std::ranges::find(scopes, scope) != scopes.end();
}

// Reports progress per VIN; serializes the sink so implementations see one update at a time.
class Progress {
 public:
  Progress(ProgressSink* sink, const std::vector<std::string>& vins) : sink_(sink) {
    for (const auto& vin : vins) state_.push_back(VehicleProgress{vin, Phase::queued, 0, {}});
  }
  void set(std::size_t index, Phase phase, int percent) {
    std::lock_guard lock(mutex_);
    auto& p = state_[index];
    p.phase = phase;
    p.percent = std::max(p.percent, percent);
    if (sink_) sink_->on_progress(p);
  }
  void all(Phase phase, int percent) {
    for (std::size_t i = 0; i < state_.size(); ++i) set(i, phase, percent);
  }
  void report_ready(const snapshot::VehicleSnapshot& s) {
    std::lock_guard lock(mutex_);
    if (sink_) sink_->on_report_ready(s);
  }
  void finished(std::size_t index, const snapshot::VehicleSnapshot& s) {
    std::lock_guard lock(mutex_);
    auto& p = state_[index];
    p.modules.clear();
    for (int m = 0; m < snapshot::kModuleCount; ++m) {
      auto id = static_cast<snapshot::ModuleId>(m);
      p.modules.emplace_back(id, s.result(id).outcome);
    }
    p.phase = Phase::done;
    p.percent = 100;
    if (sink_) sink_->on_progress(p);
  }

 private:
  ProgressSink* sink_;
  std::mutex mutex_;
  std::vector<VehicleProgress> state_;
};

std::string key_for(Endpoint endpoint, std::string_view vin = {}) {
  std::string key(tesla::info(endpoint).name);
  if (!vin.empty()) {
    key += '/';
    key += vin;
  }
  return key;
}

// users/region answers with any Fleet scope (FLEET-API §10.4: it worked without user_data).
bool may_ask_region(std::span<const std::string> scopes) {
  for (std::string_view scope : {"user_data", "vehicle_device_data", "vehicle_charging_cmds",
                                 "vehicle_cmds", "vehicle_location"}) {
    if (has_scope(scopes, scope)) return true;
  }
  return false;
}

// The region, wrapped or bare and in any case (§10.4); its base URL moves the account's calls
// there before anything region-bound is asked. Null fields mean "unknown".
void read_region(const std::string& body, tesla::FleetConnection& connection,
                 AccountWork& account) {
  auto parsed = tesla::wire::parse_user_region(body);
  if (!parsed) return;
  if (parsed->value.region) {
    std::string r = *parsed->value.region;
    std::ranges::transform(r, r.begin(), [](unsigned char c) { return std::tolower(c); });
    if (tesla::parse_region(r)) account.region = r;
  }
  if (parsed->value.fleet_api_base_url) connection.move_to(*parsed->value.fleet_api_base_url);
}

// The page after `body`'s, when its pagination names one further on.
std::optional<int> next_vehicle_page(const std::string& body, int page) {
  auto list = tesla::wire::parse_vehicles(body);
  if (!list || !list->value.pagination || !list->value.pagination->next) return std::nullopt;
  if (*list->value.pagination->next <= page || list->value.vehicles.empty()) return std::nullopt;
  return static_cast<int>(*list->value.pagination->next);
}

// Every page of the vehicle list, as sign-in reads it: a VIN beyond the first 100 is on the
// account too. Bounded against a server whose pagination never ends.
void fetch_more_vehicle_pages(tesla::FleetClient& client, Fetcher& fetcher, AccountWork& account) {
  constexpr int kMaxVehiclePages = 50;
  if (!account.vehicles || !account.vehicles->body) return;
  std::optional<int> next = next_vehicle_page(*account.vehicles->body, 1);
  while (next && *next <= kMaxVehiclePages) {
    const int page = *next;
    tesla::FleetRequest request;
    request.endpoint = Endpoint::vehicles;
    request.params.query = {{"page", std::to_string(page)}};
    Fetched more = fetcher.json(key_for(Endpoint::vehicles) + "/page/" + std::to_string(page),
                                Endpoint::vehicles, [&] { return client.call(request); });
    if (!more.body) return;  // the VINs on later pages are then tried as if listed
    next = next_vehicle_page(*more.body, page);
    account.more_vehicle_pages.push_back(std::move(*more.body));
  }
}

// Phase 1: region and inventory. The charging history (pro, expert) is walked beside the
// vehicles' calls (run_order).
AccountWork fetch_account(tesla::FleetClient& client, Fetcher& fetcher) {
  AccountWork account;
  auto scopes = client.connection().granted_scopes();
  if (scopes && may_ask_region(*scopes)) {
    Fetched region = fetcher.json(key_for(Endpoint::users_region), Endpoint::users_region,
                                  [&] { return client.users_region(); });
    if (region.body) read_region(*region.body, client.connection(), account);
  }
  if (!account.region) {
    account.region = std::string(tesla::to_string(client.connection().options().region));
  }
  account.vehicles = fetcher.json(key_for(Endpoint::vehicles), Endpoint::vehicles,
                                  [&] { return client.vehicles(); });
  fetch_more_vehicle_pages(client, fetcher, account);
  return account;
}

// The inventory's state per VIN, and whether each ordered VIN is on the account at all.
void read_inventory(const AccountWork& account, std::vector<VehicleWork>& work) {
  if (!account.vehicles || !account.vehicles->body) return;  // unknown: try every VIN
  auto list = tesla::wire::parse_vehicles(*account.vehicles->body);
  if (!list) return;
  std::vector<tesla::Vehicle> vehicles = std::move(list->value.vehicles);
  for (const auto& body : account.more_vehicle_pages) {
    auto more = tesla::wire::parse_vehicles(body);
    if (!more) return;  // a page we cannot read: try every VIN rather than call one missing
    std::ranges::move(more->value.vehicles, std::back_inserter(vehicles));
  }
  for (auto& w : work) {
    auto it = std::ranges::find_if(
        vehicles, [&](const tesla::Vehicle& v) { return v.vin && *v.vin == w.vin; });
    if (it == vehicles.end()) {
      w.blocked = make_error(
          ErrorKind::not_found,
          "VIN ending " + w.vin.substr(w.vin.size() - 4) + " is not in the account's vehicle list",
          "This vehicle is not on the connected Tesla account.");
    } else {
      w.state = it->state;
    }
  }
}

bool asleep(const VehicleWork& w) {
  return w.state && *w.state != "online";
}

// vehicle_data is the live call: a sleeping car answers 408 (billed), so it is not asked unless
// the order allows a wake, and then the car is woken first.
Fetched fetch_vehicle_data(const Order& order, tesla::FleetClient& client, Fetcher& fetcher,
                           const VehicleWork& w) {
  const std::string key = key_for(Endpoint::vehicle_data, w.vin);
  if (auto cached = fetcher.reuse(key)) return *cached;
  if (asleep(w)) {
    if (*w.state == "offline") {
      // An offline car has no connection to receive a wake on: every wake would be billed and
      // fail (FLEET-API §5), so none is sent.
      Fetched skipped;
      skipped.fetched_at = fetcher.now();
      skipped.error = make_error(ErrorKind::vehicle_unavailable, "vehicle offline; not woken",
                                 "The vehicle was offline (no connection), so it could not be "
                                 "woken or read.")
                          .with("vehicle_state", *w.state);
      return skipped;
    }
    if (!order.allow_wake) {
      Fetched skipped;
      skipped.fetched_at = fetcher.now();
      skipped.error =
          make_error(ErrorKind::vehicle_unavailable, "vehicle " + *w.state + "; wake not allowed",
                     "The vehicle was " + *w.state +
                         " and was not woken (waking was not allowed for this order).")
              .with("vehicle_state", *w.state);
      return skipped;
    }
    Fetched wake = fetcher.uncached(Endpoint::wake_up, [&] { return client.wake_up(w.vin); });
    if (!wake.ok()) return wake;
  }
  const auto blocks = vehicle_data_blocks();
  return fetcher.json(key, Endpoint::vehicle_data,
                      [&] { return client.vehicle_data(w.vin, blocks); });
}

Fetched fetch_module(const Order& order, tesla::FleetClient& client, Fetcher& fetcher,
                     const VehicleWork& w, Endpoint endpoint) {
  const std::string key = key_for(endpoint, w.vin);
  const std::string& vin = w.vin;
  switch (endpoint) {
    case Endpoint::vehicle_data:
      return fetch_vehicle_data(order, client, fetcher, w);
    case Endpoint::options:
      return fetcher.json(key, endpoint, [&] { return client.options(vin); });
    case Endpoint::release_notes:
      return fetcher.json(key, endpoint, [&] { return client.release_notes(vin); });
    case Endpoint::recent_alerts:
      return fetcher.json(key, endpoint, [&] { return client.recent_alerts(vin); });
    case Endpoint::service_data:
      return fetcher.json(key, endpoint, [&] { return client.service_data(vin); });
    case Endpoint::warranty:
      return fetcher.json(key, endpoint, [&] { return client.warranty(vin); });
    case Endpoint::specs:
      return fetcher.json(key, endpoint, [&] { return client.specs(vin); });
    default: {
      Fetched none;
      none.error = make_error(ErrorKind::internal, "no fetch rule for endpoint");
      return none;
    }
  }
}

// fleet_status takes a list: one call for the whole order (FLEET-API §10.5 found no maximum;
// above kFleetStatusChunk VINs, 50 by our own assumption, the list is split). The first VIN of a
// chunk carries the call's cost; the others share its answer at no extra cost.
constexpr std::size_t kFleetStatusChunk = 50;

void fetch_fleet_status(tesla::FleetClient& client, Fetcher& fetcher,
                        std::vector<VehicleWork>& work) {
  std::vector<std::size_t> asked;
  for (std::size_t v = 0; v < work.size(); ++v) {
    if (!work[v].blocked) asked.push_back(v);
  }
  for (std::size_t first = 0; first < asked.size(); first += kFleetStatusChunk) {
    const std::size_t last = std::min(asked.size(), first + kFleetStatusChunk);
    std::vector<std::string> vins;
    for (std::size_t i = first; i < last; ++i) vins.push_back(work[asked[i]].vin);
    const std::string key = key_for(Endpoint::fleet_status) + "/" + std::to_string(first);
    Fetched answer =
        fetcher.json(key, Endpoint::fleet_status, [&] { return client.fleet_status(vins); });
    for (std::size_t i = first; i < last; ++i) {
      Fetched& slot = work[asked[i]].modules[Endpoint::fleet_status];
      slot = answer;
      if (i != first) {
        slot.calls = 0;
        slot.cost_micros = 0;
      }
    }
  }
}

Result<void> validate(const Order& order) {
  if (order.id.empty()) return fail(ErrorKind::invalid_argument, "order has no id");
  if (order.vins.empty()) {
    return fail(ErrorKind::invalid_argument, "order has no VINs", "Pick at least one vehicle.");
  }
  for (const auto& vin : order.vins) {
    if (!tesla::is_path_safe_vin(vin)) {
      return fail(ErrorKind::invalid_argument, "order holds a malformed VIN",
                  "A selected VIN is not valid.");
    }
  }
  return {};
}

// One order's calls after the inventory. Every vehicle's root and modules, the fleet status and
// the charging history go first; a vehicle is assembled as soon as its own answers and the
// account-level ones are in (its report can be built), and only then are its invoice PDFs
// queued, behind every call a report still waits for.
class OrderRun {
 public:
  OrderRun(const Order& order, tesla::FleetClient& client, Fetcher& fetcher, Progress& progress,
           AccountWork& account, std::vector<VehicleWork>& work)
      : snapshots(work.size()),
        order_(order),
        client_(client),
        fetcher_(fetcher),
        progress_(progress),
        account_(account),
        work_(work),
        pending_(work.size(), 0),
        done_(work.size(), 0),
        total_(work.size(), 0),
        invoices_left_(work.size(), 0) {}

  void schedule();

  TaskQueue queue;
  std::vector<snapshot::VehicleSnapshot> snapshots;

 private:
  void vehicle_call(std::size_t v, std::optional<Endpoint> endpoint);
  void shared_done();  // the history or the fleet status: a dependency of every vehicle
  void dependency_done(std::size_t v);
  void vehicle_ready(std::size_t v);
  void invoice_done(std::size_t v);
  void attach(std::size_t v);

  const Order& order_;
  tesla::FleetClient& client_;
  Fetcher& fetcher_;
  Progress& progress_;
  AccountWork& account_;
  std::vector<VehicleWork>& work_;
  std::mutex mutex_;           // guards the counters below
  std::mutex assemble_mutex_;  // one assembly at a time (it reads and may move account_.region)
  std::vector<int> pending_, done_, total_, invoices_left_;
};

void OrderRun::schedule() {
  const bool history = snapshot::includes(order_.package, snapshot::Package::pro);
  bool fleet_status = false;
  std::vector<std::pair<std::size_t, std::optional<Endpoint>>> calls;
  for (std::size_t v = 0; v < work_.size(); ++v) {
    if (work_[v].blocked) continue;
    work_[v].modules.clear();
    calls.emplace_back(v, std::nullopt);
    for (Endpoint e : vehicle_calls(order_.package)) {
      // Pre-create the slots so worker threads only write into their own entry.
      work_[v].modules[e] = Fetched{};
      if (e == Endpoint::fleet_status) {
        fleet_status = true;  // once per order, below
      } else {
        calls.emplace_back(v, e);
      }
    }
  }
  const int shared = (history ? 1 : 0) + (fleet_status ? 1 : 0);
  for (std::size_t v = 0; v < work_.size(); ++v) pending_[v] = shared;
  for (const auto& [v, endpoint] : calls) {
    ++pending_[v];
    ++total_[v];
  }
  // The history is a walk of pages one after another: the longest chain, so it starts first.
  if (history) {
    queue.add(Priority::reader_waits, [this] {
      fetch_history(client_, fetcher_, account_);
      shared_done();
    });
  }
  if (fleet_status) {
    queue.add(Priority::reader_waits, [this] {
      fetch_fleet_status(client_, fetcher_, work_);
      shared_done();
    });
  }
  for (const auto& [v, endpoint] : calls) {
    queue.add(Priority::reader_waits, [this, v, endpoint] { vehicle_call(v, endpoint); });
  }
  for (std::size_t v = 0; v < work_.size(); ++v) {
    if (pending_[v] == 0) vehicle_ready(v);  // nothing to wait for (a blocked VIN, basic)
  }
}

void OrderRun::vehicle_call(std::size_t v, std::optional<Endpoint> endpoint) {
  VehicleWork& w = work_[v];
  if (!endpoint) {
    w.root = fetcher_.json(key_for(Endpoint::vehicle, w.vin), Endpoint::vehicle,
                           [&] { return client_.vehicle(w.vin); });
  } else {
    w.modules[*endpoint] = fetch_module(order_, client_, fetcher_, w, *endpoint);
  }
  int percent = 0;
  {
    std::lock_guard lock(mutex_);
    percent = 15 + 70 * ++done_[v] / total_[v];
  }
  progress_.set(v, Phase::modules, percent);
  dependency_done(v);
}

void OrderRun::shared_done() {
  for (std::size_t v = 0; v < work_.size(); ++v) dependency_done(v);
}

void OrderRun::dependency_done(std::size_t v) {
  {
    std::lock_guard lock(mutex_);
    if (--pending_[v] > 0) return;
  }
  vehicle_ready(v);
}

void OrderRun::vehicle_ready(std::size_t v) {
  {
    std::lock_guard lock(assemble_mutex_);
    // The account's region is the host that answered (a 421 or users/region may have moved it).
    const auto& connection = client_.connection();
    if (auto answered = connection.options().urls.region_of(connection.base_url())) {
      account_.region = std::string(tesla::to_string(*answered));
    }
    progress_.set(v, Phase::normalize, 90);
    snapshots[v] = assemble_snapshot(order_, work_[v], account_, fetcher_.now());
  }
  if (!snapshot::includes(order_.package, module_package(snapshot::ModuleId::invoices))) {
    progress_.report_ready(snapshots[v]);
    return;
  }
  std::vector<std::string> ids;
  if (snapshots[v].charging.data) {
    for (const auto& session : snapshots[v].charging.data->sessions) {
      for (const auto& invoice : session.invoices) {
        if (!invoice.content_id.empty()) ids.push_back(invoice.content_id);
      }
    }
  }
  if (ids.empty()) {
    attach(v);  // the invoices module's result without a call
    progress_.report_ready(snapshots[v]);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    invoices_left_[v] = static_cast<int>(ids.size());
  }
  // The report can be read now; it says that its invoices are still on their way.
  snapshot::VehicleSnapshot early = snapshots[v];
  early.invoices = snapshot::ModuleResult::ok(early.invoices.source, fetcher_.now(), 0, 0);
  early.invoices.note = {"invoices_pending", {{"wanted", std::to_string(ids.size())}}};
  progress_.report_ready(early);
  progress_.set(v, Phase::invoices, 95);
  for (auto& id : ids) {
    queue.add(Priority::background, [this, v, id = std::move(id)] {
      fetcher_.prefetch_document("charging_invoice/" + id, Endpoint::charging_invoice,
                                 "application/pdf",
                                 [&] { return client_.charging_invoice_response(id); });
      invoice_done(v);
    });
  }
}

void OrderRun::invoice_done(std::size_t v) {
  {
    std::lock_guard lock(mutex_);
    if (--invoices_left_[v] > 0) return;
  }
  attach(v);
}

// Every invoice of the vehicle was fetched ahead (prefetch_document): attach_invoices takes those
// answers, with their calls and cost, and makes no call of its own.
void OrderRun::attach(std::size_t v) {
  std::vector<snapshot::VehicleSnapshot> one;
  one.push_back(std::move(snapshots[v]));
  attach_invoices(one, client_, fetcher_, 1);
  snapshots[v] = std::move(one.front());
}

}  // namespace

Result<OrderResult> run_order(const Order& order, tesla::FleetClient& client, RawStore& store,
                              Clock& clock, ProgressSink* sink, const RunnerOptions& options) {
  if (auto valid = validate(order); !valid) return std::unexpected(valid.error());
  Fetcher fetcher(order.id, store, clock);
  Progress progress(sink, order.vins);

  progress.all(Phase::account, 5);
  AccountWork account = fetch_account(client, fetcher);
  std::vector<VehicleWork> work;
  for (const auto& vin : order.vins) work.push_back(VehicleWork{vin, {}, {}, {}, {}});
  read_inventory(account, work);
  progress.all(Phase::vehicle, 15);

  OrderRun run(order, client, fetcher, progress, account, work);
  run.schedule();
  run.queue.run(options.max_in_flight);

  OrderResult result;
  result.region = account.region;
  result.snapshots = std::move(run.snapshots);
  result.calls = fetcher.calls();
  result.reused = fetcher.reused();
  result.cost_micros = fetcher.cost_micros();
  result.store_degraded = fetcher.store_degraded();
  for (std::size_t v = 0; v < result.snapshots.size(); ++v) {
    auto& s = result.snapshots[v];
    s.provenance.calls = result.calls;
    s.provenance.cost_micros = result.cost_micros;
    progress.finished(v, s);
  }
  return result;
}

int worst_case_wakes(const tesla::WakeOptions& wake) {
  // The loop posts at 0, interval, 2 x interval, ... while the next post is within the deadline.
  const auto interval = std::max<std::int64_t>(1, wake.interval.count());
  return static_cast<int>(wake.deadline.count() / interval) + 1;
}

Plan plan_order(const Order& order, std::span<const std::string> granted_scopes,
                const tesla::WakeOptions& wake) {
  Plan plan;
  auto add = [&plan](Endpoint endpoint, std::string_view vin) {
    const auto& info = tesla::info(endpoint);
    PlannedCall call{std::string(info.name),
                     vin.size() >= 4 ? std::string(vin.substr(vin.size() - 4)) : std::string(),
                     std::string(tesla::to_string(info.category)),
                     tesla::price_micros(info.category)};
    plan.total_micros += call.price_micros;
    plan.calls.push_back(std::move(call));
  };
  if (may_ask_region(granted_scopes)) add(Endpoint::users_region, {});
  add(Endpoint::vehicles, {});
  if (snapshot::includes(order.package, snapshot::Package::pro)) {
    // The walk reads at least its first page and the empty page that ends it.
    add(Endpoint::charging_history, {});
    add(Endpoint::charging_history, {});
  }
  bool fleet_status = false;
  for (const auto& vin : order.vins) {
    add(Endpoint::vehicle, vin);
    // A sleeping car may need the whole wake loop, every post billed: the plan prices the worst.
    if (order.allow_wake) {
      for (int i = worst_case_wakes(wake); i > 0; --i) add(Endpoint::wake_up, vin);
    }
    for (Endpoint e : vehicle_calls(order.package)) {
      if (e == Endpoint::fleet_status) {
        fleet_status = true;
      } else {
        add(e, vin);
      }
    }
  }
  if (fleet_status) {
    for (std::size_t i = 0; i < order.vins.size(); i += kFleetStatusChunk) {
      add(Endpoint::fleet_status, {});
    }
  }
  return plan;
}

}  // namespace cpt::acquire
