// The SessionStore contract, run against every backend (SQLite and Redis): one suite, so the
// backends cannot drift apart.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "cpt/core/clock.h"
#include "cpt/store/redis/redis_store.h"
#include "cpt/store/sqlite_store.h"
#include "store/redis_server.h"
#include "store/store_fixture.h"

namespace cpt::store::testing {
namespace {

// A backend under test: opens a store over the same data each time it is called (reopening
// must find what an earlier store wrote).
struct Backend {
  std::string name;
  std::function<std::shared_ptr<SessionStore>(const std::filesystem::path& dir)> open;
};

// The store's clock for native expiries stands at the contract's own "now" (kT0), so a session
// that expires at kT0 + 2h lives two real hours in Redis while the tests judge expiry by kT0.
FakeClock& contract_clock() {
  static FakeClock clock(kT0);
  return clock;
}

const Backend kSqlite{"sqlite", [](const std::filesystem::path& dir) {
                        auto opened = SqliteStore::open({.path = (dir / "cpt.db").string()});
                        EXPECT_TRUE(opened.has_value()) << opened.error().describe();
                        return std::shared_ptr<SessionStore>(std::move(*opened));
                      }};

const Backend kRedis{"redis", [](const std::filesystem::path& dir) {
                       // One key prefix per test folder keeps tests apart on one server.
                       auto opened = RedisStore::open({.url = RedisServer::shared().url(),
                                                       .key_prefix = dir.filename().string() + ":",
                                                       .clock = &contract_clock()});
                       EXPECT_TRUE(opened.has_value()) << opened.error().describe();
                       return std::shared_ptr<SessionStore>(std::move(*opened));
                     }};

class SessionStoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name =
        std::string("cpt-contract-") + std::to_string(::getpid()) + "-" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    dir_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = GetParam().open(dir_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void reopen() {
    store_.reset();
    store_ = GetParam().open(dir_);
  }
  static SessionRecord session(std::string id, TimePoint expires = kT0 + 2h) {
    return StoreTest::session(std::move(id), expires);
  }
  static OrderRecord order(std::string id, std::string session_id) {
    return StoreTest::order(std::move(id), std::move(session_id));
  }
  static acquire::StoredResponse raw(std::string key, std::string body) {
    return StoreTest::raw(std::move(key), std::move(body));
  }
  // One of everything in a session, to check that deletion and expiry take it all.
  void fill(const std::string& sid, TimePoint expires) {
    ASSERT_TRUE(store_->create_session(session(sid, expires), "tokens-" + sid));
    ASSERT_TRUE(store_->create_order(order("order-" + sid, sid)));
    ASSERT_TRUE(store_->put_raw("order-" + sid, raw("vehicles", "[]")));
    ASSERT_TRUE(store_->put_artifacts(sid, {{"V", "json", "application/json", "{}"}}));
  }

  std::filesystem::path dir_;
  std::shared_ptr<SessionStore> store_;
};

TEST_P(SessionStoreContract, OAuthStateCanBeTakenOnlyOnce) {
  ASSERT_TRUE(
      store_->put_oauth_state({"st-1", "owner-a", "verifier", "https://x/cb", kT0 + 10min}));
  auto first = store_->take_oauth_state("st-1", kT0 + 1min);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->owner, "owner-a");
  EXPECT_EQ((*first)->code_verifier, "verifier");
  EXPECT_EQ((*first)->redirect_uri, "https://x/cb");
  auto second = store_->take_oauth_state("st-1", kT0 + 1min);
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value());
}

TEST_P(SessionStoreContract, ExpiredOAuthStateIsNotReturnedAndIsGone) {
  ASSERT_TRUE(store_->put_oauth_state({"st-2", "owner-a", "v", "https://x/cb", kT0 + 10min}));
  auto late = store_->take_oauth_state("st-2", kT0 + 10min);
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(late->has_value());
  EXPECT_FALSE(store_->take_oauth_state("st-2", kT0)->has_value());
}

