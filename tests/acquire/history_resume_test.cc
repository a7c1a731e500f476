// A charging-history walk cut short (the service killed mid-walk, a page refused) resumes where
// it stopped when the order runs again: the pages already answered are not paid for twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "cpt/acquire/runner.h"
#include "cpt/core/clock.h"
#include "cpt/sim/world.h"
#include "sim_account.h"

namespace cpt::acquire {
namespace {

using snapshot::ModuleOutcome;
using snapshot::Package;

// The account's connection, except that while `refuse_after` is set, the history page numbered
// more than it is refused (as if the service died before it was answered). Not retried.
class CutWalk final : public tesla::FleetConnection {
 public:
  explicit CutWalk(tesla::FleetConnection& inner) : inner_(inner) {}
  Result<tesla::RawResponse> call(const tesla::FleetRequest& request) override {
    if (request.endpoint == tesla::Endpoint::charging_history && refuse_after >= 0) {
      for (const auto& [name, value] : request.params.query) {
        if (name == "pageNo" && std::stoi(value) > refuse_after) {
          return fail(ErrorKind::conflict, "cut before this page", "The order was stopped.");
        }
      }
    }
    return inner_.call(request);
  }
  Result<std::vector<std::string>> granted_scopes() override { return inner_.granted_scopes(); }
  const tesla::FleetOptions& options() const override { return inner_.options(); }
  std::string base_url() const override { return inner_.base_url(); }
  Clock& clock() const override { return inner_.clock(); }

  std::atomic<int> refuse_after{-1};

 private:
  tesla::FleetConnection& inner_;
};

// Billed history requests per page number ("1" -> 1).
std::map<std::string, int> history_pages_billed(const sim::Ledger& ledger) {
  std::map<std::string, int> out;
  for (const auto& e : ledger.entries) {
    if (e.path != "/api/1/dx/charging/history" || !e.billed) continue;
    const auto at = e.query.find("pageNo=");
    if (at == std::string::npos) continue;
    ++out[e.query.substr(at + 7, e.query.find('&', at) - at - 7)];
  }
  return out;
}

TEST(HistoryResume, AWalkCutAfterItsFirstPageResumesThereWhenTheOrderRunsAgain) {
  sim::SimOptions options;
  options.seed = 11;
  options.users = 2;
  options.vehicles_per_user = 2;
  auto account = testing::start_sim_account(options);
  ASSERT_TRUE(account.client);
  for (const auto& vin : account.vins) account.sim->set_vehicle_state(vin, "online");
  auto cut = std::make_shared<CutWalk>(account.client->connection());
  tesla::FleetClient client(cut);

  Order order;
  order.id = "ord-history-resume";
  order.package = Package::pro;
  order.vins = account.vins;
  InMemoryRawStore store;

  cut->refuse_after = 1;  // page 1 is answered, the walk stops at page 2
  auto first = run_order(order, client, store, SystemClock::instance());
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->snapshots.front().charging.result.outcome, ModuleOutcome::failed);
  EXPECT_EQ(history_pages_billed(account.sim->ledger()), (std::map<std::string, int>{{"1", 1}}));

  cut->refuse_after = -1;  // the same order again, on the same store (as after a restart)
  auto second = run_order(order, client, store, SystemClock::instance());
  ASSERT_TRUE(second.has_value());
  const auto& charging = second->snapshots.front().charging;
  EXPECT_NE(charging.result.outcome, ModuleOutcome::failed) << charging.result.reason;
  const auto pages = history_pages_billed(account.sim->ledger());
  EXPECT_EQ(pages.at("1"), 1) << "page 1 was kept by the cut walk and read from the store";
  EXPECT_EQ(pages.at("2"), 1) << "the walk went on from the page it stopped at";

  // A third run reads the whole walk from the store.
  const auto billed = account.sim->ledger().total_billed();
  auto third = run_order(order, client, store, SystemClock::instance());
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(account.sim->ledger().total_billed(), billed);
  EXPECT_EQ(third->snapshots.front().charging.data.has_value(), charging.data.has_value());
}

}  // namespace
}  // namespace cpt::acquire
