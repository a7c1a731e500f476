#include "cpt/acquire/runner.h"

#include <algorithm>
#include <charconv>
#include <mutex>

#include "cpt/acquire/assemble.h"
#include "cpt/acquire/fetcher.h"
#include "cpt/acquire/invoices.h"
#include "cpt/acquire/modules.h"
#include "cpt/tesla/ledger.h"
#include "cpt/tesla/parallel.h"
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

std::string page_key(std::size_t index) {
  return "charging_history/page/" + std::to_string(index);
}

// Pages kept by an earlier run of the same order, or nullopt when any is missing.
std::optional<std::vector<std::string>> stored_history(Fetcher& fetcher, const Fetched& marker) {
  std::size_t pages = 0;
  const std::string& text = *marker.body;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), pages);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < pages; ++i) {
    auto page = fetcher.reuse(page_key(i));
    if (!page || !page->body) return std::nullopt;
    bodies.push_back(std::move(*page->body));
  }
  return bodies;
}

// The charging history is account-level: walked once per order, every page kept so that a
// restarted order reuses them instead of paying again.
void fetch_history(tesla::FleetClient& client, Fetcher& fetcher, AccountWork& account) {
  const std::string marker_key = "charging_history/pages";
  const std::string note_key = "charging_history/note";
  if (auto marker = fetcher.reuse(marker_key)) {
    if (auto pages = stored_history(fetcher, *marker)) {
      account.history_pages = std::move(*pages);
      account.history = std::move(*marker);
      if (auto note = fetcher.reuse(note_key); note && note->body) {
        account.history_note = std::move(*note->body);
      }
      return;
    }
  }
  const Timestamp at = fetcher.now();
  auto walk = client.charging_history();
  if (!walk) {
    account.history = fetcher.failed(Endpoint::charging_history, std::move(walk.error()), at);
    return;
  }
  const int requests = walk->requests;
  for (std::size_t i = 0; i < walk->pages.size(); ++i) {
    fetcher.keep(page_key(i), "application/json", walk->pages[i].body, at);
    account.history_pages.push_back(std::move(walk->pages[i].body));
  }
  if (walk->total_mismatch()) {
    account.history_note = "Tesla's charging history gave its total as " +
                           std::to_string(*walk->total_results) + " sessions; " +
                           std::to_string(walk->session_ids.size()) +
                           " were read (every page, up to an empty one).";
    fetcher.keep(note_key, "text/plain", account.history_note, at);
  }
  const auto page_count = std::to_string(account.history_pages.size());
  fetcher.keep(marker_key, "text/plain", page_count, at);
  Fetched done = fetcher.counted(requests, walk->billed_micros, at);
  done.body = page_count;
  account.history = std::move(done);
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

// Phase 1: region, inventory and (pro, expert) the charging history.
AccountWork fetch_account(const Order& order, tesla::FleetClient& client, Fetcher& fetcher) {
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
  if (snapshot::includes(order.package, snapshot::Package::pro)) {
    fetch_history(client, fetcher, account);
  }
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

// One unit of phase 2/3 work: the root call of a VIN, or one module call.
struct Task {
  std::size_t vehicle;
  std::optional<Endpoint> endpoint;  // nullopt: the root call
};

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

}  // namespace

Result<OrderResult> run_order(const Order& order, tesla::FleetClient& client, RawStore& store,
                              Clock& clock, ProgressSink* sink, const RunnerOptions& options) {
  if (auto valid = validate(order); !valid) return std::unexpected(valid.error());
  Fetcher fetcher(order.id, store, clock);
  Progress progress(sink, order.vins);

  progress.all(Phase::account, 5);
  AccountWork account = fetch_account(order, client, fetcher);
  std::vector<VehicleWork> work;
  for (const auto& vin : order.vins) work.push_back(VehicleWork{vin, {}, {}, {}, {}});
  read_inventory(account, work);

  std::vector<Task> tasks;
  bool fleet_status = false;
  for (std::size_t v = 0; v < work.size(); ++v) {
    if (work[v].blocked) continue;
    tasks.push_back({v, std::nullopt});
    work[v].modules.clear();
    for (Endpoint e : vehicle_calls(order.package)) {
      if (e == Endpoint::fleet_status) {
        fleet_status = true;  // once per order, below
      } else {
        tasks.push_back({v, e});
      }
    }
  }
  if (fleet_status) fetch_fleet_status(client, fetcher, work);
  // Pre-create the slots so worker threads only write into their own entry.
  for (const auto& t : tasks) {
    if (t.endpoint) work[t.vehicle].modules[*t.endpoint] = Fetched{};
  }
  progress.all(Phase::vehicle, 15);
  std::vector<int> done_per_vehicle(work.size(), 0);
  std::vector<int> total_per_vehicle(work.size(), 0);
  for (const auto& t : tasks) ++total_per_vehicle[t.vehicle];
  std::mutex done_mutex;
  tesla::run_bounded(tasks.size(), options.max_in_flight, [&](std::size_t i) {
    const Task& t = tasks[i];
    VehicleWork& w = work[t.vehicle];
    if (!t.endpoint) {
      w.root = fetcher.json(key_for(Endpoint::vehicle, w.vin), Endpoint::vehicle,
                            [&] { return client.vehicle(w.vin); });
    } else {
      w.modules[*t.endpoint] = fetch_module(order, client, fetcher, w, *t.endpoint);
    }
    int percent = 0;
    {
      std::lock_guard lock(done_mutex);
      percent = 15 + 70 * ++done_per_vehicle[t.vehicle] / total_per_vehicle[t.vehicle];
    }
    progress.set(t.vehicle, Phase::modules, percent);
  });

  OrderResult result;
  // The account's region is the host that answered (a 421 or users/region may have moved it).
  const auto& connection = client.connection();
  if (auto answered = connection.options().urls.region_of(connection.base_url())) {
    account.region = std::string(tesla::to_string(*answered));
  }
  result.region = account.region;
  for (std::size_t v = 0; v < work.size(); ++v) {
    progress.set(v, Phase::normalize, 90);
    result.snapshots.push_back(assemble_snapshot(order, work[v], account, fetcher.now()));
  }
  if (snapshot::includes(order.package, module_package(snapshot::ModuleId::invoices))) {
    attach_invoices(result.snapshots, client, fetcher, options.max_in_flight);
  }
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
