// Hand-written payloads for the shapes seen in the wild (PROVENANCE.md) and for the seed's field
// tables that have no full example.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpt/tesla/wire/account.h"
#include "cpt/tesla/wire/charging.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"
#include "wire_test_support.h"

namespace cpt::tesla::wire {
namespace {

using ::testing::ElementsAre;
using testing::must;

constexpr std::string_view kSession =
    R"({"sessionId":"42","vin":"5YJ3E1EA7KF000001","chargeStartDateTime":1690483425000,
        "fees":[{"feeType":"CHARGING","currencyCode":"EUR","totalDue":"12.50","isPaid":"true"}]})";

std::string wrap(std::string_view prefix, std::string_view suffix) {
  return std::string(prefix) + std::string(kSession) + std::string(suffix);
}

void expect_one_session(const Parsed<ChargingHistory>& p) {
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.sessions.size(), 1u);
  const ChargingSession& s = p.value.sessions[0];
  EXPECT_EQ(s.session_id, 42);
  EXPECT_EQ(s.charge_start->epoch_seconds(), 1690483425);
  ASSERT_EQ(s.fees.size(), 1u);
  EXPECT_EQ(s.fees[0].is_paid, true);
  EXPECT_EQ(s.fees[0].total_due_money(), (Money{"EUR", 1250}));
}

TEST(ChargingHistoryShapes, ReadsDataAtTheTopLevel) {
  expect_one_session(must(parse_charging_history(wrap(R"({"data":[)", "]}"))));
}

TEST(ChargingHistoryShapes, ReadsResponseData) {
  expect_one_session(must(parse_charging_history(wrap(R"({"response":{"data":[)", "]}}"))));
}

TEST(ChargingHistoryShapes, ReadsResponseAsTheList) {
  expect_one_session(must(parse_charging_history(wrap(R"({"response":[)", "]}"))));
}

TEST(ChargingHistoryShapes, ReadsABareList) {
  expect_one_session(must(parse_charging_history(wrap("[", "]"))));
}

TEST(ChargingHistoryShapes, NullDataIsAnEmptyPage) {
  auto p = must(parse_charging_history(R"({"response":{"data":null}})"));
  EXPECT_TRUE(p.value.sessions.empty());
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ChargingHistoryShapes, BodiesWithoutASessionListAreMalformed) {
  for (std::string_view body :
       {R"({"response":null,"error":"x"})", R"({"error":"x"})", "42", "not json"}) {
    auto p = parse_charging_history(body);
    ASSERT_FALSE(p.has_value()) << body;
    EXPECT_EQ(p.error().kind, ErrorKind::malformed);
  }
}

TEST(ChargingHistoryShapes, WarnsWithTheIndexedPathOfABadFee) {
  auto p = must(parse_charging_history(
      R"({"response":{"data":[{"sessionId":1},{"fees":[{"totalDue":"n/a"}]}]}})"));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].path, "response.data[1].fees[0].totalDue");
  EXPECT_EQ(p.value.sessions.size(), 2u);
}

TEST(ChargingHistoryShapes, FeeWithoutCurrencyHasNoMoney) {
  auto p = must(parse_charging_history(R"({"data":[{"fees":[{"totalDue":3.2}]}]})"));
  const auto& fee = p.value.sessions.at(0).fees.at(0);
  EXPECT_DOUBLE_EQ(*fee.total_due, 3.2);
  EXPECT_FALSE(fee.total_due_money().has_value());
  EXPECT_TRUE(p.value.sessions[0].total_due().empty());
}

TEST(ChargingHistoryShapes, TotalsSkipAFeeThatWouldOverflow) {
  MoneyTotals totals;
  totals.add(Money{"USD", 9'223'372'036'854'775'000});
  EXPECT_FALSE(add_checked(totals, Money{"USD", 1000}));
  EXPECT_TRUE(add_checked(totals, Money{"USD", 807}));
  EXPECT_TRUE(add_checked(totals, Money{"EUR", 1000}));
  EXPECT_EQ(totals.total("USD").minor, 9'223'372'036'854'775'807);
  EXPECT_EQ(totals.total("EUR").minor, 1000);
}

