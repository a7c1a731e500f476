// The shipped gMock doubles, standing at each seam: connection, stub.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpt/tesla/fleet_client_typed.h"
#include "cpt/tesla/fleet_mocks.h"
#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::Return;
using ::testing::ReturnRef;

RawResponse raw(Endpoint endpoint, std::string body) {
  RawResponse out;
  out.endpoint = endpoint;
  out.http_status = 200;
  out.body = std::move(body);
  return out;
}

TEST(MockFleetConnection, TypedClientParsesWhatTheConnectionReturns) {
  auto connection = std::make_shared<MockFleetConnection>();
  EXPECT_CALL(*connection, call(Field(&FleetRequest::endpoint, Endpoint::users_region)))
      .WillOnce(Return(raw(Endpoint::users_region,
                           R"({"response":{"region":"eu","fleet_api_base_url":"https://x"}})")));
  TypedFleetClient typed{FleetClient(connection)};
  auto region = typed.users_region();
  ASSERT_TRUE(region.has_value()) << region.error().describe();
  EXPECT_EQ(region->value.region.value_or(""), "eu");
}

TEST(MockFleetConnection, UnreadableBodyIsMalformedNamingTheEndpoint) {
  auto connection = std::make_shared<MockFleetConnection>();
  EXPECT_CALL(*connection, call(_)).WillOnce(Return(raw(Endpoint::vehicles, "<html>oops")));
  TypedFleetClient typed{FleetClient(connection)};
  auto vehicles = typed.vehicles();
  ASSERT_FALSE(vehicles.has_value());
  EXPECT_EQ(vehicles.error().kind, ErrorKind::malformed);
  EXPECT_EQ(vehicles.error().get("endpoint").value_or(""), "vehicles");
}

TEST(MockFleetConnection, VehicleDataAsksTheConnectionForScopes) {
  auto connection = std::make_shared<MockFleetConnection>();
  EXPECT_CALL(*connection, granted_scopes())
      .WillOnce(Return(std::vector<std::string>{"vehicle_device_data", "vehicle_location"}));
  EXPECT_CALL(*connection, call(Field(&FleetRequest::endpoint, Endpoint::vehicle_data)))
      .WillOnce([](const FleetRequest& request) -> Result<RawResponse> {
        EXPECT_EQ(request.params.query.at(0).second, "drive_state;location_data");
        return raw(Endpoint::vehicle_data, R"({"response":{}})");
      });
  FleetClient client(connection);
  const std::vector<std::string> blocks = {"drive_state", "location_data"};
  ASSERT_TRUE(client.vehicle_data(testing::kVin, blocks).has_value());
}

TEST(MockFleetStub, ConnectionPassesBaseUrlAndTokenAndReroutesOn421) {
  testing::Harness h;
  auto stub = std::make_shared<MockFleetStub>();
  http::HttpResponse misdirected = testing::json_response(
      421,
      R"({"error":"user out of region, use base URL: https://fleet-api.prd.na.vn.cloud.tesla.com"})");
  {
    ::testing::InSequence order;
    EXPECT_CALL(*stub, send("https://fleet-api.prd.eu.vn.cloud.tesla.com", _, "access-0"))
        .WillOnce(Return(misdirected));
    EXPECT_CALL(*stub, send("https://fleet-api.prd.na.vn.cloud.tesla.com", _, "access-0"))
        .WillOnce(Return(testing::json_response(200, R"({"response":[]})")));
  }
  h.client();  // builds the token sources
  FleetDeps deps{stub, h.user_tokens, h.partner_tokens, h.ledger, nullptr, h.clock, nullptr};
  FleetClient client(make_fleet_connection(h.options, deps));
  auto vehicles = client.vehicles();
  ASSERT_TRUE(vehicles.has_value()) << vehicles.error().describe();
  EXPECT_EQ(vehicles->attempts, 2);
}

}  // namespace
}  // namespace cpt::tesla
