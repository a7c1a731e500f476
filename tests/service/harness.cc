#include "harness.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "cpt/service/config_loader.h"
#include "cpt/service/report_artifacts.h"
#include "cpt/snapshot/sample.h"
#include "cpt/tesla/fleet_client.h"

namespace cpt::service::testing {

namespace {

void add_cookie(httplib::Headers& headers, const Browser& browser) {
  if (!browser.cookie.empty()) headers.emplace("Cookie", browser.cookie);
}

}  // namespace

OrderRunner fake_runner(bool hold_after_first, std::atomic<int>* held) {
  return [hold_after_first, held](
             const acquire::Order& order, tesla::FleetConnection& connection,
             acquire::RawStore& raw,
             acquire::ProgressSink& progress) -> Result<std::vector<snapshot::VehicleSnapshot>> {
    tesla::FleetClient client(std::shared_ptr<tesla::FleetConnection>(&connection, [](auto*) {}));
    std::vector<snapshot::VehicleSnapshot> out;
    for (std::size_t i = 0; i < order.vins.size(); ++i) {
      const std::string& vin = order.vins[i];
      progress.on_progress({vin, acquire::Phase::vehicle, 20, {}});
      const std::string key = "vehicle/" + vin;
      auto cached = raw.find(order.id, key);
      if (!cached) return fail(std::move(cached.error()));
      if (!*cached) {
        auto answer = client.vehicle(vin);
        if (!answer) return fail(std::move(answer.error()));
        acquire::StoredResponse stored{key, answer->http_status, "application/json", answer->body,
                                       from_epoch_seconds(1'760'000'000)};
        if (auto put = raw.put(order.id, stored); !put) return fail(std::move(put.error()));
      }
      progress.on_progress({vin,
                            acquire::Phase::done,
                            100,
                            {{snapshot::ModuleId::identity, snapshot::ModuleOutcome::ok}}});
      snapshot::VehicleSnapshot snap = snapshot::sample_eu_model3();
      snap.vin = vin;
      snap.provenance.order_id = order.id;
      progress.on_report_ready(snap);
      out.push_back(std::move(snap));
      if (hold_after_first && i == 0) {
        if (held != nullptr) ++*held;
        // Like the real engine: the next store access after a stop fails and ends the run.
        for (;;) {
          auto probe = raw.find(order.id, key);
          if (!probe) return fail(std::move(probe.error()));
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }
    }
    return out;
  };
}

ArtifactRenderer fake_renderer() {
  return [](std::span<const snapshot::VehicleSnapshot> snapshots, report::Language language,
            const std::optional<std::string>&) -> Result<std::vector<store::Artifact>> {
    std::vector<store::Artifact> out;
    for (const auto& s : snapshots) {
      for (const char* format : {"json", "html", "pdf", "csv", "invoices.zip"}) {
        out.push_back(
            {s.vin, format, std::string(content_type_of(format)),
             std::string(format) + ":" + s.vin + ":" + std::string(report::to_string(language))});
      }
    }
    out.push_back({"", "invoices.zip", "application/zip", "order-zip"});
    return out;
  };
}

void ServiceHarness::SetUp() {
  dir_ = std::filesystem::temp_directory_path() /
         ("cpt-service-" + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  clock_ = std::make_shared<FakeClock>(std::chrono::system_clock::now());
  config_.listen_port = 0;
  config_.simulator = true;
  config_.database = (dir_ / "cpt.db").string();
  config_.sweep_interval = std::chrono::hours(1);  // tests sweep by hand
  config_.order_workers = 2;
  start_sim(sim_options_);
}

void ServiceHarness::start_sim(sim::SimOptions options) {
  if (sim_) sim_->stop();
  options.auto_approve = "";
  options.regions_registered = true;
  options.wake_delay = std::chrono::milliseconds(10);
  auto sim = sim::Simulator::start(std::move(options));
  ASSERT_TRUE(sim.has_value()) << sim.error().describe();
  sim_ = std::move(*sim);
  ASSERT_TRUE(apply_env(env_of(sim_->env()), config_));
  ASSERT_TRUE(apply_simulator_defaults(config_));
}

void ServiceHarness::TearDown() {
  stop_service();
  if (sim_) sim_->stop();
  std::filesystem::remove_all(dir_);
}

void ServiceHarness::start_service(const HarnessOptions& options) {
  ServiceConfig config = config_;
  config.oauth_rate = options.oauth_rate;
  config.max_body_bytes = options.max_body_bytes;
  ServiceDeps deps;
  deps.clock = clock_;
  if (!options.real_runner) deps.runner = fake_runner(options.hold_after_first);
  if (!options.real_reports) deps.renderer = fake_renderer();
  deps.log_sink = [this](std::string_view line) {
    std::lock_guard lock(log_mutex_);
    log_lines_.emplace_back(line);
  };
  auto service = Service::create(config, deps);
  ASSERT_TRUE(service.has_value()) << service.error().describe();
  service_ = std::move(*service);
  auto port = service_->start();
  ASSERT_TRUE(port.has_value()) << port.error().describe();
}

void ServiceHarness::stop_service() {
  if (service_) service_->stop();
  service_.reset();
}

httplib::Result ServiceHarness::get(const std::string& path, const Browser& browser) {
  httplib::Client client("127.0.0.1", service_->port());
  httplib::Headers headers;
  add_cookie(headers, browser);
  return client.Get(path, headers);
}

httplib::Result ServiceHarness::post(const std::string& path, const Browser& browser,
                                     const std::string& body) {
  httplib::Client client("127.0.0.1", service_->port());
  httplib::Headers headers;
  add_cookie(headers, browser);
  return client.Post(path, headers, body, "application/json");
}

httplib::Result ServiceHarness::del(const std::string& path, const Browser& browser) {
  httplib::Client client("127.0.0.1", service_->port());
  httplib::Headers headers;
  add_cookie(headers, browser);
  return client.Delete(path, headers);
}

std::pair<std::string, std::string> ServiceHarness::initiate(Browser& browser) {
  auto res = post("/api/v1/tesla/oauth/initiate", browser, "");
  if (!res || res->status != 200) {
    ADD_FAILURE() << "initiate failed: " << (res ? res->status : -1);
    return {};
  }
  if (res->has_header("Set-Cookie")) {
    const std::string set = res->get_header_value("Set-Cookie");
    browser.cookie = set.substr(0, set.find(';'));
  }
  const auto body = nlohmann::json::parse(res->body);
  return {body["authUrl"].get<std::string>(), body["state"].get<std::string>()};
}

std::string ServiceHarness::authorize_at_sim(const std::string& auth_url) {
  // China's realm signs in at an auth host of its own (the cn-auth-host quirk).
  const std::string& cn_base = sim_->urls().cn_auth_base;
  const std::string base = auth_url.starts_with(cn_base) ? cn_base : sim_->urls().auth_base;
  EXPECT_TRUE(auth_url.starts_with(base)) << auth_url;
  httplib::Client client(base);
  auto res = client.Get(auth_url.substr(base.size()));
  if (!res || res->status != 302) {
    ADD_FAILURE() << "authorize at the simulator failed: " << (res ? res->status : -1);
    return {};
  }
  const std::string location = res->get_header_value("Location");
  const std::size_t path = location.find("/api/v1/tesla/oauth/callback");
  return path == std::string::npos ? location : location.substr(path);
}

std::string ServiceHarness::login(Browser& browser) {
  const auto [auth_url, state] = initiate(browser);
  const std::string callback = authorize_at_sim(auth_url);
  auto res = get(callback, browser);
  if (!res || res->status != 302) {
    ADD_FAILURE() << "callback failed: " << (res ? res->status : -1);
    return {};
  }
  const std::string location = res->get_header_value("Location");
  const std::string marker = "?oauth=success#session=";
  if (!location.starts_with("/" + marker)) {
    ADD_FAILURE() << "callback redirected to " << location;
    return {};
  }
  return location.substr(marker.size() + 1);
}

void ServiceHarness::order_and_wait(const std::string& session, const Browser& browser,
                                    const std::vector<std::string>& vins,
                                    const std::string& package) {
  const nlohmann::json body = {{"vins", vins}, {"package", package}, {"language", "en"}};
  auto res = post("/api/v1/sessions/" + session + "/order", browser, body.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  ASSERT_TRUE(service_->wait_for_orders(std::chrono::seconds(60)));
}

std::vector<std::string> ServiceHarness::first_user_vins() const {
  std::vector<std::string> out;
  for (std::size_t index : sim_->world().users.front().vehicles) {
    out.push_back(sim_->world().vehicles[index].vin);
  }
  return out;
}

int ServiceHarness::count_rows(const std::string& table) {
  SQLite::Database db(config_.database, SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT COUNT(*) FROM " + table).getInt();
}

}  // namespace cpt::service::testing
