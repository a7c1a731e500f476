// Per-vehicle modules, charging history and invoices, business sessions, partner registration.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "sim_fixture.h"

namespace cpt::sim::testing {
namespace {

using namespace std::chrono;

class ModulesTest : public SimFixture {
 protected:
  void SetUp() override {
    SimOptions o;
    o.regions_registered = true;
    start(o);
    token_ = login(user(0).id).access;
  }
  json fetch(const std::string& path, int expected_status = 200) {
    auto r = get(sim().urls().fleet_na, path, token_);
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, expected_status) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  std::string token_;
};

TEST_F(ModulesTest, ServiceDataIsEmptyOrAVisit) {
  for (auto i : user(0).vehicles) {
    const auto& v = sim().world().vehicles[i];
    auto body = fetch("/api/1/vehicles/" + v.vin + "/service_data");
    ASSERT_TRUE(body["response"].is_object());
    if (v.service_populated) {
      EXPECT_EQ(body["response"]["service_status"], "car_in_repair");
      EXPECT_EQ(body["response"]["status_id"], 8);
    } else {
      EXPECT_TRUE(body["response"].empty());
    }
  }
}

TEST_F(ModulesTest, RecentAlertsListEveryAlertWithItsAudience) {
  const auto& v = vehicle_of(user(0));
  auto alerts = fetch("/api/1/vehicles/" + v.vin + "/recent_alerts")["response"]["recent_alerts"];
  ASSERT_EQ(alerts.size(), v.alerts.size());
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    EXPECT_EQ(alerts[i]["name"], v.alerts[i].name);
    EXPECT_EQ(alerts[i]["user_text"], v.alerts[i].user_text);
    EXPECT_TRUE(alerts[i]["audience"].is_array());
  }
}

TEST_F(ModulesTest, ReleaseNotesAreFlatOrNestedPerVehicle) {
  std::set<bool> shapes;
  for (const auto& v : sim().world().vehicles) {
    if (v.owner != 0) continue;
    auto body = fetch("/api/1/vehicles/" + v.vin + "/release_notes");
    const auto& inner = v.nested_release_notes ? body["response"]["response"] : body["response"];
    ASSERT_TRUE(inner["release_notes"].is_array()) << body.dump();
    EXPECT_EQ(inner["release_notes"].size(), 3u);
    EXPECT_EQ(inner["deployed_version"], v.car_version.substr(0, v.car_version.find(' ')));
    EXPECT_TRUE(inner["staged_version"].is_null());
    shapes.insert(v.nested_release_notes);
  }
  // Across a bigger world both shapes appear.
  bool nested = false, flat = false;
  for (const auto& v : generate_world(42, 6, 3).vehicles)
    (v.nested_release_notes ? nested : flat) = true;
  EXPECT_TRUE(nested && flat);
}

TEST_F(ModulesTest, WarrantyNeedsAVinAndGroupsByStatus) {
  auto missing = get(sim().urls().fleet_na, "/api/1/dx/warranty/details", token_);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 500);
  const auto& v = vehicle_of(user(0));
  auto body = fetch("/api/1/dx/warranty/details?vin=" + v.vin)["response"];
  std::size_t total = 0;
  for (const char* key : {"activeWarranty", "upcomingWarranty", "expiredWarranty"}) {
    ASSERT_TRUE(body[key].is_array()) << key;
    total += body[key].size();
  }
  EXPECT_EQ(total, v.warranties.size());
  auto basic = v.warranties.front();
  const auto& bucket = body[basic.bucket + "Warranty"];
  ASSERT_FALSE(bucket.empty());
  EXPECT_EQ(bucket[0]["warrantyType"], "NEW_MFG_WARRANTY");
  EXPECT_EQ(bucket[0]["odometerUnit"], v.metric ? "KM" : "MI");
}

TEST_F(ModulesTest, OptionsListCodesWithPaintColor) {
  const auto& v = vehicle_of(user(0));
  auto codes = fetch("/api/1/dx/vehicles/options?vin=" + v.vin)["response"]["codes"];
  ASSERT_EQ(codes.size(), v.options.size());
  bool paint = false;
  for (const auto& c : codes) {
    EXPECT_TRUE(c["code"].get<std::string>().starts_with("$"));
    EXPECT_EQ(c["isActive"], true);
    if (c.contains("colorCode")) paint = true;
  }
  EXPECT_TRUE(paint);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/dx/vehicles/options", token_)->status, 400);
}