TEST_P(SessionStoreContract, SessionIsFoundUntilItExpires) {
  ASSERT_TRUE(store_->create_session(session("s1", kT0 + 2h), "sealed"));
  auto found = store_->find_session("s1", kT0 + 1h);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->owner, "owner-hash-a");
  EXPECT_EQ((*found)->region, "eu");
  EXPECT_EQ((*found)->inventory_json, R"([{"vin":"5YJ3E1EA7KF000001"}])");
  EXPECT_EQ((*found)->created_at, kT0);
  EXPECT_EQ((*found)->expires_at, kT0 + 2h);
  EXPECT_FALSE(store_->find_session("s1", kT0 + 2h)->has_value());
}

TEST_P(SessionStoreContract, CreatingASessionTwiceConflictsAndKeepsTheFirstTokens) {
  ASSERT_TRUE(store_->create_session(session("s1"), "first-tokens"));
  auto again = store_->create_session(session("s1"), "second-tokens");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(store_->load_tokens("s1")->value(), "first-tokens");
}

TEST_P(SessionStoreContract, TokensCannotBeSavedForAMissingSession) {
  auto saved = store_->save_tokens("no-such-session", "blob");
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().kind, ErrorKind::not_found);
}

TEST_P(SessionStoreContract, SaveTokensReplacesTheBlobBinarySafe) {
  ASSERT_TRUE(store_->create_session(session("s1"), "old"));
  ASSERT_TRUE(store_->save_tokens("s1", std::string("new\0blob", 8)));
  EXPECT_EQ(store_->load_tokens("s1")->value(), std::string("new\0blob", 8));
}

TEST_P(SessionStoreContract, ASessionHasAtMostOneOrder) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  auto second = store_->create_order(order("o2", "s1"));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::conflict);
}

TEST_P(SessionStoreContract, OrderOfAMissingSessionIsNotFound) {
  auto created = store_->create_order(order("o1", "ghost"));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::not_found);
}

TEST_P(SessionStoreContract, UpdateOrderStoresStatusProgressAndError) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  ASSERT_TRUE(store_->update_order("o1", OrderStatus::failed, R"({"p":1})", "budget", kT0 + 5s));
  auto found = store_->find_order_of_session("s1");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, "o1");
  EXPECT_EQ((*found)->status, OrderStatus::failed);
  EXPECT_EQ((*found)->progress_json, R"({"p":1})");
  EXPECT_EQ((*found)->error, "budget");
  EXPECT_EQ((*found)->updated_at, kT0 + 5s);
  EXPECT_EQ(store_->update_order("o9", OrderStatus::done, "{}", "", kT0).error().kind,
            ErrorKind::not_found);
}

TEST_P(SessionStoreContract, RunningOrdersListsOnlyRunningOrdersOfLiveSessions) {
  ASSERT_TRUE(store_->create_session(session("s1", kT0 + 2h), "t"));
  ASSERT_TRUE(store_->create_session(session("s2", kT0 + 2h), "t"));
  ASSERT_TRUE(store_->create_session(session("s3", kT0 + 1min), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  ASSERT_TRUE(store_->create_order(order("o2", "s2")));
  ASSERT_TRUE(store_->create_order(order("o3", "s3")));
  ASSERT_TRUE(store_->update_order("o2", OrderStatus::done, "{}", "", kT0));
  auto running = store_->running_orders(kT0 + 10min);
  ASSERT_TRUE(running.has_value());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ((*running)[0].id, "o1");
  EXPECT_EQ((*running)[0].spec_json, R"({"package":"pro"})");
}

TEST_P(SessionStoreContract, RawAnswersRoundTripBytesAndOffset) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  auto response = raw("invoice/abc", std::string("%PDF-1.4\0\xff\n", 11));
  response.content_type = "application/pdf";
  response.fetched_at.offset_minutes = 120;
  ASSERT_TRUE(store_->put_raw("o1", response));
  auto found = store_->find_raw("o1", "invoice/abc");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->body, std::string("%PDF-1.4\0\xff\n", 11));
  EXPECT_EQ((*found)->content_type, "application/pdf");
  EXPECT_EQ((*found)->fetched_at, response.fetched_at);
  EXPECT_FALSE(store_->find_raw("o1", "invoice/other")->has_value());
  EXPECT_EQ(*store_->count_raw("o1"), 1);
  ASSERT_TRUE(store_->erase_raw("o1"));
  EXPECT_EQ(*store_->count_raw("o1"), 0);
}

