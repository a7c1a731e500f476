// Fleet API hosts: tokens, registration, regions, scopes, vehicles and vehicle_data, sleep/wake.
#include <fstream>
#include <regex>
#include <set>

#include "sim_fixture.h"

namespace cpt::sim::testing {
namespace {

using namespace std::chrono;

class FleetTest : public SimFixture {
 protected:
  void SetUp() override {
    SimOptions o;
    o.regions_registered = true;
    o.wake_delay = seconds(20);
    start(o);
    na_ = login(user(0).id).access;
  }
  std::string na_url() const { return sim().urls().fleet_na; }
  json body_of(const httplib::Result& r) const { return json::parse(r->body, nullptr, false); }
  std::string na_;  // a token of user 0 (NA) with the app's default scopes
};

TEST_F(FleetTest, MissingUnknownAndExpiredTokensAre401) {
  auto missing = get(na_url(), "/api/1/vehicles");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  auto unknown = get(na_url(), "/api/1/vehicles", "eyJhbGciOiJIUzI1NiJ9.e30.bad");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(body_of(unknown)["error"], "invalid bearer token");
  clock().advance(hours(8));
  auto expired = get(na_url(), "/api/1/vehicles", na_);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 401);
  EXPECT_TRUE(expired->body.empty());
}

TEST_F(FleetTest, RevokedTokenIs401) {
  sim().revoke_tokens();
  auto r = get(na_url(), "/api/1/vehicles", na_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(body_of(r)["error"], "token revoked");
}

TEST_F(FleetTest, UnregisteredRegionAnswers412WithTeslasMessage) {
  sim().set_region_registered(Region::na, false);
  auto r = get(na_url(), "/api/1/vehicles", na_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 412);
  EXPECT_EQ(body_of(r)["error"],
            "Account cpt-sim-client must be registered in the current region " + na_url() +
                "/, please see https://developer.tesla.com/docs/"
                "fleet-api/endpoints/partner-endpoints#register");
}

TEST_F(FleetTest, WrongRegionAnswers421NamingTheRightBaseUrl) {
  auto r = get(sim().urls().fleet_eu, "/api/1/vehicles", na_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 421);
  auto body = body_of(r);
  EXPECT_TRUE(body["response"].is_null());
  EXPECT_EQ(body["error"],
            "user out of region, use base URL: " + na_url() +
                ", see https://developer.tesla.com/docs/fleet-api#regional-requirements");
}

TEST_F(FleetTest, UsersRegionAnswersOnEveryHost) {
  auto t = login(user(1).id, "openid user_data").access;
  for (const auto& url : {sim().urls().fleet_na, sim().urls().fleet_eu, sim().urls().fleet_cn}) {
    auto r = get(url, "/api/1/users/region", t);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << url;
    EXPECT_EQ(body_of(r)["response"]["region"], "eu");
    EXPECT_EQ(body_of(r)["response"]["fleet_api_base_url"], sim().urls().fleet_eu);
  }
}

TEST_F(FleetTest, MissingScopeIs403WithTeslasBody) {
  auto me = get(na_url(), "/api/1/users/me", na_);  // the app's scopes lack user_data
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 403);
  EXPECT_EQ(body_of(me)["error"], "Unauthorized missing scopes");
  auto narrow = login(user(0).id, "openid vehicle_device_data").access;
  auto history = get(na_url(), "/api/1/dx/charging/history", narrow);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 403);
}

