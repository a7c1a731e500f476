// World generation: deterministic, valid VINs, a mix of regions, markets, states and currencies.
#include <gtest/gtest.h>

#include <set>

#include "cpt/core/vin.h"
#include "cpt/sim/world.h"

namespace cpt::sim {
namespace {

TEST(WorldTest, SameSeedGivesTheSameWorld) {
  World a = generate_world(7, 4, 3);
  World b = generate_world(7, 4, 3);
  ASSERT_EQ(a.vehicles.size(), b.vehicles.size());
  for (std::size_t i = 0; i < a.vehicles.size(); ++i) {
    EXPECT_EQ(a.vehicles[i].vin, b.vehicles[i].vin);
    EXPECT_EQ(a.vehicles[i].id, b.vehicles[i].id);
  }
  ASSERT_EQ(a.sessions.size(), b.sessions.size());
  EXPECT_EQ(a.sessions.front().id, b.sessions.front().id);
  EXPECT_EQ(a.users[1].email, b.users[1].email);
}

TEST(WorldTest, DifferentSeedsGiveDifferentCars) {
  EXPECT_NE(generate_world(1, 3, 3).vehicles[0].vin, generate_world(2, 3, 3).vehicles[0].vin);
}

TEST(WorldTest, UsersRotateThroughRegionsAndTheFirstHasEveryCar) {
  World w = generate_world(42, 5, 4);
  ASSERT_EQ(w.users.size(), 5u);
  EXPECT_EQ(w.users[0].region, Region::na);
  EXPECT_EQ(w.users[1].region, Region::eu);
  EXPECT_EQ(w.users[2].region, Region::cn);
  EXPECT_EQ(w.users[3].region, Region::na);
  EXPECT_EQ(w.users[0].vehicles.size(), 4u);
  for (const auto& u : w.users) {
    EXPECT_GE(u.vehicles.size(), 1u);
    EXPECT_LE(u.vehicles.size(), 4u);
  }
  EXPECT_EQ(w.users[0].email, "user1@sim.test");
  EXPECT_TRUE(w.users[2].business);
  EXPECT_FALSE(w.users[0].business);
}

TEST(WorldTest, EachAccountsFirstCarIsOnlineAndSecondAsleep) {
  World w = generate_world(42, 3, 3);
  EXPECT_EQ(w.vehicles[w.users[0].vehicles[0]].initial_state, "online");
  EXPECT_EQ(w.vehicles[w.users[0].vehicles[1]].initial_state, "asleep");
  EXPECT_TRUE(w.vehicles[w.users[0].vehicles[0]].drive_state_by_default);
}

TEST(WorldTest, VinsAreValidTeslaVinsMatchingModelYearAndModel) {
  World w = generate_world(99, 6, 3);
  std::set<std::string> vins;
  std::set<std::string> wmis;
  for (const auto& v : w.vehicles) {
    auto vin = Vin::parse(v.vin);
    ASSERT_TRUE(vin.has_value()) << v.vin << ": " << vin.error().describe();
    EXPECT_EQ(vin_check_digit(v.vin), v.vin[8]) << v.vin;
    ASSERT_TRUE(vin->manufacturer().has_value()) << v.vin;
    EXPECT_EQ(vin->model_year(2026), v.model_year) << v.vin;
    const auto model = vin->tesla_model();
    ASSERT_TRUE(model.has_value()) << v.vin;
    const std::string expected = v.car_type == "model3"   ? "Model 3"
                                 : v.car_type == "modelY" ? "Model Y"
                                 : v.car_type == "models" ? "Model S"
                                                          : "Model X";
    EXPECT_EQ(*model, expected) << v.vin;
    EXPECT_TRUE(vin->tesla_plant().has_value()) << v.vin;
    vins.insert(v.vin);
    wmis.insert(v.vin.substr(0, 3));
  }
  EXPECT_EQ(vins.size(), w.vehicles.size());
  EXPECT_GE(wmis.size(), 2u);
}

TEST(WorldTest, MarketsUnitsAndCurrenciesFollowTheOwnersCountry) {
  World w = generate_world(42, 3, 3);
  const auto& na = w.vehicles[w.users[0].vehicles[0]];
  const auto& eu = w.vehicles[w.users[1].vehicles[0]];
  const auto& cn = w.vehicles[w.users[2].vehicles[0]];
  EXPECT_NE(eu.market, "US");
  EXPECT_TRUE(eu.metric || eu.country == "GB");
  EXPECT_EQ(cn.currency, "CNY");
  EXPECT_TRUE(na.currency == "USD" || na.currency == "CAD" || na.currency == "AUD");
}

TEST(WorldTest, ChargingSessionsBelongToTheirAccountsCarsAndMixFeesAndCurrencies) {
  World w = generate_world(42, 6, 3);
  std::set<std::string> currencies;
  std::set<std::string> fee_types;
  std::set<std::string> invoices;
  for (const auto& s : w.sessions) {
    const Vehicle* v = w.find_vehicle(s.vin);
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->owner, s.user);
    currencies.insert(s.currency);
    for (const auto& f : s.fees) fee_types.insert(f.type);
    if (s.invoice_id) {
      EXPECT_TRUE(invoices.insert(*s.invoice_id).second) << "duplicate contentId";
      EXPECT_EQ(w.find_invoice(*s.invoice_id), &s);
    }
  }
  EXPECT_GE(currencies.size(), 3u);
  EXPECT_TRUE(fee_types.contains("CHARGING"));
  EXPECT_TRUE(fee_types.contains("PARKING"));
  EXPECT_FALSE(invoices.empty());
  for (std::size_t i = 1; i < w.sessions.size(); ++i) {
    EXPECT_LE(w.sessions[i - 1].start_epoch_s, w.sessions[i].start_epoch_s);
  }
}

TEST(WorldTest, WarrantiesCoverEveryBucketAcrossTheFleet) {
  World w = generate_world(42, 9, 3);
  std::set<std::string> buckets;
  for (const auto& v : w.vehicles) {
    for (const auto& x : v.warranties) buckets.insert(x.bucket);
    EXPECT_GE(v.warranties.size(), 3u);
  }
  EXPECT_TRUE(buckets.contains("active"));
  EXPECT_TRUE(buckets.contains("expired"));
  EXPECT_TRUE(buckets.contains("upcoming"));
}

TEST(WorldTest, FindsVehiclesByVinOrIdAndUsersByEmailOrId) {
  World w = generate_world(42, 3, 3);
  const auto& v = w.vehicles[2];
  EXPECT_EQ(w.find_vehicle(v.vin), &v);
  EXPECT_EQ(w.find_vehicle(std::to_string(v.id)), &v);
  EXPECT_EQ(w.find_vehicle("5YJ3E1EA0KF000000"), nullptr);
  EXPECT_EQ(w.find_user("USER2@SIM.TEST"), &w.users[1]);
  EXPECT_EQ(w.find_user(w.users[2].id), &w.users[2]);
}

}  // namespace
}  // namespace cpt::sim
