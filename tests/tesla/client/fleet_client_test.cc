// FleetClient endpoint methods: explicit vehicle_data blocks, the charging-history walk, invoices,
// the explicit wake loop and bounded parallel calls.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using testing::Harness;
using testing::json_response;
using testing::kVin;
using testing::make_jwt;
using testing::sequence;

void grant_location(Harness& h) {
  auth::TokenSet set = h.store->load("alice").value().value();
  set.access_token = make_jwt({{"scp", {"openid", "vehicle_device_data", "vehicle_location"}}});
  ASSERT_TRUE(h.store->save("alice", set).has_value());
}

TEST(FleetClientVehicleData, AlwaysSendsAnExplicitListWithoutLocationByDefault) {
  Harness h;
  FleetClient client = h.client();
  ASSERT_TRUE(client.vehicle_data(kVin).has_value());
  EXPECT_EQ(h.request(0).url,
            "https://fleet-api.prd.eu.vn.cloud.tesla.com/api/1/vehicles/5YJ3E1EA7KF000001/"
            "vehicle_data?endpoints=charge_state%3Bclimate_state%3Bclosures_state%3Bdrive_state%3B"
            "gui_settings%3Bvehicle_config%3Bvehicle_state%3Bcharge_schedule_data%3B"
            "preconditioning_schedule_data");
}

TEST(FleetClientVehicleData, LocationOnlyWithTheVehicleLocationScope) {
  Harness h;
  grant_location(h);
  FleetClient client = h.client();
  const std::vector<std::string> blocks = {"charge_state", "location_data"};
  ASSERT_TRUE(client.vehicle_data(kVin, blocks).has_value());
  EXPECT_TRUE(h.request(0).url.ends_with("?endpoints=charge_state%3Blocation_data"));
}

TEST(FleetClientVehicleData, OnlyLocationWithoutScopeIsMissingScopeAndNotSent) {
  Harness h;
  FleetClient client = h.client();
  const std::vector<std::string> blocks = {"location_data"};
  auto response = client.vehicle_data(kVin, blocks);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::missing_scope);
  EXPECT_EQ(h.request_count(), 0u);
}

TEST(FleetClientHistory, FiltersAreSentAsDocumented) {
  Harness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(200, R"({"response":{"data":[],"totalResults":0}})");
  };
  FleetClient client = h.client();
  ChargingHistoryQuery query;
  query.vin = std::string(kVin);
  query.start_time = "2023-07-27T11:43:45-07:00";
  query.sort_by = "chargeStartDateTime";
  query.sort_order = "DESC";
  ASSERT_TRUE(client.charging_history(query).has_value());
  const std::string url = h.request(0).url;
  EXPECT_EQ(http::query_param(url, "vin").value_or(""), kVin);
  EXPECT_EQ(http::query_param(url, "startTime").value_or(""), "2023-07-27T11:43:45-07:00");
  EXPECT_NE(url.find("startTime=2023-07-27T11%3A43%3A45-07%3A00"), std::string::npos);
  EXPECT_EQ(http::query_param(url, "sortOrder").value_or(""), "DESC");
  EXPECT_EQ(http::query_param(url, "pageSize").value_or(""), "50");
}

TEST(FleetClientInvoice, PdfBodyIsReturned) {
  Harness h;
  h.fleet = sequence({json_response(200, "%PDF-1.4\n...binary...")});
  FleetClient client = h.client();
  auto pdf = client.charging_invoice("abc-123-efg");
  ASSERT_TRUE(pdf.has_value());
  EXPECT_TRUE(pdf->starts_with("%PDF-1.4"));
  EXPECT_TRUE(h.request(0).url.ends_with("/api/1/dx/charging/invoice/abc-123-efg"));
}

TEST(FleetClientInvoice, NonPdfBodyIsMalformed) {
  Harness h;
  h.fleet = sequence({json_response(200, R"({"response":"raw .pdf document"})")});
  FleetClient client = h.client();
  auto pdf = client.charging_invoice("abc-123-efg");
  ASSERT_FALSE(pdf.has_value());
  EXPECT_EQ(pdf.error().kind, ErrorKind::malformed);
}