TEST_F(FleetTest, VehiclesListIsPaginated) {
  auto all = get(na_url(), "/api/1/vehicles", na_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200);
  auto body = body_of(all);
  ASSERT_EQ(body["response"].size(), 3u);
  EXPECT_EQ(body["count"], 3);
  EXPECT_EQ(body["pagination"]["pages"], 1);
  EXPECT_TRUE(body["pagination"]["next"].is_null());
  const auto& first = body["response"][0];
  EXPECT_EQ(first["vin"], vehicle_of(user(0)).vin);
  EXPECT_EQ(first["id"].get<std::int64_t>(), vehicle_of(user(0)).id);
  EXPECT_EQ(first["state"], "online");
  EXPECT_EQ(body["response"][1]["state"], "asleep");
  EXPECT_EQ(first["access_type"], "OWNER");
  EXPECT_EQ(first["granular_access"]["hide_private"], false);

  auto page2 = body_of(get(na_url(), "/api/1/vehicles?page=2&per_page=2", na_));
  ASSERT_EQ(page2["response"].size(), 1u);
  EXPECT_EQ(page2["response"][0]["vin"], vehicle_of(user(0), 2).vin);
  EXPECT_EQ(page2["pagination"]["previous"], 1);
  EXPECT_EQ(page2["pagination"]["current"], 2);
  EXPECT_EQ(page2["pagination"]["per_page"], 2);
  EXPECT_EQ(page2["pagination"]["pages"], 2);
  EXPECT_EQ(get(na_url(), "/api/1/vehicles?page=0", na_)->status, 400);
}

TEST_F(FleetTest, VehicleRootByVinOrIdAndOthersCarsAre404) {
  const auto& v = vehicle_of(user(0));
  auto by_vin = body_of(get(na_url(), "/api/1/vehicles/" + v.vin, na_));
  auto by_id = body_of(get(na_url(), "/api/1/vehicles/" + std::to_string(v.id), na_));
  EXPECT_EQ(by_vin["response"]["vin"], v.vin);
  EXPECT_EQ(by_id["response"]["vin"], v.vin);
  EXPECT_EQ(by_vin["response"]["id_s"], std::to_string(v.id));
  auto other = get(na_url(), "/api/1/vehicles/" + vehicle_of(user(1)).vin, na_);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
}

TEST_F(FleetTest, VehicleDataDefaultHasEveryDocumentedBlock) {
  const auto& v = vehicle_of(user(0));
  auto r = get(na_url(), "/api/1/vehicles/" + v.vin + "/vehicle_data", na_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto data = body_of(r)["response"];
  for (const char* block : {"charge_state", "climate_state", "drive_state", "gui_settings",
                            "vehicle_config", "vehicle_state"}) {
    EXPECT_TRUE(data.contains(block)) << block;
  }
  EXPECT_EQ(data["charge_state"]["battery_level"], v.battery_level);
  EXPECT_EQ(data["vehicle_state"]["odometer"], v.odometer_mi);
  EXPECT_EQ(data["vehicle_state"]["car_version"], v.car_version);
  EXPECT_EQ(data["vehicle_config"]["car_type"], v.car_type);
  EXPECT_TRUE(data["vehicle_state"]["software_update"].contains("expected_duration_sec"));
  EXPECT_TRUE(data["vehicle_state"].contains("tpms_pressure_fl"));
  EXPECT_EQ(data["gui_settings"]["gui_distance_units"], v.metric ? "km/hr" : "mi/hr");
  EXPECT_FALSE(data["drive_state"].contains("latitude")) << "location needs location_data";
}

// Every field name the seed's vehicle_data tables document ("name" or "block.name").
std::vector<std::string> seed_vehicle_data_fields() {
  std::ifstream in(std::string(CPT_TEST_DATA_DIR) + "/seed/vehicle_data_fields.txt");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::string> fields;
  bool inside = false;
  const std::regex field(R"(([a-z0-9_]+(\.[a-z0-9_]+)?)( \|)?)");
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] == "GET /api/1/vehicles/{vin}/vehicle_data") inside = true;
    if (lines[i] == "GET /api/1/vehicles/{vin}/service_data") break;
    std::smatch m;
    if (inside && std::regex_match(lines[i], m, field) &&
        (m[3].matched || lines[i + 1].find('|') != std::string::npos)) {
      fields.push_back(m[1]);
    }
  }
  return fields;
}

void collect_keys(const json& node, const std::string& parent, std::set<std::string>& out) {
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    out.insert(key);
    if (!parent.empty()) out.insert(parent + "." + key);
    collect_keys(value, key, out);
  }
}

