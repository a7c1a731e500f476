// The attack suite (issue 11): every probe of the HTTP layer at once, against the service and
// against the simulator's hosts. Pass: the probed route answers within 100 ms throughout, the
// process's peak RSS stays under 150 MiB, a normal order placed mid-attack finishes with its
// reports, and every limit answers (413/431/408/429/4xx) instead of stalling or failing with 5xx.
#include <nlohmann/json.hpp>

#include "attack/attackers.h"
#include "service/harness.h"

namespace cpt::service::testing {
namespace {

using namespace std::chrono_literals;
using attack::AttackReport;

constexpr auto kWindow = 9s;  // longer than the 5 s header deadline, so slowloris meets it

#if defined(__SANITIZE_ADDRESS__)
// The ASan build runs at -O0 about four times slower, and its shadow memory and quarantine
// (256 MiB by default) dominate the RSS: the bounds apply to the release build.
constexpr auto kProbeLimit = 400ms;
constexpr bool kCheckRss = false;
#else
constexpr auto kProbeLimit = 100ms;
constexpr bool kCheckRss = true;
#endif

class AttackTest : public ServiceHarness {
 protected:
  void SetUp() override {
    attack::raise_fd_limit(8192);
    ServiceHarness::SetUp();
  }

  // Places a normal order while `target` is under attack and checks its reports arrive.
  void attack_while_ordering(const attack::Target& target, int probe_port,
                             const std::string& probe_path, const Browser& browser,
                             const std::string& session, AttackReport& report) {
    const auto scale = attack::scale_for_build();
    attack::Probe probe(probe_port, probe_path, 25ms);
    std::thread attacker([&] { attack::run_all_attacks(target, scale, kWindow, report); });
    std::this_thread::sleep_for(1500ms);  // the sockets are open and the floods running
    const std::string vin = first_user_vins().front();
    order_and_wait(session, browser, {vin});
    auto json = get("/api/v1/sessions/" + session + "/reports/" + vin + ".json", browser);
    ASSERT_TRUE(json);
    EXPECT_EQ(json->status, 200) << json->body;
    attacker.join();
    probe.stop();
    std::printf("probe %s: %zu answered, %zu failed, slowest %lld ms; peak RSS %.1f MiB\n",
                probe_path.c_str(), probe.answered(), probe.failed(),
                static_cast<long long>(probe.slowest().count()), attack::peak_rss_mib());
    EXPECT_EQ(probe.failed(), 0u);
    EXPECT_GT(probe.answered(), 100u);
    EXPECT_LT(probe.slowest(), kProbeLimit);
    if (kCheckRss) {
      EXPECT_LT(attack::peak_rss_mib(), 150.0);
    }
  }

  static void expect_limits_held(const AttackReport& r, const attack::AttackScale& scale) {
    std::printf(
        "chunked %d after %zu B; header %d after %zu B; idle open %zu; slowloris refused %zu; "
        "bad json %zu sent, %zu 5xx, %zu unanswered; garbage closed %zu\n",
        r.chunked_status, r.chunked_sent, r.header_status, r.header_sent, r.idle_open,
        r.slowloris_refused, r.bad_json_sent, r.bad_json_5xx, r.bad_json_unanswered,
        r.garbage_closed);
    ASSERT_EQ(r.bomb_statuses.size(), scale.bomb_copies * 2);
    for (int status : r.bomb_statuses) {
      EXPECT_GE(status, 400);  // never inflated into a valid order, never a 5xx
      EXPECT_LT(status, 500);
    }
    EXPECT_EQ(r.chunked_status, 413);
    EXPECT_LT(r.chunked_sent, scale.chunked_bytes);  // cut off, not read whole
    EXPECT_EQ(r.header_status, 431);
    EXPECT_LT(r.header_sent, scale.header_bytes);
    EXPECT_EQ(r.idle_open, scale.idle_connections);
    EXPECT_EQ(r.slowloris_refused, scale.slowloris);  // 408 at the header deadline, or 429
    // The flood runs inside the attacks' fixed window: on a loaded machine (CI's two cores under
    // ctest -j2) fewer requests fit, but a flood of thousands still has to be answered whole.
    EXPECT_GE(r.bad_json_sent, scale.bad_json_requests / 4);
    EXPECT_LE(r.bad_json_sent, scale.bad_json_requests);
    EXPECT_EQ(r.bad_json_5xx, 0u);
    EXPECT_EQ(r.bad_json_unanswered, 0u);
    EXPECT_EQ(r.garbage_closed, scale.garbage_connections);
  }
};

TEST_F(AttackTest, ServiceHoldsUnderEveryAttackAtOnce) {
  start_service();
  Browser browser;
  const std::string session = login(browser);
  ASSERT_FALSE(session.empty());
  attack::Target target{service_->port(), "/api/v1/sessions/" + session + "/order",
                        "Cookie: " + browser.cookie + "\r\n", first_user_vins().front()};
  AttackReport report;
  attack_while_ordering(target, service_->port(), "/health", browser, session, report);
  expect_limits_held(report, attack::scale_for_build());
}

TEST_F(AttackTest, SimulatorHostsHoldUnderEveryAttackAtOnce) {
  start_service();
  Browser browser;
  const std::string session = login(browser);
  ASSERT_FALSE(session.empty());
  // The auth host takes the floods (its token route parses bodies); the order in the middle
  // goes through the service to the simulator's auth and fleet hosts.
  const std::string base = sim_->urls().auth_base;
  const int port = std::stoi(base.substr(base.rfind(':') + 1));
  attack::Target target{port, "/oauth2/v3/token", ""};
  AttackReport report;
  attack_while_ordering(target, port, "/oauth2/v3/authorize", browser, session, report);
  expect_limits_held(report, attack::scale_for_build());
}

TEST_F(AttackTest, SimulatorFleetHostHoldsUnderEveryAttackAtOnce) {
  start_service();
  Browser browser;
  const std::string session = login(browser);
  ASSERT_FALSE(session.empty());
  // The NA fleet host takes the floods (bodies to a command route, without a token); the order
  // in the middle reads its vehicle from the same host.
  const std::string base = sim_->urls().fleet_na;
  const int port = std::stoi(base.substr(base.rfind(':') + 1));
  attack::Target target{port, "/api/1/vehicles/" + first_user_vins().front() + "/command/honk_horn",
                        ""};
  AttackReport report;
  attack_while_ordering(target, port, "/api/1/vehicles", browser, session, report);
  expect_limits_held(report, attack::scale_for_build());
}

}  // namespace
}  // namespace cpt::service::testing
