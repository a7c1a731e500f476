// The one place the service binds the acquisition engine (acquire/).
#include "cpt/acquire/runner.h"
#include "cpt/service/orders.h"

namespace cpt::service {

OrderRunner default_order_runner(int max_in_flight) {
  return [max_in_flight](
             const acquire::Order& order, tesla::FleetConnection& connection,
             acquire::RawStore& raw,
             acquire::ProgressSink& progress) -> Result<std::vector<snapshot::VehicleSnapshot>> {
    // The connection outlives this call (the OrderManager holds it), so the client may borrow it.
    tesla::FleetClient client(
        std::shared_ptr<tesla::FleetConnection>(&connection, [](tesla::FleetConnection*) {}));
    acquire::RunnerOptions options;
    options.max_in_flight = max_in_flight;
    auto result = acquire::run_order(order, client, raw, connection.clock(), &progress, options);
    if (!result) return fail(std::move(result.error()));
    return std::move(result->snapshots);
  };
}

}  // namespace cpt::service
