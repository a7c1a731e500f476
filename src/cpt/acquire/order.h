// Order, progress and plan: what a customer asked for and how far its acquisition has come.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpt/snapshot/module_result.h"
#include "cpt/snapshot/vehicle_snapshot.h"

namespace cpt::acquire {

// One order: the vehicles, the package and language, whether a sleeping car may be woken, and
// the most the order may spend on billed calls. Value type.
struct Order {
  std::string id;                 // opaque, unique per order (keys the raw store)
  std::vector<std::string> vins;  // validated by the caller with cpt::Vin
  snapshot::Package package = snapshot::Package::basic;
  std::string language = "en";
  bool allow_wake = false;
  std::optional<std::int64_t> budget_micros;  // nullopt: no limit
};

// Where one vehicle's acquisition stands (ARCHITECTURE §1 phases). `invoices`: the vehicle's
// report could be built (its modules are in) and its invoice PDFs are still being fetched.
enum class Phase { queued, account, vehicle, modules, normalize, invoices, done, failed };
std::string_view to_string(Phase phase);

// Progress of one vehicle of an order. Value type.
struct VehicleProgress {
  std::string vin;
  Phase phase = Phase::queued;
  int percent = 0;  // 0..100
  // Modules finished so far, in completion order.
  std::vector<std::pair<snapshot::ModuleId, snapshot::ModuleOutcome>> modules;
};

// Receives progress updates. Called from worker threads: implementations must be thread-safe.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void on_progress(const VehicleProgress& progress) = 0;
  // A vehicle's report can be built: its modules are in (its invoice PDFs may still be coming, and
  // its provenance does not yet hold the order's totals).
  virtual void on_report_ready(const snapshot::VehicleSnapshot& snapshot) { (void)snapshot; }
};

// One call an order will make, with its estimated price. Value type.
struct PlannedCall {
  std::string endpoint;    // catalog name, e.g. "vehicle_data"
  std::string vin_suffix;  // empty for account-level calls
  std::string category;    // data, wake, specs, ...
  std::int64_t price_micros = 0;
};

// The calls an order will make before it runs (`--dry-run`). Charging history counts two pages
// (the first and the empty one that ends the walk): more pages cost more, and the budget stops
// them. Value type.
struct Plan {
  std::vector<PlannedCall> calls;
  std::int64_t total_micros = 0;
};

}  // namespace cpt::acquire
