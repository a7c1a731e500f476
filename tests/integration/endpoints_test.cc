// Every endpoint against the simulator over HTTP, raw and typed, with the simulator's ledger
// showing that nothing billed was fetched twice.
#include <gtest/gtest.h>

#include "cpt/tesla/auth/jwt.h"
#include "cpt/tesla/fleet_client_typed.h"
#include "cpt/tesla/partner.h"
#include "integration/sim_session.h"

namespace cpt::integration {
namespace {

using tesla::Endpoint;

TEST(SimOAuth, AuthorizeRedirectCodeExchangeYieldsAScopedToken) {
  auto s = SimSession::start();
  ASSERT_TRUE(s);
  auto tokens = s->sign_in();
  ASSERT_TRUE(tokens.has_value()) << tokens.error().describe();
  EXPECT_FALSE(tokens->refresh_token.empty());
  auto claims = tesla::auth::decode_jwt_claims(tokens->access_token);
  ASSERT_TRUE(claims.has_value());
  EXPECT_TRUE(claims->has_scope("vehicle_device_data"));
  EXPECT_TRUE(claims->has_scope("user_data"));
  EXPECT_EQ(tesla::auth::region_from_claims(*claims), s->region);
  // Token calls are free: the simulator billed nothing.
  EXPECT_EQ(s->sim->ledger().total_billed(), 0);
}

TEST(SimEndpoints, EveryAccountEndpointAnswersAndParses) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  tesla::TypedFleetClient typed(s->client());
  auto region = typed.users_region();
  ASSERT_TRUE(region.has_value()) << region.error().describe();
  EXPECT_EQ(region->value.region.value_or(""), std::string(tesla::to_string(s->region)));
  auto me = typed.users_me();
  ASSERT_TRUE(me.has_value()) << me.error().describe();
  EXPECT_EQ(me->value.email.value_or(""), s->user->email);
  ASSERT_TRUE(typed.users_orders().has_value());
  ASSERT_TRUE(typed.users_feature_config().has_value());
  auto vehicles = typed.vehicles();
  ASSERT_TRUE(vehicles.has_value()) << vehicles.error().describe();
  EXPECT_EQ(vehicles->value.vehicles.size(), s->user->vehicles.size());
  auto history = typed.charging_history();
  ASSERT_TRUE(history.has_value()) << history.error().describe();
  std::size_t expected_sessions = 0;
  const auto user_index = static_cast<std::size_t>(s->user - s->sim->world().users.data());
  for (const auto& session : s->sim->world().sessions)
    expected_sessions += session.user == user_index;
  EXPECT_EQ(history->value.sessions.size(), expected_sessions);
  auto sessions = s->client().charging_sessions();
  if (!sessions) {
    EXPECT_EQ(sessions.error().kind, ErrorKind::missing_scope);  // not a business account
  }
  const auto billed = s->billed_successes();
  for (const auto& [call, count] : billed) {
    if (call.starts_with("GET /api/1/dx/charging/history")) continue;  // one entry per page
    EXPECT_EQ(count, 1) << call;
  }
}

TEST(SimEndpoints, InvoiceIsAPdf) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  tesla::TypedFleetClient typed(s->client());
  auto history = typed.charging_history();
  ASSERT_TRUE(history.has_value());
  std::string content_id;
  for (const auto& session : history->value.sessions) {
    for (const auto& invoice : session.invoices) {
      if (invoice.content_id) content_id = *invoice.content_id;
    }
  }
  if (content_id.empty()) GTEST_SKIP() << "no invoice in this world";
  auto pdf = typed.raw().charging_invoice(content_id);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().describe();
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
}

