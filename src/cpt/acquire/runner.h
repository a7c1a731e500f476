// run_order: an order's acquisition, phase by phase (ARCHITECTURE §1), into one VehicleSnapshot
// per VIN. The only code that decides which Tesla calls an order makes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cpt/acquire/order.h"
#include "cpt/acquire/raw_store.h"
#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::acquire {

// How an order runs. The threads only bound the calls an order may have in flight; the account's
// adaptive controller (tesla/concurrency.h), when the connection has one, sets the pace below it.
struct RunnerOptions {
  int max_in_flight = 32;  // threads for calls across vehicles, modules and invoices
};

// What an order produced: a snapshot per VIN (in the order's VIN order) and what it cost.
struct OrderResult {
  std::vector<snapshot::VehicleSnapshot> snapshots;
  int calls = 0;                 // HTTP requests made by this run
  int reused = 0;                // answers taken from the raw store instead of Tesla
  std::int64_t cost_micros = 0;  // estimated price of this run's billed calls
  std::optional<std::string> region;
  bool store_degraded = false;  // some answers could not be kept for a restart
};

// Runs the order: phase 1, then the vehicles' calls and the charging history on one queue, each
// vehicle assembled (ProgressSink::on_report_ready) as soon as its answers are in, its invoice
// PDFs queued behind every call a report still waits for. Per-module failures become
// ModuleResults (a report always renders); the run
// itself fails only on an invalid order (no VINs, a VIN unsafe for a path). Never wakes a car
// unless order.allow_wake. Thread-safe for different orders.
Result<OrderResult> run_order(const Order& order, tesla::FleetClient& client, RawStore& store,
                              Clock& clock, ProgressSink* progress = nullptr,
                              const RunnerOptions& options = {});

// The calls an order will make and their price, before anything runs. `granted_scopes` decides
// whether users/region is asked (any Fleet scope). With order.allow_wake every VIN is priced
// with the worst case of the wake loop (`wake`: deadline / interval + 1 billed wake_up posts).
Plan plan_order(const Order& order, std::span<const std::string> granted_scopes,
                const tesla::WakeOptions& wake = {});

// How many wake_up posts the wake loop makes at most.
int worst_case_wakes(const tesla::WakeOptions& wake);

}  // namespace cpt::acquire