TEST(BusinessChargingSessions, ReadsTheDocumentedFields) {
  auto p = must(parse_business_charging_sessions(R"({"response":{"data":[{
      "id":"cs-1","vin":"5YJ3E1EA7KF000001","model":"Model 3",
      "start_date_time":"2024-03-01T08:00:00Z","stop_date_time":"2024-03-01T08:45:00Z",
      "total_energy":41.5,"total_time":0.75,
      "total_cost":{"excl_vat":10.0,"incl_vat":12.4,"vat":2.4},
      "location":{"country":"FI","name":"Helsinki"},
      "charging_periods":[{"start_date_time":"2024-03-01T08:00:00Z",
                           "dimensions":[{"type":"ENERGY","volume":41.5}]}],
      "tariffs":{"currency":"EUR","elements":[{"price_components":[
          {"type":"ENERGY","price":0.3,"vat":24,"step_size":1}]}]}}]}})"));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.sessions.size(), 1u);
  const BusinessChargingSession& s = p.value.sessions[0];
  EXPECT_EQ(s.id, "cs-1");
  EXPECT_EQ(s.model, "Model 3");
  EXPECT_EQ(s.stop_date_time->epoch_seconds() - s.start_date_time->epoch_seconds(), 2700);
  EXPECT_DOUBLE_EQ(*s.total_energy, 41.5);
  EXPECT_DOUBLE_EQ(*s.total_cost->incl_vat, 12.4);
  EXPECT_EQ(s.location->name, "Helsinki");
  ASSERT_EQ(s.charging_periods.size(), 1u);
  EXPECT_EQ(s.charging_periods[0].dimensions.at(0).type, "ENERGY");
  ASSERT_EQ(s.tariffs.size(), 1u);
  EXPECT_EQ(s.tariffs[0].currency, "EUR");
  EXPECT_DOUBLE_EQ(*s.tariffs[0].elements.at(0).price_components.at(0).price, 0.3);
  EXPECT_EQ(s.tariffs[0].elements[0].price_components[0].step_size, 1);
}

TEST(BusinessChargingSessions, ReadsTariffsSentAsAList) {
  auto p = must(parse_business_charging_sessions(
      R"({"response":{"data":[{"tariffs":[{"currency":"EUR"},{"currency":"SEK"}]}]}})"));
  ASSERT_EQ(p.value.sessions.at(0).tariffs.size(), 2u);
  EXPECT_EQ(p.value.sessions[0].tariffs[1].currency, "SEK");
}

TEST(WarrantyShapes, ReadsActiveWarrantyAtTheTopLevel) {
  auto p = must(parse_warranty_details(
      R"({"activeWarranty":[{"warrantyType":"BATTERY","expirationDate":1893456000,
          "expirationOdometer":"120000","odometerUnit":"KM"}],"expiredWarranty":[{}]})"));
  ASSERT_EQ(p.value.active.size(), 1u);
  EXPECT_EQ(p.value.active[0].expiration_date->epoch_seconds(), 1893456000);
  EXPECT_DOUBLE_EQ(*p.value.active[0].expiration_odometer, 120000.0);
  EXPECT_EQ(p.value.expired.size(), 1u);
}

TEST(OptionsShapes, ReadsCodesAtTheTopLevelAndAsABareList) {
  auto top = must(parse_vehicle_options(R"({"codes":[{"code":"$APBS","isActive":"false"}]})"));
  ASSERT_EQ(top.value.codes.size(), 1u);
  EXPECT_EQ(top.value.codes[0].is_active, false);
  auto bare = must(parse_vehicle_options(R"([{"code":"$W38A"},{"code":"$PPSB"}])"));
  EXPECT_EQ(bare.value.codes.size(), 2u);
  EXPECT_FALSE(parse_vehicle_options(R"({"response":"codes"})").has_value());
}

TEST(ReleaseNotesShapes, ReadsAnIntegerDeployedVersionAsText) {
  auto p = must(parse_release_notes(
      R"({"response":{"release_notes":[],"deployed_version":2022,"staged_version":null}})"));
  EXPECT_EQ(p.value.deployed_version, "2022");
  EXPECT_FALSE(p.value.staged_version.has_value());
  EXPECT_TRUE(p.warnings.empty());
}