TEST(FleetClientWake, RepostsUntilOnline) {
  Harness h;
  h.fleet = sequence({json_response(200, R"({"response":{"state":"asleep"}})"),
                      json_response(408, R"({"error":"vehicle unavailable"})"),
                      json_response(200, R"({"response":{"state":"online"}})")});
  FleetClient client = h.client();
  WakeOptions wake;
  wake.interval = std::chrono::seconds(10);
  wake.deadline = std::chrono::seconds(60);
  auto response = client.wake_up(kVin, wake);
  ASSERT_TRUE(response.has_value()) << response.error().describe();
  EXPECT_EQ(h.request_count(), 3u);
  EXPECT_EQ(h.request(0).method, "POST");
  EXPECT_EQ(h.clock->slept(), std::chrono::seconds(20));
  EXPECT_EQ(h.ledger->billed_micros(), 3 * 20'000);
}

TEST(FleetClientWake, DeadlineEndsAsUnavailable) {
  Harness h;
  h.fleet = sequence({json_response(200, R"({"response":{"state":"asleep"}})")});
  FleetClient client = h.client();
  WakeOptions wake;
  wake.interval = std::chrono::seconds(10);
  wake.deadline = std::chrono::seconds(30);
  auto response = client.wake_up(kVin, wake);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().kind, ErrorKind::vehicle_unavailable);
  EXPECT_EQ(h.request_count(), 4u);  // t = 0, 10, 20, 30; t = 40 would pass the deadline
}

TEST(FleetClientParallel, CallsRunConcurrentlyWithinTheBound) {
  Harness h;
  h.options.max_in_flight = 4;
  std::atomic<int> in_flight{0};
  std::atomic<int> peak{0};
  h.fleet = [&](const http::HttpRequest&) -> Result<http::HttpResponse> {
    const int now = ++in_flight;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --in_flight;
    return json_response(200, R"({"response":{}})");
  };
  FleetClient client = h.client();
  std::vector<FleetRequest> requests;
  for (Endpoint e : {Endpoint::vehicle, Endpoint::service_data, Endpoint::recent_alerts,
                     Endpoint::release_notes, Endpoint::options, Endpoint::warranty}) {
    for (int i = 0; i < 4; ++i) requests.push_back(FleetRequest::for_vin(e, kVin));
  }
  auto results = client.call_all(requests);
  ASSERT_EQ(results.size(), 24u);
  for (const auto& result : results) EXPECT_TRUE(result.has_value());
  EXPECT_LE(peak.load(), 4);
  EXPECT_GE(peak.load(), 2);
  EXPECT_EQ(h.ledger->billed_calls(), 24);
}

TEST(FleetClientParallel, ResultsKeepRequestOrder) {
  Harness h;
  h.fleet = [](const http::HttpRequest& request) -> Result<http::HttpResponse> {
    return json_response(200, request.url);
  };
  FleetClient client = h.client();
  std::vector<FleetRequest> requests = {FleetRequest::for_vin(Endpoint::options, kVin),
                                        FleetRequest::for_vin(Endpoint::vehicle, kVin),
                                        FleetRequest::for_vin(Endpoint::warranty, kVin)};
  auto results = client.call_all(requests);
  EXPECT_NE(results[0]->body.find("/dx/vehicles/options?vin="), std::string::npos);
  EXPECT_TRUE(results[1]->body.ends_with("/api/1/vehicles/5YJ3E1EA7KF000001"));
  EXPECT_NE(results[2]->body.find("/dx/warranty/details?vin="), std::string::npos);
}

TEST(FleetClientBodies, FleetStatusAndPartnerBodiesAreJson) {
  Harness h;
  FleetClient client = h.client();
  const std::vector<std::string> vins = {std::string(kVin)};
  ASSERT_TRUE(client.fleet_status(vins).has_value());
  EXPECT_EQ(h.request(0).method, "POST");
  EXPECT_EQ(h.request(0).body, R"({"vins":["5YJ3E1EA7KF000001"]})");
  ASSERT_TRUE(client.partner_register("cpt.example.com").has_value());
  EXPECT_EQ(h.request(1).body, R"({"domain":"cpt.example.com"})");
  EXPECT_TRUE(h.request(1).url.ends_with("/api/1/partner_accounts"));
  EXPECT_EQ(http::find_header(h.request(1).headers, "authorization").value_or(""),
            "Bearer partner-1");
  ASSERT_TRUE(client.partner_public_key("cpt.example.com").has_value());
  EXPECT_TRUE(
      h.request(2).url.ends_with("/api/1/partner_accounts/public_key?domain=cpt.example.com"));
  const std::vector<std::string> bad = {"x\"]}"};
  EXPECT_EQ(client.fleet_status(bad).error().kind, ErrorKind::invalid_argument);
}

}  // namespace
}  // namespace cpt::tesla