TEST_P(SessionStoreContract, RawAnswerOfAMissingOrderIsRefused) {
  auto put = store_->put_raw("ghost", raw("vehicles", "{}"));
  ASSERT_FALSE(put.has_value());
  EXPECT_EQ(put.error().kind, ErrorKind::not_found);
  EXPECT_FALSE(store_->find_raw("ghost", "vehicles")->has_value());
}

TEST_P(SessionStoreContract, ArtifactsAreStoredPerVinAndFormat) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->put_artifacts(
      "s1", {{"5YJ3E1EA7KF000001", "html", "text/html; charset=utf-8", "<html>a</html>"},
             {"5YJ3E1EA7KF000001", "pdf", "application/pdf", std::string("%PDF\0\n", 6)},
             {"", "invoices.zip", "application/zip", "PK.."}}));
  auto html = store_->find_artifact("s1", "5YJ3E1EA7KF000001", "html");
  ASSERT_TRUE(html.has_value() && html->has_value());
  EXPECT_EQ((*html)->bytes, "<html>a</html>");
  EXPECT_EQ((*html)->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(store_->find_artifact("s1", "5YJ3E1EA7KF000001", "pdf")->value().bytes,
            std::string("%PDF\0\n", 6));
  EXPECT_EQ(store_->find_artifact("s1", "", "invoices.zip")->value().bytes, "PK..");
  EXPECT_FALSE(store_->find_artifact("s1", "5YJ3E1EA7KF000001", "csv")->has_value());
  EXPECT_FALSE(store_->find_artifact("s2", "5YJ3E1EA7KF000001", "html")->has_value());
}

TEST_P(SessionStoreContract, DeleteSessionErasesEverythingOfItAndNothingElse) {
  fill("s1", kT0 + 2h);
  fill("s2", kT0 + 2h);
  ASSERT_TRUE(*store_->delete_session("s1"));
  EXPECT_FALSE(store_->find_session("s1", kT0)->has_value());
  EXPECT_FALSE(store_->load_tokens("s1")->has_value());
  EXPECT_FALSE(store_->find_order_of_session("s1")->has_value());
  EXPECT_EQ(*store_->count_raw("order-s1"), 0);
  EXPECT_FALSE(store_->find_artifact("s1", "V", "json")->has_value());
  EXPECT_TRUE(store_->find_session("s2", kT0)->has_value());
  EXPECT_EQ(*store_->count_raw("order-s2"), 1);
  EXPECT_FALSE(*store_->delete_session("s1"));
}

TEST_P(SessionStoreContract, SweepDeletesExpiredSessionsWithTheirDataAndExpiredStates) {
  fill("old", kT0 + 1h);
  fill("new", kT0 + 3h);
  ASSERT_TRUE(store_->put_oauth_state({"st-old", "o", "v", "u", kT0 + 10min}));
  ASSERT_TRUE(store_->put_oauth_state({"st-new", "o", "v", "u", kT0 + 5h}));
  auto stats = store_->sweep(kT0 + 2h);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->sessions, 1);
  EXPECT_EQ(stats->oauth_states, 1);
  EXPECT_FALSE(store_->load_tokens("old")->has_value());
  EXPECT_EQ(*store_->count_raw("order-old"), 0);
  EXPECT_FALSE(store_->find_artifact("old", "V", "json")->has_value());
  EXPECT_TRUE(store_->load_tokens("new")->has_value());
  EXPECT_TRUE(store_->take_oauth_state("st-new", kT0)->has_value());
}

TEST_P(SessionStoreContract, DataSurvivesReopeningTheStore) {
  fill("s1", kT0 + 2h);
  reopen();
  EXPECT_TRUE(store_->find_session("s1", kT0)->has_value());
  EXPECT_EQ(store_->find_raw("order-s1", "vehicles")->value().body, "[]");
  EXPECT_EQ(store_->running_orders(kT0)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionStoreContract, ::testing::Values(kSqlite, kRedis),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace cpt::store::testing