TEST(ReleaseNotesShapes, WarnsWithTheNestedPath) {
  auto p = must(parse_release_notes(
      R"({"response":{"response":{"release_notes":[{"title":{"text":"x"},"show_in_history":"yes"}]}}})"));
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].path, "response.response.release_notes[0].title");
  EXPECT_EQ(p.warnings[1].path, "response.response.release_notes[0].show_in_history");
}

TEST(VehicleDataShapes, ReadsBooleansAndNumbersSentAsStrings) {
  auto p = must(parse_vehicle_data(
      R"({"response":{"charge_state":{"charge_port_door_open":"true","trip_charging":"false",
          "battery_level":"64","battery_range":"201.5"},"in_service":"false"}})"));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.value.charge_state->charge_port_door_open, true);
  EXPECT_EQ(p.value.charge_state->trip_charging, false);
  EXPECT_EQ(p.value.charge_state->battery_level, 64);
  EXPECT_DOUBLE_EQ(*p.value.charge_state->battery_range, 201.5);
  EXPECT_EQ(p.value.in_service, false);
}

TEST(VehicleDataShapes, ReadsTimestampsInEveryForm) {
  auto p = must(parse_vehicle_data(R"({"response":{
      "charge_state":{"timestamp":1705707520649,"scheduled_departure_time":"1704837600"},
      "climate_state":{"timestamp":"2024-01-19T23:38:40.649Z"},
      "gui_settings":{"timestamp":{"seconds":1705707520}}}})"));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.value.charge_state->timestamp->epoch_millis(), 1705707520649);
  EXPECT_EQ(p.value.charge_state->scheduled_departure_time->epoch_seconds(), 1704837600);
  EXPECT_EQ(p.value.climate_state->timestamp->epoch_millis(), 1705707520649);
  EXPECT_EQ(p.value.gui_settings->timestamp->epoch_seconds(), 1705707520);
}

TEST(VehicleDataShapes, DriveStateMayBeMissing) {
  auto p = must(parse_vehicle_data(
      R"({"response":{"vin":"5YJ3E1EA7KF000001","charge_state":{"battery_level":50}}})"));
  EXPECT_FALSE(p.value.drive_state.has_value());
  EXPECT_EQ(p.value.charge_state->battery_level, 50);
}

TEST(VehicleDataShapes, ABlockOfTheWrongTypeIsAWarning) {
  auto p = must(parse_vehicle_data(R"({"response":{"drive_state":"hidden","vehicle_state":[]}})"));
  EXPECT_FALSE(p.value.drive_state.has_value());
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].path, "response.drive_state");
  EXPECT_EQ(p.warnings[0].reason, "expected an object, got a string");
}

TEST(VehicleDataShapes, ARootThatIsNotAnObjectIsMalformed) {
  for (std::string_view body :
       {R"({"response":null,"error":"vehicle unavailable"})", "[]", R"({"response":[1]})", ""}) {
    auto p = parse_vehicle_data(body);
    ASSERT_FALSE(p.has_value()) << body;
    EXPECT_EQ(p.error().kind, ErrorKind::malformed);
  }
}

TEST(VehicleDataShapes, RepairsInvalidUtf8InTextFields) {
  auto p =
      must(parse_vehicle_data("{\"response\":{\"display_name\":\"Bl\xe5"
                              "b\xe6"
                              "r\"}}"));
  EXPECT_EQ(p.value.display_name, "Bl\uFFFDb\uFFFDr");
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].path, "");
}

TEST(VehicleShapes, ReadsTheSeedTableFields) {
  auto p = must(parse_vehicle(R"({"response":{"id":100021,"vehicle_id":99999,
      "vin":"TEST00000000VIN01","display_name":"Owned","access_type":"OWNER","state":"online",
      "in_service":false,"option_codes":"TEST0,COUS","granular_access":{"hide_private":false},
      "calendar_enabled":true}})"));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.value.id, 100021);
  EXPECT_EQ(p.value.vehicle_id, 99999);
  EXPECT_EQ(p.value.display_name, "Owned");
  EXPECT_THAT(split_option_codes(*p.value.option_codes), ElementsAre("TEST0", "COUS"));
  EXPECT_EQ(p.value.granular_access->hide_private, false);
}

