// The charging-history walk against every answer FLEET-API §9 leaves open: pages from 0 or 1
// (strict or lenient), a server page-size cap, the top-level or wrapped body, totals present,
// missing or wrong, sessions without a sessionId.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tesla/client/harness.h"

namespace cpt::tesla {
namespace {

using testing::Harness;
using testing::json_response;
using testing::kVin;

// How a fake history server answers.
struct HistoryServer {
  int sessions = 0;
  enum class Base { one, zero, lenient } base = Base::one;
  int cap = 100;           // rows served at most per page
  bool top_level = false;  // {"data":[...]} rather than {"response":{"data":[...]}}
  bool totals = true;      // send totalResults
  int total_offset = 0;    // a total that disagrees with the rows by this much
  bool with_ids = true;    // sessions carry a sessionId

  Harness::Handler handler() const {
    return [s = *this](const http::HttpRequest& request) -> Result<http::HttpResponse> {
      int page = std::stoi(http::query_param(request.url, "pageNo").value_or("1"));
      const int size =
          std::min(s.cap, std::stoi(http::query_param(request.url, "pageSize").value_or("50")));
      if (s.base == Base::one && page == 0) {
        return json_response(400, R"({"error":"invalid_field","error_description":"pageNo"})");
      }
      if (s.base == Base::lenient && page == 0) page = 1;
      const int index = s.base == Base::zero ? page : page - 1;
      nlohmann::json data = nlohmann::json::array();
      for (int i = index * size; i < std::min(s.sessions, (index + 1) * size); ++i) {
        nlohmann::json row = {{"vin", std::string(kVin)},
                              {"chargeStartDateTime", "2026-01-01T00:00:" + std::to_string(i)}};
        if (s.with_ids) row["sessionId"] = 1000 + i;
        data.push_back(std::move(row));
      }
      nlohmann::json body;
      nlohmann::json& holder = s.top_level ? body : body["response"];
      holder["data"] = std::move(data);
      if (s.totals) holder["totalResults"] = s.sessions + s.total_offset;
      return json_response(200, body.dump());
    };
  }
};

std::vector<std::string> page_numbers(Harness& h) {
  std::vector<std::string> numbers;
  for (std::size_t i = 0; i < h.request_count(); ++i) {
    numbers.push_back(http::query_param(h.request(i).url, "pageNo").value_or("?"));
  }
  return numbers;
}

Result<ChargingHistoryPages> walk(Harness& h, const HistoryServer& server) {
  h.fleet = server.handler();
  return h.client().charging_history();
}

using Pages = std::vector<std::string>;

TEST(HistoryWalk, OneBasedWithTotalsWalksToTheEmptyPageAndAsksNothingElse) {
  Harness h;
  auto history = walk(h, {.sessions = 120});
  ASSERT_TRUE(history.has_value()) << history.error().describe();
  EXPECT_EQ(history->session_ids.size(), 120u);
  EXPECT_EQ(history->first_page, 1);
  EXPECT_FALSE(history->total_mismatch());
  // 50, 50, 20: the 20 is shorter than the pages before it, so it is the last.
  EXPECT_EQ(page_numbers(h), (Pages{"1", "2", "3"}));
  EXPECT_EQ(history->stop, HistoryStop::short_page);
  EXPECT_EQ(history->requests, 3);
}

TEST(HistoryWalk, AShortFirstPageIsConfirmedByAnEmptyOne) {
  Harness h;
  auto history = walk(h, {.sessions = 7});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 7u);
  EXPECT_EQ(page_numbers(h), (Pages{"1", "2"}));
  EXPECT_EQ(history->stop, HistoryStop::empty_page);
  EXPECT_EQ(history->pages.size(), 1u);
}

TEST(HistoryWalk, ZeroBasedServerHasItsNewestPageFetchedOnceAndPutFirst) {
  Harness h;
  auto history = walk(h, {.sessions = 120, .base = HistoryServer::Base::zero});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 120u);
  EXPECT_EQ(history->session_ids.front(), "1000");  // the newest page leads
  EXPECT_EQ(history->first_page, 0);
  EXPECT_FALSE(history->total_mismatch());
  EXPECT_EQ(page_numbers(h), (Pages{"1", "2", "0"}));
}

TEST(HistoryWalk, ZeroBasedServerWithoutTotalsIsStillReadWhole) {
  Harness h;
  auto history = walk(h, {.sessions = 30, .base = HistoryServer::Base::zero, .totals = false});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 30u);
  EXPECT_EQ(history->first_page, 0);
  EXPECT_EQ(page_numbers(h), (Pages{"1", "0"}));  // page 1 is empty; page 0 holds all 30
}

TEST(HistoryWalk, LenientServerWithoutTotalsIsAskedForPageZeroOnceAndKeepsNoRepeat) {
  Harness h;
  auto history = walk(h, {.sessions = 60, .base = HistoryServer::Base::lenient, .totals = false});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 60u);
  EXPECT_EQ(history->first_page, 1);
  EXPECT_EQ(history->pages.size(), 2u);
  EXPECT_EQ(page_numbers(h), (Pages{"1", "2", "0"}));
}

