// Orders through the service: validation, background progress, downloads, restart resume.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include <thread>

#include "cpt/report/verify.h"
#include "harness.h"

namespace cpt::service::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class OrdersTest : public ServiceHarness {
 protected:
  void SetUp() override {
    ServiceHarness::SetUp();
    start_service();
  }
  std::string order_path(const std::string& session) {
    return "/api/v1/sessions/" + session + "/order";
  }
};

TEST_F(OrdersTest, AnOrderRunsInTheBackgroundAndEndsDoneAtHundredPercent) {
  Browser browser;
  const std::string session = login(browser);
  const auto vins = first_user_vins();
  order_and_wait(session, browser, {vins[0], vins[1]}, "pro");
  auto res = get("/api/v1/sessions/" + session + "/progress", browser);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const json progress = json::parse(res->body);
  EXPECT_EQ(progress["status"], "done");
  EXPECT_EQ(progress["percent"], 100);
  EXPECT_EQ(progress["package"], "pro");
  ASSERT_EQ(progress["vehicles"].size(), 2u);
  EXPECT_EQ(progress["vehicles"][0]["vin"], vins[0]);
  EXPECT_EQ(progress["vehicles"][0]["phase"], "done");
  EXPECT_EQ(progress["vehicles"][0]["modules"][0]["module"], "identity");
  EXPECT_EQ(progress["vehicles"][0]["modules"][0]["outcome"], "ok");
  EXPECT_EQ(progress["billedCalls"], 2);  // one vehicle read each
  EXPECT_EQ(progress["costUsd"], "$0.004");
  EXPECT_TRUE(progress["error"].is_null());
}

TEST_F(OrdersTest, DownloadsCarryTheirContentTypesAndNoStore) {
  Browser browser;
  const std::string session = login(browser);
  const std::string vin = first_user_vins()[0];
  order_and_wait(session, browser, {vin});
  const std::string base = "/api/v1/sessions/" + session + "/reports/" + vin;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {".json", "application/json"},
      {".html", "text/html; charset=utf-8"},
      {".pdf", "application/pdf"},
      {".csv", "text/csv; charset=utf-8"},
      {"/invoices.zip", "application/zip"}};
  for (const auto& [suffix, type] : expected) {
    auto res = get(base + suffix, browser);
    ASSERT_TRUE(res) << suffix;
    EXPECT_EQ(res->status, 200) << suffix;
    EXPECT_EQ(res->get_header_value("Content-Type"), type) << suffix;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << suffix;
    EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'none'"),
              std::string::npos);
    EXPECT_NE(res->get_header_value("Strict-Transport-Security").find("max-age="),
              std::string::npos);
    // One policy each: the UI must be able to show the report in its own iframe.
    EXPECT_EQ(res->get_header_value_count("Content-Security-Policy"), 1u) << suffix;
    EXPECT_NE(res->get_header_value("Content-Security-Policy").find("frame-ancestors 'self'"),
              std::string::npos);
    EXPECT_EQ(res->get_header_value_count("X-Frame-Options"), 1u) << suffix;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "SAMEORIGIN") << suffix;
  }
  EXPECT_EQ(get(base + ".html", browser)->get_header_value("Content-Disposition"),
            "inline; filename=\"cpt-report-" + vin.substr(13) + ".html\"");
  EXPECT_EQ(get(base + ".pdf", browser)->get_header_value("Content-Disposition"),
            "attachment; filename=\"cpt-report-" + vin.substr(13) + ".pdf\"");
  auto order_zip = get("/api/v1/sessions/" + session + "/invoices.zip", browser);
  ASSERT_TRUE(order_zip);
  EXPECT_EQ(order_zip->status, 200);
  EXPECT_EQ(order_zip->body, "order-zip");
}

TEST_F(OrdersTest, AVehicleOutsideTheOrderHasNoReport) {
  Browser browser;
  const std::string session = login(browser);
  const auto vins = first_user_vins();
  order_and_wait(session, browser, {vins[0]});
  auto res = get("/api/v1/sessions/" + session + "/reports/" + vins[1] + ".pdf", browser);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(json::parse(res->body)["error"], "report_not_found");
}

TEST_F(OrdersTest, OrdersAreValidated) {
  Browser browser;
  const std::string session = login(browser);
  const std::string vin = first_user_vins()[0];
  auto unknown = post(order_path(session), browser, R"({"vins":["5YJ3E1EA2KF317000"]})");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(json::parse(unknown->body)["error"], "unknown_vehicle");
  auto package =
      post(order_path(session), browser, json{{"vins", {vin}}, {"package", "platinum"}}.dump());
  EXPECT_EQ(package->status, 400);
  EXPECT_EQ(json::parse(package->body)["error"], "invalid_order");
  auto garbage = post(order_path(session), browser, "{");
  EXPECT_EQ(garbage->status, 400);
  auto no_order = get("/api/v1/sessions/" + session + "/progress", browser);
  EXPECT_EQ(no_order->status, 404);
  EXPECT_EQ(json::parse(no_order->body)["error"], "no_order");
}