TEST(VehicleListShapes, CountMayDisagreeWithTheItems) {
  auto p = must(parse_vehicles(R"({"response":[
      {"id":99999999999999,"vehicle_id":99999999999999,"vin":"LRW3E7EK0NC000001",
       "display_name":"MyTesla","state":"online","api_version":90,"ble_autopair_enrolled":false},
      {"id":1,"id_s":"26640707449551857","state":"asleep"}],
      "pagination":{"previous":null,"next":null,"current":1,"per_page":2,"count":2,"pages":1},
      "count":5})"));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.vehicles.size(), 2u);
  EXPECT_EQ(p.value.count, 5);
  EXPECT_EQ(p.value.vehicles[0].id, 99999999999999);
  EXPECT_EQ(p.value.vehicles[0].api_version, 90);
  EXPECT_EQ(p.value.vehicles[1].id, 26640707449551857);  // id_s wins over id
  ASSERT_TRUE(p.value.pagination.has_value());
  EXPECT_EQ(p.value.pagination->current, 1);
  EXPECT_EQ(p.value.pagination->per_page, 2);
  EXPECT_FALSE(p.value.pagination->next.has_value());
}

TEST(VehicleListShapes, AnObjectWhereTheListBelongsIsMalformed) {
  auto p = parse_vehicles(R"({"response":{"vin":"x"}})");
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().kind, ErrorKind::malformed);
  EXPECT_EQ(must(parse_vehicles(R"({"response":[],"count":0})")).value.vehicles.size(), 0u);
}

TEST(RecentAlertsShapes, ReadsTheSeedTableFields) {
  auto p = must(parse_recent_alerts(R"({"response":{"recent_alerts":[{"name":"UI_a212_AEBSFaulted",
      "time":"2021-03-19T22:01:15.101+00:00","audience":["service-fix","customer"],
      "user_text":"Automatic Emergency Braking is unavailable"}]}})"));
  ASSERT_EQ(p.value.alerts.size(), 1u);
  const Alert& a = p.value.alerts[0];
  EXPECT_EQ(a.name, "UI_a212_AEBSFaulted");
  EXPECT_EQ(a.time->epoch_millis(), 1616191275101);
  EXPECT_THAT(a.audience, ElementsAre("service-fix", "customer"));
  EXPECT_EQ(a.user_text, "Automatic Emergency Braking is unavailable");
}

TEST(FleetStatusShapes, RedactsTheVinInWarningPaths) {
  auto p = must(parse_fleet_status(
      R"({"response":{"vehicle_info":{"5YJ3E1EA7KF000001":{"total_number_of_keys":"many"}}}})"));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].path, "response.vehicle_info.5YJ\u20260001.total_number_of_keys");
  EXPECT_EQ(p.value.vehicle_info.size(), 1u);
}

TEST(PartnerPublicKeyShapes, ReadsPemAndHex) {
  auto pem = must(parse_partner_public_key(
      R"({"response":{"public_key":"-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"}})"));
  EXPECT_EQ(pem.value.format, PublicKeyFormat::pem);
  auto hex = must(parse_partner_public_key(R"({"response":{"public_key":"04a1FF"}})"));
  EXPECT_EQ(hex.value.format, PublicKeyFormat::hex);
  EXPECT_THAT(hex.value.hex_bytes, ElementsAre(0x04, 0xa1, 0xff));
  auto odd = must(parse_partner_public_key(R"({"response":{"public_key":"04a"}})"));
  EXPECT_EQ(odd.value.format, PublicKeyFormat::unknown);
}

TEST(OrdersShapes, CountMayDisagreeWithTheItems) {
  auto p = must(parse_orders(R"({"response":[],"count":3})"));
  EXPECT_TRUE(p.value.orders.empty());
  EXPECT_EQ(p.value.count, 3);
}

}  // namespace
}  // namespace cpt::tesla::wire
