// Every documented response example (tests/data/seed/, copied byte-for-byte from the seed and
// FLEET-API.md) parses, with concrete values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cpt/tesla/wire/account.h"
#include "cpt/tesla/wire/charging.h"
#include "cpt/tesla/wire/errors.h"
#include "cpt/tesla/wire/modules.h"
#include "cpt/tesla/wire/specs.h"
#include "cpt/tesla/wire/vehicle_data.h"
#include "cpt/tesla/wire/vehicles.h"
#include "wire_test_support.h"

namespace cpt::tesla::wire {
namespace {

using ::testing::ElementsAre;
using testing::must;
using testing::seed;

TEST(SeedChargingHistory, ReadsTheSessionWithItsLocalTimes) {
  auto p = must(parse_charging_history(seed("charging_history.json")));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.sessions.size(), 1u);
  const ChargingSession& s = p.value.sessions[0];
  EXPECT_EQ(s.session_id, 1234567);
  EXPECT_EQ(s.vin, "TEST00000000VIN01");
  EXPECT_EQ(s.site_location_name, "Truckee, CA - Soaring Way");
  EXPECT_EQ(s.charge_start->epoch_seconds(), 1690483425);
  EXPECT_EQ(s.charge_start->offset_minutes, -420);
  EXPECT_EQ(format_iso8601(*s.charge_stop), "2023-07-27T12:08:35-07:00");
  EXPECT_EQ(format_iso8601(*s.unlatch), "2023-07-27T12:25:31-07:00");
  EXPECT_EQ(s.country_code, "US");
  EXPECT_EQ(s.billing_type, "IMMEDIATE");
  EXPECT_EQ(s.vehicle_make_type, "TSLA");
  ASSERT_EQ(s.invoices.size(), 1u);
  EXPECT_EQ(s.invoices[0].file_name, "ABC-123NN-US.pdf");
  EXPECT_EQ(s.invoices[0].content_id, "abc-123-efg");
  EXPECT_EQ(s.invoices[0].invoice_type, "IMMEDIATE");
}

TEST(SeedChargingHistory, ReadsFeesWithTiersAndTotalsThemInMoney) {
  auto p = must(parse_charging_history(seed("charging_history.json")));
  const ChargingSession& s = p.value.sessions.at(0);
  ASSERT_EQ(s.fees.size(), 2u);
  const ChargingFee& charging = s.fees[0];
  EXPECT_EQ(charging.session_fee_id, 7654321);
  EXPECT_EQ(charging.fee_type, "CHARGING");
  EXPECT_EQ(charging.pricing_type, "PAYMENT");
  EXPECT_DOUBLE_EQ(*charging.rate_base, 0.46);
  EXPECT_DOUBLE_EQ(*charging.usage_base, 40.0);
  EXPECT_DOUBLE_EQ(*charging.usage_tier2, 24.0);
  EXPECT_FALSE(charging.usage_tier1.has_value());
  EXPECT_DOUBLE_EQ(*charging.total_base, 18.4);
  EXPECT_EQ(charging.uom, "kwh");
  EXPECT_EQ(charging.is_paid, true);
  EXPECT_EQ(charging.status, "PAID");
  EXPECT_EQ(charging.total_due_money(), (Money{"USD", 1840}));
  EXPECT_EQ(charging.money(charging.net_due), (Money{"USD", 1840}));
  EXPECT_EQ(s.fees[1].fee_type, "PARKING");
  EXPECT_EQ(s.fees[1].uom, "min");
  EXPECT_EQ(s.fees[1].total_due_money(), (Money{"USD", 0}));
  const MoneyTotals totals = s.total_due();
  EXPECT_EQ(totals.total("USD").to_decimal(), "18.40");
  EXPECT_EQ(totals.by_currency().size(), 1u);
}

TEST(SeedChargingHistory, EmptyRootsHaveNoSessions) {
  auto history = must(parse_charging_history(seed("charging_history_root.json")));
  EXPECT_TRUE(history.value.sessions.empty());
  EXPECT_TRUE(history.warnings.empty());
  auto business = must(parse_business_charging_sessions(seed("charging_sessions_root.json")));
  EXPECT_TRUE(business.value.sessions.empty());
  EXPECT_TRUE(business.warnings.empty());
}

TEST(SeedWarranty, ReadsTheActiveWarranty) {
  auto p = must(parse_warranty_details(seed("warranty.json")));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.active.size(), 1u);
  const Warranty& w = p.value.active[0];
  EXPECT_EQ(w.warranty_type, "NEW_MFG_WARRANTY");
  EXPECT_EQ(w.warranty_display_name, "Basic Vehicle Limited Warranty");
  EXPECT_EQ(w.expiration_date->epoch_seconds(), 1761004800);
  EXPECT_DOUBLE_EQ(*w.expiration_odometer, 50000.0);
  EXPECT_EQ(w.odometer_unit, "MI");
  EXPECT_FALSE(w.warranty_expired_on.has_value());
  EXPECT_DOUBLE_EQ(*w.coverage_age_in_years, 4.0);
  EXPECT_TRUE(p.value.upcoming.empty());
  EXPECT_TRUE(p.value.expired.empty());
}