TEST(HistoryWalk, StrictServerWithoutTotalsRefusesPageZeroAndNothingIsLost) {
  Harness h;
  auto history = walk(h, {.sessions = 60, .totals = false});
  ASSERT_TRUE(history.has_value()) << history.error().describe();
  EXPECT_EQ(history->session_ids.size(), 60u);
  EXPECT_EQ(history->first_page, 1);
  EXPECT_EQ(history->requests, 3);  // pages 1 and 2, and the refused page 0
}

TEST(HistoryWalk, StartingAtZeroOnAStrictServerFallsBackToOne) {
  Harness h;
  h.options.history_first_page = 0;
  auto history = walk(h, {.sessions = 60});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 60u);
  EXPECT_EQ(page_numbers(h), (Pages{"0", "1", "2"}));
}

TEST(HistoryWalk, StartingAtZeroOnALenientServerSkipsTheRepeatOfPageZero) {
  Harness h;
  h.options.history_first_page = 0;
  auto history = walk(h, {.sessions = 60, .base = HistoryServer::Base::lenient});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 60u);
  EXPECT_EQ(history->first_page, 1);
  EXPECT_EQ(history->pages.size(), 2u);
  EXPECT_EQ(page_numbers(h), (Pages{"0", "1", "2"}));
}

TEST(HistoryWalk, AServerCappingThePageSizeIsWalkedToTheEnd) {
  Harness h;
  auto history = walk(h, {.sessions = 35, .cap = 10});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 35u);
  EXPECT_EQ(page_numbers(h), (Pages{"1", "2", "3", "4"}));
  EXPECT_EQ(http::query_param(h.request(0).url, "pageSize").value_or(""), "50");
}

TEST(HistoryWalk, TopLevelBodyIsReadLikeTheWrappedOne) {
  Harness h;
  auto history = walk(h, {.sessions = 12, .top_level = true});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 12u);
  EXPECT_EQ(history->total_results, 12);
}

TEST(HistoryWalk, ATotalThatDisagreesIsKeptAsAMismatch) {
  Harness h;
  auto history = walk(h, {.sessions = 12, .total_offset = 3});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 12u);
  EXPECT_EQ(history->total_results, 15);
  EXPECT_TRUE(history->total_mismatch());
}

TEST(HistoryWalk, SessionsWithoutIdsOnDifferentPagesAreNotTakenForRepeats) {
  Harness h;
  h.options.history_page_size = 10;
  auto history = walk(h, {.sessions = 25, .with_ids = false});
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 25u);
  EXPECT_EQ(history->pages.size(), 3u);
}

TEST(HistoryWalk, AServerRepeatingAPageDoesNotLoopForever) {
  Harness h;
  h.options.history_page_size = 10;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(200, R"({"response":{"data":[{"sessionId":1},{"sessionId":2}]}})");
  };
  auto history = h.client().charging_history();
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->session_ids.size(), 2u);
  EXPECT_EQ(history->stop, HistoryStop::repeated_page);
  EXPECT_LE(h.request_count(), 3u);
}

TEST(HistoryWalk, NullDataIsAnEmptyHistory) {
  Harness h;
  h.fleet = [](const http::HttpRequest&) -> Result<http::HttpResponse> {
    return json_response(200, R"({"data":null,"totalResults":0})");
  };
  auto history = h.client().charging_history();
  ASSERT_TRUE(history.has_value());
  EXPECT_TRUE(history->session_ids.empty());
  EXPECT_EQ(history->pages.size(), 1u);
  EXPECT_EQ(h.request_count(), 1u);
}

TEST(HistoryWalk, SessionKeysComeFromEveryKnownWrapper) {
  EXPECT_EQ(charging_session_ids(R"({"response":{"data":[{"sessionId":1}]}})").value(),
            std::vector<std::string>{"1"});
  EXPECT_EQ(charging_session_ids(R"({"data":[{"sessionId":"abc"}]})").value(),
            std::vector<std::string>{"abc"});
  EXPECT_EQ(charging_session_ids(R"({"response":[{"sessionId":99999999999}]})").value(),
            std::vector<std::string>{"99999999999"});
  EXPECT_TRUE(charging_session_ids(R"({"response":{}})").value().empty());
  EXPECT_EQ(charging_session_ids("<html>").error().kind, ErrorKind::malformed);
  const auto keyed = charging_session_ids(
      R"({"data":[{"vin":"V","chargeStartDateTime":"a"},{"vin":"V","chargeStartDateTime":"b"}]})");
  ASSERT_EQ(keyed->size(), 2u);
  EXPECT_NE(keyed->at(0), keyed->at(1));
}

}  // namespace
}  // namespace cpt::tesla
