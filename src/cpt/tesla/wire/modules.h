// Tolerant parsers for the small per-vehicle modules: service_data, recent_alerts, release_notes
// (flat or wrapped twice), dx/vehicles/options and dx/warranty/details (with or without the
// envelope), and vehicles/fleet_status. Each fails (ErrorKind::malformed) only when the body is not
// JSON or its payload has a hopeless shape. Thread-safe (state per call).
#pragma once

#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/model/modules.h"

namespace cpt::tesla::wire {

// `{"response": {}}` gives an empty ServiceData (see ServiceData::empty()).
Result<Parsed<ServiceData>> parse_service_data(std::string_view body);
// `response.recent_alerts[]` (or `response` as the list).
Result<Parsed<RecentAlerts>> parse_recent_alerts(std::string_view body);
// `response.release_notes[]` + versions, or `response.response.release_notes[]`.
Result<Parsed<ReleaseNotes>> parse_release_notes(std::string_view body);
// `response.codes[]`, `codes[]` at the top, or a bare list.
Result<Parsed<VehicleOptions>> parse_vehicle_options(std::string_view body);
// `response.activeWarranty[]` etc., or the same keys at the top.
Result<Parsed<WarrantyDetails>> parse_warranty_details(std::string_view body);
// `response.key_paired_vins[]`, `unpaired_vins[]` and the VIN-keyed `vehicle_info`.
Result<Parsed<FleetStatus>> parse_fleet_status(std::string_view body);

}  // namespace cpt::tesla::wire
