// Invoice PDFs of the sessions already in the snapshots (pro, expert): downloaded once each, in
// parallel, into the sessions' invoices, with the invoices module's result.
#pragma once

#include <vector>

#include "cpt/acquire/fetcher.h"
#include "cpt/snapshot/vehicle_snapshot.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::acquire {

void attach_invoices(std::vector<snapshot::VehicleSnapshot>& snapshots, tesla::FleetClient& client,
                     Fetcher& fetcher, int max_in_flight);

}  // namespace cpt::acquire
