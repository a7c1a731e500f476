// TypedFleetClient: the FleetClient's calls parsed into tesla/model types by tesla/wire. A body
// that cannot be read at all is ErrorKind::malformed; fields that are merely odd become warnings.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cpt/core/json_reader.h"
#include "cpt/tesla/fleet_client.h"
#include "cpt/tesla/model/account.h"
#include "cpt/tesla/model/charging.h"
#include "cpt/tesla/model/modules.h"
#include "cpt/tesla/model/specs.h"
#include "cpt/tesla/model/vehicle_data.h"
#include "cpt/tesla/model/vehicles.h"

namespace cpt::tesla {

// Typed Fleet API calls for one account. Copies share the connection. Thread-safe.
class TypedFleetClient {
 public:
  explicit TypedFleetClient(FleetClient client) : client_(std::move(client)) {}

  Result<Parsed<VehicleList>> vehicles();
  Result<Parsed<Vehicle>> vehicle(std::string_view vin);
  Result<Parsed<VehicleData>> vehicle_data(std::string_view vin,
                                           std::span<const std::string> blocks = {});
  Result<Parsed<ServiceData>> service_data(std::string_view vin);
  Result<Parsed<RecentAlerts>> recent_alerts(std::string_view vin);
  Result<Parsed<ReleaseNotes>> release_notes(std::string_view vin);
  Result<Parsed<VehicleOptions>> options(std::string_view vin);
  Result<Parsed<WarrantyDetails>> warranty(std::string_view vin);
  Result<Parsed<VehicleSpecs>> specs(std::string_view vin);
  Result<Parsed<FleetStatus>> fleet_status(std::span<const std::string> vins);
  Result<Parsed<UserMe>> users_me();
  Result<Parsed<UserRegion>> users_region();
  Result<Parsed<Orders>> users_orders();
  Result<Parsed<FeatureConfig>> users_feature_config();
  // Every page walked and parsed; sessions in page order, a session id seen twice kept once.
  // `raw` is a JSON array of the page bodies.
  Result<Parsed<ChargingHistory>> charging_history(const ChargingHistoryQuery& query = {});
  Result<Parsed<BusinessChargingSessions>> charging_sessions(std::string_view vin = {});
  Result<Parsed<PartnerAccount>> partner_register(std::string_view domain);
  Result<Parsed<PartnerPublicKey>> partner_public_key(std::string_view domain);

  FleetClient& raw() { return client_; }

 private:
  FleetClient client_;
};

}  // namespace cpt::tesla
