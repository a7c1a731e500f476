// Running one order from the command line: progress on the terminal, the run, and the summary.
// Shared by `cpt report` and `cpt demo`.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cpt/acquire/order.h"
#include "cpt/acquire/raw_store.h"
#include "cpt/acquire/runner.h"
#include "cpt/core/error.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::cli {

// A progress sink for a terminal (one redrawn bar) or a pipe (a line per phase change).
// Thread-safe.
class TerminalProgress final : public acquire::ProgressSink {
 public:
  TerminalProgress(std::ostream& out, bool interactive, std::size_t vehicles);
  void on_progress(const acquire::VehicleProgress& progress) override;
  // Ends the bar's line on a terminal.
  void finish();

 private:
  struct State;
  std::ostream& out_;
  bool interactive_;
  std::shared_ptr<State> state_;
};

// The VINs of every vehicle on the account, from GET /api/1/vehicles; the answer is kept in
// `store` under the order so the run reuses it instead of paying twice.
Result<std::vector<std::string>> account_vins(tesla::FleetClient& client, acquire::RawStore& store,
                                              const std::string& order_id);

// Prints the plan (one line per call) and its total price.
void print_plan(std::ostream& out, const acquire::Plan& plan);

// A fresh order id: "ord-" + 16 random hex digits.
std::string new_order_id();

}  // namespace cpt::cli