TEST_F(ModulesTest, SpecsNeedAPartnerTokenAndAreBilledOnlyWhenAnswered) {
  const auto& v = vehicle_of(user(0));
  const std::string path = "/api/1/vehicles/" + v.vin + "/specs";
  fetch(path, 403);
  auto partner = partner_token(Region::na, "openid vehicle_specs").access;
  auto r = get(sim().urls().fleet_na, path, partner);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto specs = json::parse(r->body)["response"];
  EXPECT_EQ(specs["vin"], v.vin);
  EXPECT_EQ(specs["modelYear"], v.model_year);
  EXPECT_EQ(specs["make"], "Tesla");
  EXPECT_TRUE(specs["batterySoH"].get<std::string>().ends_with("%"));
  auto no_scope = partner_token(Region::na, "openid vehicle_device_data").access;
  EXPECT_EQ(get(sim().urls().fleet_na, path, no_scope)->status, 403);
  auto other_region = partner_token(Region::eu, "openid vehicle_specs").access;
  EXPECT_EQ(get(sim().urls().fleet_na, path, other_region)->status, 401);
  const auto ledger = sim().ledger();
  EXPECT_EQ(ledger.requests(Category::specs), 4);
  EXPECT_EQ(ledger.billed(Category::specs), 1);
}

TEST_F(ModulesTest, ChargingHistoryPagesFromOneAndStopsWithAShortPage) {
  std::set<std::int64_t> seen;
  std::size_t expected = 0;
  for (const auto& s : sim().world().sessions) expected += s.user == 0;
  ASSERT_GT(expected, 10u);
  for (int page = 1; page < 50; ++page) {
    auto data = fetch("/api/1/dx/charging/history?pageNo=" + std::to_string(page) +
                      "&pageSize=10")["response"]["data"];
    for (const auto& s : data) EXPECT_TRUE(seen.insert(s["sessionId"].get<std::int64_t>()).second);
    if (data.size() < 10) break;
  }
  EXPECT_EQ(seen.size(), expected);
  auto zero = get(sim().urls().fleet_na, "/api/1/dx/charging/history?pageNo=0", token_);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->status, 400);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/dx/charging/history?pageSize=101", token_)->status,
            400);
}

TEST_F(ModulesTest, ChargingHistoryFiltersByVinAndTimeAndSorts) {
  const auto& v = vehicle_of(user(0));
  auto by_vin = fetch("/api/1/dx/charging/history?pageSize=100&vin=" + v.vin)["response"]["data"];
  ASSERT_FALSE(by_vin.empty());
  for (const auto& s : by_vin) EXPECT_EQ(s["vin"], v.vin);
  auto asc =
      fetch("/api/1/dx/charging/history?pageSize=100&sortBy=chargeStartDateTime&sortOrder=ASC")
          ["response"]["data"];
  auto desc = fetch("/api/1/dx/charging/history?pageSize=100&sortOrder=desc")["response"]["data"];
  ASSERT_EQ(asc.size(), desc.size());
  EXPECT_EQ(asc.front()["sessionId"], desc.back()["sessionId"]);
  const std::string since = asc[asc.size() / 2]["chargeStartDateTime"];
  auto recent = fetch("/api/1/dx/charging/history?pageSize=100&startTime=" +
                      httplib::detail::encode_query_param(since))["response"]["data"];
  EXPECT_EQ(recent.size(), asc.size() - asc.size() / 2);
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/dx/charging/history?sortBy=bogus", token_)->status,
            400);
}

TEST_F(ModulesTest, SessionsCarryFeesAndInvoicesInTheDocumentedShape) {
  auto data = fetch("/api/1/dx/charging/history?pageSize=100")["response"]["data"];
  ASSERT_FALSE(data.empty());
  const auto& s = data[0];
  for (const char* key :
       {"sessionId", "vin", "siteLocationName", "chargeStartDateTime", "chargeStopDateTime",
        "unlatchDateTime", "countryCode", "billingType", "vehicleMakeType", "fees", "invoices"}) {
    EXPECT_TRUE(s.contains(key)) << key;
  }
  const auto& fee = s["fees"][0];
  EXPECT_EQ(fee["feeType"], "CHARGING");
  for (const char* key : {"sessionFeeId", "currencyCode", "pricingType", "rateBase", "usageBase",
                          "totalDue", "netDue", "uom", "isPaid", "status"}) {
    EXPECT_TRUE(fee.contains(key)) << key;
  }
}

TEST_F(ModulesTest, InvoiceIsARealPdfNamingSessionSiteAndAmount) {
  const ChargingSession* session = nullptr;
  for (const auto& s : sim().world().sessions) {
    if (s.user == 0 && s.invoice_id) session = &s;
  }
  ASSERT_NE(session, nullptr);
  auto r = get(sim().urls().fleet_na, "/api/1/dx/charging/invoice/" + *session->invoice_id, token_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/pdf");
  ASSERT_TRUE(r->body.starts_with("%PDF-1.4"));
  EXPECT_TRUE(r->body.ends_with("%%EOF\n"));
  const auto dir =
      std::filesystem::temp_directory_path() / ("cpt-sim-pdf-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto pdf = dir / "invoice.pdf";
  std::ofstream(pdf, std::ios::binary) << r->body;
  const std::string command = "pdftotext -q " + pdf.string() + " - 2>/dev/null";
  std::string text;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof(buf), pipe)) text.append(buf, n);
    EXPECT_EQ(pclose(pipe), 0) << "pdftotext rejected the file";
  }
  std::filesystem::remove_all(dir);
  EXPECT_NE(text.find("Session " + std::to_string(session->id)), std::string::npos) << text;
  EXPECT_NE(text.find("Total due:"), std::string::npos) << text;
  EXPECT_NE(text.find(session->currency), std::string::npos) << text;
  EXPECT_NE(text.find(session->vin), std::string::npos) << text;
}