TEST(SeedSpecs, KeepsTextQuantitiesAndParsesTheirNumbers) {
  auto p = must(parse_specs(seed("specs.json")));
  EXPECT_TRUE(p.warnings.empty());
  const VehicleSpecs& s = p.value;
  EXPECT_EQ(s.vin, "TEST00000000VIN01");
  EXPECT_EQ(s.battery_soh, "100%");
  EXPECT_DOUBLE_EQ(*s.battery_soh_percent, 100.0);
  EXPECT_EQ(s.battery_capacity, "82.3kWh");
  EXPECT_DOUBLE_EQ(*s.battery_capacity_kwh, 82.3);
  EXPECT_EQ(s.battery_soh_timestamp->epoch_seconds(), 1706400000);
  EXPECT_EQ(s.battery_range, "571 km");
  EXPECT_DOUBLE_EQ(*s.battery_range_km, 571.0);
  EXPECT_EQ(s.max_power, "158 kW (front); 303 kW (rear)");
}

TEST(SeedSpecs, ReadsIdentityAndEquipment) {
  auto p = must(parse_specs(seed("specs.json")));
  const VehicleSpecs& s = p.value;
  EXPECT_EQ(s.make, "Tesla");
  EXPECT_EQ(s.model, "m3");
  EXPECT_EQ(s.model_year, 2025);
  EXPECT_EQ(s.body_type, "Sedan, Fastback");
  EXPECT_EQ(s.trim, "Model 3 Performance Dual Motor All-Wheel Drive");
  EXPECT_EQ(s.type_of_drive, "AWD");
  EXPECT_EQ(s.number_of_seats, 5);
  EXPECT_EQ(s.number_of_doors, 5);
  EXPECT_EQ(s.number_of_gears, 1);
  EXPECT_DOUBLE_EQ(*s.total_price, 60990.0);
  EXPECT_EQ(s.wheels_code, "20\u2019\u2019 Warp Wheels");
  EXPECT_FALSE(s.third_row_seats_code.has_value());
  EXPECT_FALSE(s.autopilot_hardware_code.has_value());
  EXPECT_EQ(s.autopilot_software_code, "Base Autopilot Package");
  EXPECT_EQ(s.country_of_origin, "DE");
  EXPECT_EQ(format_iso8601(*s.production_date), "2025-07-18T02:50:26Z");
  ASSERT_EQ(s.equipment_price.size(), 1u);
  EXPECT_EQ(s.equipment_price[0].code, "$APBS");
  EXPECT_EQ(s.equipment_price[0].name, "Autopilot");
  EXPECT_DOUBLE_EQ(*s.equipment_price[0].price, 0.0);
}

TEST(SeedSpecs, EmptyRootHasNoFields) {
  auto p = must(parse_specs(seed("specs_root.json")));
  EXPECT_FALSE(p.value.vin.has_value());
  EXPECT_FALSE(p.value.battery_soh_percent.has_value());
}

TEST(SeedOptions, ReadsEveryCode) {
  auto p = must(parse_vehicle_options(seed("options.json")));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.codes.size(), 7u);
  EXPECT_EQ(p.value.codes[0].code, "$MT315");
  EXPECT_EQ(p.value.codes[0].display_name, "Long Range All-Wheel Drive");
  EXPECT_FALSE(p.value.codes[0].color_code.has_value());
  EXPECT_EQ(p.value.codes[1].color_code, "PPSW");
  EXPECT_EQ(p.value.codes[1].display_name, "Pearl White Multi-Coat");
  EXPECT_EQ(p.value.codes[2].display_name, "18\u2019\u2019 Aero Wheels");
  EXPECT_EQ(p.value.codes[6].code, "$SC04");
  for (const auto& code : p.value.codes) EXPECT_EQ(code.is_active, true);
  EXPECT_TRUE(must(parse_vehicle_options(seed("options_root.json"))).value.codes.empty());
}