TEST_F(OrdersTest, FieldsOfTheWrongJsonTypeGetA400NamingTheField) {
  Browser browser;
  const std::string session = login(browser);
  const std::string vin = first_user_vins()[0];
  const std::pair<json, std::string> cases[] = {
      {json{{"vins", {vin}}, {"package", 5}}, "package"},
      {json{{"vins", {vin}}, {"language", json::object()}}, "language"},
      {json{{"vins", {vin}}, {"package", "basic"}, {"language", json::array({"en"})}}, "language"},
      {json{{"vins", {vin}}, {"package", nullptr}}, "package"},
  };
  for (const auto& [body, field] : cases) {
    auto res = post(order_path(session), browser, body.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_EQ(json::parse(res->body)["error"], "invalid_order");
    EXPECT_NE(json::parse(res->body)["error_description"].get<std::string>().find(field),
              std::string::npos)
        << res->body;
  }
  // Nothing was ordered, and nothing was logged as a handler exception.
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/progress", browser)->status, 404);
  std::lock_guard lock(log_mutex_);
  for (const auto& line : log_lines_) EXPECT_EQ(line.find("handler_exception"), std::string::npos);
}

TEST_F(OrdersTest, ASessionTakesOneOrder) {
  Browser browser;
  const std::string session = login(browser);
  const std::string vin = first_user_vins()[0];
  order_and_wait(session, browser, {vin});
  auto again = post(order_path(session), browser, json{{"vins", {vin}}}.dump());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(json::parse(again->body)["error"], "order_exists");
}

TEST_F(OrdersTest, OversizedBodiesGetA413Envelope) {
  stop_service();
  start_service({.max_body_bytes = 2048});
  Browser browser;
  const std::string session = login(browser);
  auto res = post(order_path(session), browser, std::string(4096, ' '));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(json::parse(res->body)["error"], "payload_too_large");
}

TEST_F(OrdersTest, RealReportsAreSignedWithThePublishedKey) {
  stop_service();
  start_service({.real_reports = true});
  Browser browser;
  const std::string session = login(browser);
  const std::string vin = first_user_vins()[0];
  order_and_wait(session, browser, {vin}, "pro");
  auto pdf = get("/api/v1/sessions/" + session + "/reports/" + vin + ".pdf", browser);
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200);
  EXPECT_TRUE(pdf->body.starts_with("%PDF-"));
  auto report = get("/api/v1/sessions/" + session + "/reports/" + vin + ".json", browser);
  ASSERT_EQ(report->status, 200);
  EXPECT_NE(report->body.find("\"" + vin + "\""), std::string::npos);
  auto key = get("/.well-known/cpt/report-signing-key.pem", browser);
  ASSERT_EQ(key->status, 200);
  auto verify_key = report::VerifyKey::from_pem(key->body);
  ASSERT_TRUE(verify_key.has_value());
  const auto verdict = report::verify_report(report->body, &*verify_key);
  EXPECT_TRUE(verdict.valid) << verdict.reason;
  const auto pdf_verdict = report::verify_report(pdf->body, &*verify_key);
  EXPECT_TRUE(pdf_verdict.valid) << pdf_verdict.reason;
}

TEST_F(OrdersTest, ARestartMidOrderCompletesWithoutRepeatingBilledCalls) {
  stop_service();
  start_service({.hold_after_first = true});
  Browser browser;
  const std::string session = login(browser);
  const auto vins = first_user_vins();
  auto res = post(order_path(session), browser, json{{"vins", {vins[0], vins[1]}}}.dump());
  ASSERT_EQ(res->status, 202);
  // Wait until the first vehicle's answer is stored, then stop the service mid-order.
  for (int i = 0; i < 2000 && count_rows("raw_responses") == 0; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(count_rows("raw_responses"), 1);
  stop_service();
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[0]), 1);
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[1]), 0);

  start_service();  // same database: the order is resumed
  ASSERT_TRUE(service_->wait_for_orders(60s));
  auto progress = get("/api/v1/sessions/" + session + "/progress", browser);
  ASSERT_EQ(progress->status, 200);
  EXPECT_EQ(json::parse(progress->body)["status"], "done");
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[0]), 1);  // not fetched again
  EXPECT_EQ(sim_->ledger().count("/api/1/vehicles/" + vins[1]), 1);
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/reports/" + vins[1] + ".csv", browser)->status,
            200);
}