TEST(SimEndpoints, EveryVehicleModuleAnswersInParallelWithoutDuplicates) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  for (const auto* v : s->vehicles()) s->sim->set_vehicle_state(v->vin, "online");
  tesla::FleetClient client = s->client();
  auto endpoints = client.vehicle_data_endpoints({});
  ASSERT_TRUE(endpoints.has_value());
  std::vector<tesla::FleetRequest> requests;
  for (const auto* v : s->vehicles()) {
    for (Endpoint e : {Endpoint::vehicle, Endpoint::vehicle_data, Endpoint::service_data,
                       Endpoint::recent_alerts, Endpoint::release_notes, Endpoint::options,
                       Endpoint::warranty, Endpoint::fleet_status, Endpoint::specs}) {
      auto request = tesla::FleetRequest::for_vin(e, v->vin);
      if (e == Endpoint::vehicle_data) request.params.query.emplace_back("endpoints", *endpoints);
      requests.push_back(request);
    }
  }
  auto results = client.call_all(requests);
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].has_value())
        << tesla::info(requests[i].endpoint).name << ": " << results[i].error().describe();
    EXPECT_EQ(results[i]->http_status, 200);
  }
  for (const auto& [call, count] : s->billed_successes()) {
    if (call == "POST /api/1/vehicles/fleet_status" || call == "GET /api/1/dx/vehicles/options" ||
        call == "GET /api/1/dx/warranty/details") {
      // The VIN is in the body or query, which the ledger does not show: one per vehicle.
      EXPECT_EQ(count, static_cast<int>(s->vehicles().size())) << call;
    } else {
      EXPECT_EQ(count, 1) << call;
    }
  }
  // Specs were billed at $0.10 each; the ledgers agree on the totals.
  EXPECT_EQ(s->sim->ledger().billed(sim::Category::specs),
            static_cast<std::int64_t>(s->vehicles().size()));
  EXPECT_EQ(s->sim->ledger().total_cost_micros(), s->ledger->billed_micros());
}

TEST(SimEndpoints, TypedModulesParseTheSimulatorsBodies) {
  auto s = SimSession::start();
  ASSERT_TRUE(s && s->sign_in());
  const auto& v = s->online_vehicle();
  tesla::TypedFleetClient typed(s->client());
  auto data = typed.vehicle_data(v.vin);
  ASSERT_TRUE(data.has_value()) << data.error().describe();
  ASSERT_TRUE(typed.vehicle(v.vin).has_value());
  ASSERT_TRUE(typed.service_data(v.vin).has_value());
  auto alerts = typed.recent_alerts(v.vin);
  ASSERT_TRUE(alerts.has_value());
  EXPECT_EQ(alerts->value.alerts.size(), v.alerts.size());
  ASSERT_TRUE(typed.release_notes(v.vin).has_value());
  auto options = typed.options(v.vin);
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->value.codes.size(), v.options.size());
  ASSERT_TRUE(typed.warranty(v.vin).has_value());
  auto specs = typed.specs(v.vin);
  ASSERT_TRUE(specs.has_value()) << specs.error().describe();
  EXPECT_EQ(specs->value.vin.value_or(""), v.vin);
  const std::vector<std::string> vins = {v.vin};
  auto status = typed.fleet_status(vins);
  ASSERT_TRUE(status.has_value());
}

TEST(SimPartner, RegisterThenCheckTheKeyInEveryRegion) {
  auto pair = tesla::generate_key_pair();
  ASSERT_TRUE(pair.has_value());
  sim::SimOptions options;
  options.partner_public_key = pair->public_pem;
  auto s = SimSession::start(options);
  ASSERT_TRUE(s);
  for (auto region : {tesla::Region::na, tesla::Region::eu, tesla::Region::cn}) {
    auto client = s->client(region);
    auto registered = tesla::register_partner(client, region, s->sim->options().allowed_origin);
    EXPECT_TRUE(registered.ok) << registered.detail;
    auto checked = tesla::check_partner_key(client, region, s->sim->options().allowed_origin,
                                            pair->public_pem);
    EXPECT_TRUE(checked.ok) << checked.detail;
    auto other = tesla::generate_key_pair();
    auto mismatch = tesla::check_partner_key(client, region, s->sim->options().allowed_origin,
                                             other->public_pem);
    EXPECT_FALSE(mismatch.ok);
  }
  EXPECT_EQ(s->partner_tokens->fetch_count(), 3);  // one partner token per region audience
  EXPECT_EQ(s->sim->ledger().total_billed(), 0);   // partner endpoints are free
}

}  // namespace
}  // namespace cpt::integration