TEST_F(ModulesTest, AnotherAccountsInvoiceIs404) {
  const ChargingSession* foreign = nullptr;
  for (const auto& s : sim().world().sessions) {
    if (s.user == 1 && s.invoice_id) foreign = &s;
  }
  ASSERT_NE(foreign, nullptr);
  fetch("/api/1/dx/charging/invoice/" + *foreign->invoice_id, 404);
}

TEST_F(ModulesTest, BusinessSessionsAre403ForAPersonalAccount) {
  auto body = fetch("/api/1/dx/charging/sessions", 403);
  EXPECT_EQ(body["error"], "Unauthorized missing scopes");
  const auto& business = user(2);
  ASSERT_TRUE(business.business);
  auto t = login(business.id).access;
  auto r = get(sim().urls().fleet_cn, "/api/1/dx/charging/sessions?limit=2", t);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto data = json::parse(r->body)["response"]["data"];
  ASSERT_EQ(data.size(), 2u);
  EXPECT_TRUE(data[0]["total_cost"].contains("incl_vat"));
  EXPECT_EQ(data[0]["tariffs"]["currency"], "CNY");
  EXPECT_TRUE(data[0]["charging_periods"].is_array());
}

class PartnerTest : public SimFixture {
 protected:
  void SetUp() override {
    SimOptions o;
    o.allowed_origin = "www.example-partner.test";
    start(o);
  }
};

constexpr const char* kPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqY+cdqwyI9OrgNipOaQzui9e3Asv\n"
    "YAcbQUP0+4LNrAAtUcnPjcOtfl0suzzlxJo+cXvrn3V2m9saB4cNQN3Z1w==\n"
    "-----END PUBLIC KEY-----\n";

TEST_F(PartnerTest, RegisterPerRegionThenFleetCallsWork) {
  auto user_token = login(user(0).id).access;
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/vehicles", user_token)->status, 412);
  auto partner = partner_token(Region::na).access;
  auto r = post_json(sim().urls().fleet_na, "/api/1/partner_accounts",
                     {{"domain", "api.example-partner.test"}, {"public_key", kPem}}, partner);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto account = json::parse(r->body)["response"];
  EXPECT_EQ(account["domain"], "api.example-partner.test");
  EXPECT_EQ(account["client_id"], sim().options().client_id);
  EXPECT_EQ(account["enterprise_tier"], "free");
  EXPECT_TRUE(account["ca"].is_null());
  EXPECT_EQ(account["public_key"], kPem);
  EXPECT_TRUE(sim().region_registered(Region::na));
  EXPECT_FALSE(sim().region_registered(Region::eu));
  EXPECT_EQ(get(sim().urls().fleet_na, "/api/1/vehicles", user_token)->status, 200);

  auto key = get(sim().urls().fleet_na,
                 "/api/1/partner_accounts/public_key?domain=api.example-partner.test", partner);
  ASSERT_TRUE(key);
  ASSERT_EQ(key->status, 200);
  EXPECT_EQ(json::parse(key->body)["response"]["public_key"],
            "04a98f9c76ac3223d3ab80d8a939a433ba2f5edc0b2f60071b4143f4fb82cdac002d51c9cf8dc3ad7e5d2"
            "cbb3ce5c49a3e717beb9f75769bdb1a07870d40ddd9d7");
  EXPECT_EQ(
      get(sim().urls().fleet_na, "/api/1/partner_accounts/public_key?domain=other.test", partner)
          ->status,
      404);
}

TEST_F(PartnerTest, RegistrationValidatesTokenDomainCaseAndRoot) {
  auto partner = partner_token(Region::eu).access;
  auto user_token = login(user(1).id).access;
  const auto& url = sim().urls().fleet_eu;
  EXPECT_EQ(post_json(url, "/api/1/partner_accounts", {{"domain", "api.example-partner.test"}},
                      user_token)
                ->status,
            403);
  auto upper =
      post_json(url, "/api/1/partner_accounts", {{"domain", "API.example-partner.test"}}, partner);
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->status, 422);
  EXPECT_TRUE(json::parse(upper->body)["messages"].contains("domain"));
  EXPECT_EQ(
      post_json(url, "/api/1/partner_accounts", {{"domain", "api.other.test"}}, partner)->status,
      422);
  EXPECT_EQ(post_json(url, "/api/1/partner_accounts", json::object(), partner)->status, 400);
  auto ok =
      post_json(url, "/api/1/partner_accounts", {{"domain", "123.example-partner.test"}}, partner);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_TRUE(json::parse(ok->body)["response"]["public_key"].is_null());
  // Partner endpoints are free, like authentication.
  EXPECT_EQ(sim().ledger().billed(Category::auth), 0);
}

}  // namespace
}  // namespace cpt::sim::testing