TEST(SeedReleaseNotes, ReadsTheTwiceWrappedShape) {
  auto p = must(parse_release_notes(seed("release_notes_nested.json")));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.release_notes.size(), 1u);
  const ReleaseNote& n = p.value.release_notes[0];
  EXPECT_EQ(n.title, "Minor Fixes");
  EXPECT_EQ(n.subtitle, "Some more info");
  EXPECT_EQ(n.description, "This release contains minor fixes and improvements");
  EXPECT_EQ(n.customer_version, "2022.42.0");
  EXPECT_EQ(n.icon, "release_notes_icon");
  EXPECT_EQ(n.light_image_url,
            "https://vehicle-files.teslamotors.com/release_notes/9a122cff8916fffcb61cfd65a15c276f");
}

TEST(SeedReleaseNotes, ReadsTheTopLevelMetadata) {
  auto p = must(parse_release_notes(seed("release_notes_metadata.json")));
  EXPECT_EQ(p.value.deployed_version, "2026.2.3");
  EXPECT_FALSE(p.value.staged_version.has_value());
  EXPECT_EQ(p.value.release_notes_version, "2026.2.3");
  EXPECT_TRUE(p.value.release_notes.empty());
}

TEST(SeedFleetStatus, ReadsTheVinKeyedVehicleInfo) {
  auto p = must(parse_fleet_status(seed("fleet_status.json")));
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_TRUE(p.value.key_paired_vins.empty());
  EXPECT_THAT(p.value.unpaired_vins, ElementsAre("5YJ3000000NEXUS01"));
  ASSERT_EQ(p.value.vehicle_info.count("5YJ3000000NEXUS01"), 1u);
  const FleetVehicleInfo& info = p.value.vehicle_info.at("5YJ3000000NEXUS01");
  EXPECT_EQ(info.firmware_version, "2024.14.30");
  EXPECT_EQ(info.vehicle_command_protocol_required, true);
  EXPECT_EQ(info.discounted_device_data, false);
  EXPECT_EQ(info.fleet_telemetry_version, "1.0.0");
  EXPECT_EQ(info.total_number_of_keys, 5);
}

TEST(SeedServiceData, ReadsPopulatedAndEmptyShapes) {
  auto p = must(parse_service_data(seed("service_data.json")));
  EXPECT_EQ(p.value.service_status, "car_in_repair");
  EXPECT_EQ(format_iso8601(*p.value.service_etc), "2023-05-02T17:10:53-10:00");
  EXPECT_EQ(p.value.service_visit_number, "SV12345678");
  EXPECT_EQ(p.value.status_id, 8);
  EXPECT_FALSE(p.value.empty());
  auto empty = must(parse_service_data(seed("service_data_empty.json")));
  EXPECT_TRUE(empty.value.empty());
  EXPECT_TRUE(empty.warnings.empty());
}

TEST(SeedRecentAlerts, EmptyRootHasNoAlerts) {
  auto p = must(parse_recent_alerts(seed("recent_alerts_root.json")));
  EXPECT_TRUE(p.value.alerts.empty());
  EXPECT_TRUE(p.warnings.empty());
}

TEST(SeedVehicle, EmptyRootsParse) {
  auto vehicle = must(parse_vehicle(seed("vehicle_root.json")));
  EXPECT_FALSE(vehicle.value.vin.has_value());
  auto data = must(parse_vehicle_data(seed("vehicle_data_root.json")));
  EXPECT_FALSE(data.value.charge_state.has_value());
  EXPECT_FALSE(data.value.drive_state.has_value());
}

