// An order's deadline: waits end at it, nothing is sent after it, every refusal says why, and
// while a call waits the order can say what for. Time is a FakeClock: no test really waits
// (beyond the quarter second the connection takes to look at its stops again).
#include <gtest/gtest.h>

#include "cpt/tesla/concurrency.h"
#include "cpt/tesla/order_deadline.h"
#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using testing::Harness;
using testing::json_response;
using testing::kEpoch;
using testing::kVin;
using testing::with_header;
using namespace std::chrono_literals;

// A FakeClock that tells a test what the order waits for, each time a call goes to sleep.
class ProbeClock final : public Clock {
 public:
  explicit ProbeClock(std::shared_ptr<FakeClock> inner) : inner_(std::move(inner)) {}
  std::chrono::system_clock::time_point now() const override { return inner_->now(); }
  void sleep_for(std::chrono::milliseconds duration) override {
    if (auto d = deadline.lock(); d && d->waiting()) reasons.push_back(d->waiting()->reason);
    inner_->sleep_for(duration);
  }
  // Weak: the deadline holds this clock (a shared_ptr both ways would never be freed).
  std::weak_ptr<OrderDeadline> deadline;
  std::vector<std::string> reasons;

 private:
  std::shared_ptr<FakeClock> inner_;
};

struct DeadlineHarness : Harness {
  std::shared_ptr<ProbeClock> probe = std::make_shared<ProbeClock>(clock);

  // With `limits`: every request first waits for the account's pace, as the service's do.
  FleetClient client_until(std::chrono::seconds after_start, AccountLimits* limits = nullptr) {
    auto deadline = std::make_shared<OrderDeadline>(kEpoch + after_start, probe);
    probe->deadline = deadline;
    auto transport = http();
    auto oauth = std::make_shared<auth::OAuthClient>(auth, transport, ledger);
    user_tokens = std::make_shared<auth::UserTokenSource>(store, oauth, *clock);
    auto stub = make_http_stub(transport);
    if (limits) stub = limits->stub_for(options.account, stub, deadline->deadline());
    FleetDeps deps{
        deadline->stub(stub),       user_tokens, nullptr, ledger, nullptr, deadline->clock(),
        deadline->cooldown(nullptr)};
    return FleetClient(deadline->connection(make_fleet_connection(options, deps)));
  }
};

http::HttpResponse rate_limited(int retry_after_s) {
  return with_header(json_response(429, R"({"error":"rate limited"})"), "Retry-After",
                     std::to_string(retry_after_s));
}

TEST(OrderDeadline, ARetryWaitEndsAtTheDeadlineAndNothingMoreIsSent) {
  DeadlineHarness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> { return rate_limited(50); };
  auto answer = h.client_until(20s).vehicle(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::timeout);
  EXPECT_EQ(answer.error().get("not_sent").value_or(""), "deadline");
  EXPECT_EQ(answer.error().user_message,
            "Not fetched: the order's deadline (22:13 UTC) was reached.");
  EXPECT_EQ(h.request_count(), 1u) << "the 50 s wait was cut at 20 s and no second 429 was paid";
  EXPECT_EQ(h.clock->slept(), 20s);
}

TEST(OrderDeadline, WhileACallWaitsTheOrderSaysItIsRateLimitedUntilWhen) {
  DeadlineHarness h;
  h.fleet = testing::sequence({rate_limited(50), json_response(200, R"({"response":{}})")});
  auto client = h.client_until(3600s);  // holds the order's deadline
  auto answer = client.vehicle(kVin);
  ASSERT_TRUE(answer.has_value());
  // 22:13:20 + 50 s
  EXPECT_EQ(h.probe->reasons, std::vector<std::string>{"rate-limited by Tesla until 22:14 UTC"});
  const auto deadline = h.probe->deadline.lock();
  ASSERT_NE(deadline, nullptr);
  EXPECT_EQ(deadline->waiting(), std::nullopt) << "the note ends with the wait";
}

TEST(OrderDeadline, ALimitLongerThanWeWaitIsStatedWithTheTimeItLifts) {
  DeadlineHarness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return rate_limited(7200);
  };
  auto answer = h.client_until(3600s).vehicle(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::rate_limited);
  EXPECT_EQ(answer.error().user_message, "Not fetched: rate-limited by Tesla until 00:13 UTC.");
  EXPECT_EQ(h.request_count(), 1u);
}

TEST(OrderDeadline, NoCallIsSentOnceTheDeadlinePassed) {
  DeadlineHarness h;
  FleetClient client = h.client_until(10s);
  h.clock->advance(10s);
  auto answer = client.vehicle_data(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::timeout);
  EXPECT_EQ(h.request_count(), 0u);
}

TEST(OrderDeadline, ACarThatNeverWakesEndsAtTheDeadlineWaitingForTheCarToWake) {
  DeadlineHarness h;
  h.options.wake = {.interval = 10s, .deadline = 90s};
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(200, R"({"response":{"state":"asleep"}})");
  };
  auto answer = h.client_until(25s).wake_up(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::timeout);
  EXPECT_EQ(h.request_count(), 3u) << "wake_up at 0, 10 and 20 s; none after the deadline";
  EXPECT_EQ(h.clock->slept(), 25s);
  ASSERT_FALSE(h.probe->reasons.empty());
  EXPECT_EQ(h.probe->reasons.front(), "waiting for the car to wake");
}

// A Retry-After another of the account's requests met pauses this one in the account's pace,
// not in its own retry loop: that wait ends at the deadline too, and nothing is sent or logged.
TEST(OrderDeadline, AWaitForTheAccountsPaceEndsAtTheDeadline) {
  DeadlineHarness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(200, R"({"response":{}})");
  };
  AccountLimits limits({}, *h.clock);
  auto limiter = limits.for_account(h.options.account);
  Answer too_many;
  too_many.status = 429;
  too_many.retry_after = 60s;
  limiter->release(*limiter->try_acquire(), too_many);  // the account is paused for 60 s

  auto answer = h.client_until(20s, &limits).vehicle(kVin);
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().kind, ErrorKind::timeout);
  EXPECT_EQ(answer.error().get("not_sent").value_or(""), "deadline");
  EXPECT_EQ(answer.error().user_message,
            "Not fetched: the order's deadline (22:13 UTC) was reached.");
  EXPECT_EQ(h.clock->now(), kEpoch + 20s) << "the 60 s pause was left at the deadline";
  EXPECT_EQ(h.request_count(), 0u);
  EXPECT_TRUE(h.ledger->records().empty()) << "a request never sent is not a call";
}

}  // namespace
}  // namespace cpt::tesla