TEST_F(FleetTest, VehicleDataCarriesEveryFieldTheSeedDocuments) {
  const auto fields = seed_vehicle_data_fields();
  ASSERT_GT(fields.size(), 200u) << "the seed's vehicle_data tables were not found";
  auto with_location = login(user(0).id, "openid vehicle_device_data vehicle_location").access;
  auto r = get(na_url(),
               "/api/1/vehicles/" + vehicle_of(user(0)).vin +
                   "/vehicle_data?endpoints=vehicle_data_combo%3Blocation_data",
               with_location);
  ASSERT_TRUE(r);
  std::set<std::string> keys;
  collect_keys(body_of(r)["response"], "", keys);
  for (const auto& f : fields) EXPECT_TRUE(keys.contains(f)) << f;
}

TEST_F(FleetTest, VehicleDataHonoursAnEncodedEndpointsList) {
  const auto& v = vehicle_of(user(0));
  auto r =
      get(na_url(),
          "/api/1/vehicles/" + v.vin + "/vehicle_data?endpoints=charge_state%3Bgui_settings", na_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto data = body_of(r)["response"];
  EXPECT_TRUE(data.contains("charge_state"));
  EXPECT_TRUE(data.contains("gui_settings"));
  EXPECT_FALSE(data.contains("climate_state"));
  EXPECT_FALSE(data.contains("drive_state"));
  EXPECT_EQ(data["vin"], v.vin);
  auto bad = get(na_url(), "/api/1/vehicles/" + v.vin + "/vehicle_data?endpoints=warp_drive", na_);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body_of(bad)["error"], "invalid_command");
}

TEST_F(FleetTest, LocationNeedsTheVehicleLocationScope) {
  const auto& v = vehicle_of(user(0));
  const std::string path =
      "/api/1/vehicles/" + v.vin + "/vehicle_data?endpoints=location_data%3Bdrive_state";
  auto without = body_of(get(na_url(), path, na_))["response"];
  EXPECT_TRUE(without.contains("drive_state"));
  EXPECT_FALSE(without["drive_state"].contains("latitude"));
  auto with_scope = login(user(0).id, "openid vehicle_device_data vehicle_location").access;
  auto located = body_of(get(na_url(), path, with_scope))["response"];
  EXPECT_DOUBLE_EQ(located["drive_state"]["latitude"].get<double>(), v.latitude);
  EXPECT_DOUBLE_EQ(located["drive_state"]["longitude"].get<double>(), v.longitude);
}

TEST_F(FleetTest, AsleepCarAnswers408UntilWokenAndOnlineAfterTheWakeDelay) {
  const auto& v = vehicle_of(user(0), 1);
  const std::string data_path = "/api/1/vehicles/" + v.vin + "/vehicle_data";
  auto asleep = get(na_url(), data_path, na_);
  ASSERT_TRUE(asleep);
  EXPECT_EQ(asleep->status, 408);
  EXPECT_EQ(body_of(asleep)["error"], "vehicle unavailable: vehicle is offline or asleep");

  auto wake = post_json(na_url(), "/api/1/vehicles/" + v.vin + "/wake_up", json::object(), na_);
  ASSERT_TRUE(wake);
  EXPECT_EQ(wake->status, 200);
  EXPECT_EQ(body_of(wake)["response"]["state"], "asleep");
  EXPECT_EQ(get(na_url(), data_path, na_)->status, 408);
  clock().advance(seconds(20));
  EXPECT_EQ(sim().vehicle_state(v.vin), "online");
  EXPECT_EQ(get(na_url(), data_path, na_)->status, 200);
  EXPECT_EQ(sim().ledger().billed(Category::wake), 1);
}

TEST_F(FleetTest, OfflineCarDoesNotWake) {
  const auto& v = vehicle_of(user(0));
  sim().set_vehicle_state(v.vin, "offline");
  post_json(na_url(), "/api/1/vehicles/" + v.vin + "/wake_up", json::object(), na_);
  clock().advance(minutes(5));
  EXPECT_EQ(sim().vehicle_state(v.vin), "offline");
  EXPECT_EQ(get(na_url(), "/api/1/vehicles/" + v.vin + "/vehicle_data", na_)->status, 408);
}