TEST(SeedUsers, ReadsMeRegionOrdersAndFeatureConfig) {
  auto me = must(parse_user_me(seed("users_me.json")));
  EXPECT_EQ(me.value.email, "test-user@tesla.com");
  EXPECT_EQ(me.value.full_name, "Testy McTesterson");
  EXPECT_EQ(me.value.vault_uuid, "b5c443af-a286-49eb-a4ad-35a97963155d");
  auto region = must(parse_user_region(seed("users_region.json")));
  EXPECT_EQ(region.value.region, "eu");
  EXPECT_EQ(region.value.fleet_api_base_url, "https://fleet-api.prd.eu.vn.cloud.tesla.com");
  auto bare = must(parse_user_region(seed("users_region_2023.json")));
  EXPECT_EQ(bare.value.region, "eu");
  auto config = must(parse_feature_config(seed("feature_config.json")));
  ASSERT_TRUE(config.value.signaling.has_value());
  EXPECT_EQ(config.value.signaling->enabled, true);
  EXPECT_EQ(config.value.signaling->subscribe_connectivity, false);
  EXPECT_EQ(config.value.signaling->use_auth_token, false);
}

TEST(SeedUsers, ReadsOrdersAndCount) {
  auto p = must(parse_orders(seed("users_orders.json")));
  EXPECT_TRUE(p.warnings.empty());
  ASSERT_EQ(p.value.orders.size(), 1u);
  const Order& o = p.value.orders[0];
  EXPECT_EQ(o.vehicle_map_id, 1234466);
  EXPECT_EQ(o.reference_number, "RN00000001");
  EXPECT_EQ(o.vin, "5YJ30000000000001");
  EXPECT_EQ(o.order_status, "BOOKED");
  EXPECT_EQ(o.order_substatus, "_Z");
  EXPECT_EQ(o.model_code, "m3");
  EXPECT_EQ(o.locale, "en_US");
  EXPECT_EQ(o.is_b2b, false);
  EXPECT_EQ(split_option_codes(*o.mkt_options).size(), 12u);
  EXPECT_EQ(p.value.count, 1);
}

TEST(SeedPartner, RegisterResponseKeepsFieldsAndWarnsOnElidedTimestamps) {
  auto p = must(parse_partner_account(seed("partner_register.json")));
  EXPECT_EQ(p.value.domain, "dev.api.carpulsetracker.com");
  EXPECT_EQ(p.value.name, "Car Pulser Tracker");
  EXPECT_EQ(p.value.enterprise_tier, "free");
  EXPECT_FALSE(p.value.ca.has_value());
  EXPECT_FALSE(p.value.csr.has_value());
  EXPECT_EQ(p.value.public_key, "-----BEGIN PUBLIC KEY-----\n...");
  // The documented example elides the timestamps as "2026-02-10T...".
  EXPECT_FALSE(p.value.created_at.has_value());
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].path, "response.created_at");
  EXPECT_EQ(p.warnings[1].path, "response.updated_at");
}

TEST(SeedOAuth, ReadsTokenResponsesWithoutKeepingTheRawSecrets) {
  auto user = must(parse_token_response(seed("oauth_token.json")));
  EXPECT_EQ(user.value.access_token, "ey...");
  EXPECT_EQ(user.value.refresh_token, "ey...");
  EXPECT_EQ(user.value.id_token, "ey...");
  EXPECT_EQ(user.value.token_type, "Bearer");
  EXPECT_EQ(user.value.expires_in, 28800);
  EXPECT_TRUE(user.raw.empty());
  auto partner = must(parse_token_response(seed("oauth_partner_token.json")));
  EXPECT_FALSE(partner.value.refresh_token.has_value());
  EXPECT_EQ(partner.value.expires_in, 28800);
}

TEST(SeedErrors, Reads408And412And421Bodies) {
  auto offline = parse_error_body(seed("error_408_vehicle_unavailable.json"));
  EXPECT_EQ(offline.error, "vehicle unavailable: vehicle is offline or asleep");
  EXPECT_FALSE(offline.error_description.has_value());
  auto unregistered = parse_error_body(seed("error_412_not_registered.json"));
  EXPECT_EQ(unregistered.region_base_url, "https://fleet-api.prd.<r>.vn.cloud.tesla.com");
  EXPECT_FALSE(unregistered.base_url.has_value());
  auto moved = parse_error_body(seed("error_421_out_of_region.json"));
  EXPECT_EQ(moved.base_url, "https://fleet-api.prd.na.vn.cloud.tesla.com");
  auto expired = parse_error_body(seed("error_401_token_expired.json"));
  EXPECT_EQ(expired.error, "token expired (401)");
  auto partner = parse_error_body(seed("error_expected_partner_account.json"));
  EXPECT_EQ(partner.error, "Expected partner account");
}

}  // namespace
}  // namespace cpt::tesla::wire