// A vehicle's report is read while the order still runs (the engine said it is ready); the
// others, and every invoice ZIP, wait for the order's end.
TEST_F(OrdersTest, AVehiclesReportCanBeReadBeforeTheOrderEnds) {
  stop_service();
  start_service({.hold_after_first = true});
  Browser browser;
  const std::string session = login(browser);
  const auto vins = first_user_vins();
  auto res = post(order_path(session), browser, json{{"vins", {vins[0], vins[1]}}}.dump());
  ASSERT_EQ(res->status, 202);
  json progress;
  for (int i = 0; i < 2000; ++i) {
    progress = json::parse(get("/api/v1/sessions/" + session + "/progress", browser)->body);
    if (progress["vehicles"][0].value("reportReady", false)) break;
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(progress["status"], "running");
  EXPECT_EQ(progress["vehicles"][0]["reportReady"], true);
  EXPECT_EQ(progress["vehicles"][1]["reportReady"], false);
  const std::string reports = "/api/v1/sessions/" + session + "/reports/";
  EXPECT_EQ(get(reports + vins[0] + ".csv", browser)->status, 200);
  auto other = get(reports + vins[1] + ".csv", browser);
  EXPECT_EQ(other->status, 409);
  EXPECT_EQ(json::parse(other->body)["error"], "order_running") << other->body;
  EXPECT_EQ(get(reports + vins[0] + "/invoices.zip", browser)->status, 409);
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/invoices.zip", browser)->status, 409);
}

// The real engine: an order stopped half-way by a service stop and resumed by the next service
// bills exactly what the same order bills when it runs uninterrupted.
TEST_F(OrdersTest, WithTheRealEngineAResumedOrderBillsNothingTwice) {
  const std::string vin = first_user_vins()[0];  // online: no 408 answers (those are not kept)
  const json order_body = {{"vins", {vin}}, {"package", "pro"}};
  sim::FaultOptions slow;
  slow.latency_ms = 150;
  sim_->faults().set_options(slow);

  // Reference: the same order, uninterrupted.
  stop_service();
  start_service({.real_runner = true});
  Browser reference;
  const std::string reference_session = login(reference);
  sim_->reset_ledger();
  ASSERT_EQ(post(order_path(reference_session), reference, order_body.dump())->status, 202);
  ASSERT_TRUE(service_->wait_for_orders(120s));
  const std::int64_t uninterrupted = sim_->ledger().total_billed();
  ASSERT_GT(uninterrupted, 5);

  Browser browser;
  const std::string session = login(browser);
  sim_->reset_ledger();
  ASSERT_EQ(post(order_path(session), browser, order_body.dump())->status, 202);
  const int before = count_rows("raw_responses");
  for (int i = 0; i < 4000 && count_rows("raw_responses") < before + 3; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  stop_service();
  const std::int64_t first_part = sim_->ledger().total_billed();
  EXPECT_LT(first_part, uninterrupted);  // it really stopped half-way

  start_service({.real_runner = true});
  ASSERT_TRUE(service_->wait_for_orders(120s));
  auto progress = get("/api/v1/sessions/" + session + "/progress", browser);
  ASSERT_EQ(progress->status, 200);
  EXPECT_EQ(json::parse(progress->body)["status"], "done") << progress->body;
  EXPECT_EQ(sim_->ledger().total_billed(), uninterrupted);
  EXPECT_EQ(get("/api/v1/sessions/" + session + "/reports/" + vin + ".pdf", browser)->status, 200);
}

// Tesla refusing vehicle_data with a 50 s Retry-After, again and again: the order still ends at
// its deadline (20 s on the service's clock, a FakeClock here), with every module's outcome
// stated and only one refusal paid.
TEST_F(OrdersTest, AnOrderThatCannotFinishEndsAtItsDeadlineWithEveryModuleStated) {
  const std::string vin = first_user_vins()[0];
  const std::string path = "/api/1/vehicles/" + vin + "/vehicle_data";
  sim::FaultRule refusal;
  refusal.path_prefix = path;
  refusal.status = 429;
  refusal.count = -1;  // until cleared
  refusal.retry_after_s = 50;
  sim_->faults().add_rule(refusal);
  stop_service();
  config_.order_deadline = 20s;
  start_service({.real_reports = true, .real_runner = true});
  Browser browser;
  const std::string session = login(browser);
  ASSERT_EQ(post(order_path(session), browser, json{{"vins", {vin}}}.dump())->status, 202);
  ASSERT_TRUE(service_->wait_for_orders(60s));
  const json progress =
      json::parse(get("/api/v1/sessions/" + session + "/progress", browser)->body);
  EXPECT_EQ(progress["status"], "done");
  EXPECT_TRUE(progress["deadline"].is_string());
  const json report =
      json::parse(get("/api/v1/sessions/" + session + "/reports/" + vin + ".json", browser)->body);
  int rows = 0, from_vehicle_data = 0;
  for (const json& section : report["sections"]) {
    for (const json& table : section.value("tables", json::array())) {
      if (table["id"] != "provenance.modules") continue;
      for (const json& row : table["rows"]) {
        ++rows;
        EXPECT_FALSE(row[1]["value"].get<std::string>().empty());  // an outcome, always
        if (row[2]["value"] != "vehicle_data") continue;
        ++from_vehicle_data;
        EXPECT_EQ(row[1]["value"], "failed");
        // The report words the kind (timeout) in the reader's language; the deadline's own
        // sentence is in the order's progress and logs.
        EXPECT_THAT(row[4]["value"].get<std::string>(),
                    ::testing::HasSubstr("did not answer in time"));
      }
    }
  }
  EXPECT_GT(rows, 3);
  EXPECT_GT(from_vehicle_data, 0);
  EXPECT_EQ(sim_->ledger().count(path), 1) << "the wait ended at the deadline: no second 429";
}

}  // namespace
}  // namespace cpt::service::testing