TEST_F(FleetTest, ListingVehiclesNeverWakesACar) {
  const auto& v = vehicle_of(user(0), 1);
  get(na_url(), "/api/1/vehicles", na_);
  get(na_url(), "/api/1/vehicles/" + v.vin, na_);
  clock().advance(minutes(5));
  EXPECT_EQ(sim().vehicle_state(v.vin), "asleep");
}

TEST_F(FleetTest, FleetStatusReportsKeysFirmwareAndDiscountForOneVin) {
  const auto& v = vehicle_of(user(0));
  auto one = body_of(post_json(na_url(), "/api/1/vehicles/fleet_status", {{"vins", {v.vin}}}, na_));
  const auto& info = one["response"]["vehicle_info"][v.vin];
  EXPECT_EQ(info["firmware_version"], v.car_version.substr(0, v.car_version.find(' ')));
  EXPECT_TRUE(info.contains("discounted_device_data"));
  EXPECT_EQ(info["vehicle_command_protocol_required"], v.command_protocol_required);
  const auto& list =
      v.key_paired ? one["response"]["key_paired_vins"] : one["response"]["unpaired_vins"];
  EXPECT_EQ(list, json::array({v.vin}));
  json vins = json::array();
  for (auto i : user(0).vehicles) vins.push_back(sim().world().vehicles[i].vin);
  auto many = body_of(post_json(na_url(), "/api/1/vehicles/fleet_status", {{"vins", vins}}, na_));
  EXPECT_EQ(many["response"]["vehicle_info"].size(), vins.size());
  EXPECT_FALSE(many["response"]["vehicle_info"][v.vin].contains("discounted_device_data"));
}

TEST_F(FleetTest, CommandsNeedVehicleCmdsAndAnAwakeCar) {
  const auto& v = vehicle_of(user(0));
  const std::string path = "/api/1/vehicles/" + v.vin + "/command/honk_horn";
  EXPECT_EQ(post_json(na_url(), path, json::object(), na_)->status, 403);
  auto cmds = login(user(0).id, "openid vehicle_cmds").access;
  auto r = post_json(na_url(), path, json::object(), cmds);
  ASSERT_TRUE(r);
  if (v.command_protocol_required) {
    EXPECT_EQ(r->status, 403);
    EXPECT_TRUE(body_of(r)["error"].get<std::string>().starts_with(
        "Tesla Vehicle Command Protocol required"));
  } else {
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(body_of(r)["response"]["result"], true);
  }
  EXPECT_EQ(sim().ledger().requests(Category::command), 2);
}

TEST_F(FleetTest, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(get(na_url(), "/api/1/nothing_here", na_)->status, 404);
  auto wrong = post_json(na_url(), "/api/1/vehicles", json::object(), na_);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(body_of(wrong)["error"], "invalid_method");
}

TEST_F(FleetTest, UserEndpointsHaveTheDocumentedShapes) {
  auto t = login(user(0).id, "openid user_data vehicle_device_data").access;
  auto me = body_of(get(na_url(), "/api/1/users/me", t))["response"];
  EXPECT_EQ(me["email"], user(0).email);
  EXPECT_EQ(me["full_name"], user(0).full_name);
  EXPECT_EQ(me["vault_uuid"], user(0).vault_uuid);
  auto orders = body_of(get(na_url(), "/api/1/users/orders", t));
  EXPECT_EQ(orders["count"], 3);
  EXPECT_EQ(orders["response"][0]["vin"], vehicle_of(user(0)).vin);
  EXPECT_TRUE(orders["response"][0].contains("mktOptions"));
  auto config = body_of(get(na_url(), "/api/1/users/feature_config", t))["response"];
  EXPECT_EQ(config["signaling"]["enabled"], true);
  auto products = body_of(get(na_url(), "/api/1/products", t));
  EXPECT_EQ(products["count"], 3);
}

}  // namespace
}  // namespace cpt::sim::testing
