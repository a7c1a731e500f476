#include "cpt/store/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/store_fixture.h"

namespace cpt::store::testing {
namespace {

TEST_F(StoreTest, FileDatabaseRunsInWalMode) {
  auto mode = store_->journal_mode();
  ASSERT_TRUE(mode.has_value());
  EXPECT_EQ(*mode, "wal");
}

// Every file of the database (cpt.db, -wal, -shm), read raw as an attacker with a disk image
// would.
std::string all_database_bytes(const std::filesystem::path& dir) {
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.path().filename().string().starts_with("cpt.db")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

TEST_F(StoreTest, DatabaseFilesAreReadableByTheOwnerOnly) {
  ASSERT_TRUE(store_->create_session(session("s-mode"), "sealed"));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    if (!entry.path().filename().string().starts_with("cpt.db")) continue;
    ++files;
    const auto perms = std::filesystem::status(entry.path()).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << entry.path();
  }
  EXPECT_GE(files, 2);  // the database and its WAL
}

TEST_F(StoreTest, ADeletedSessionIsGoneFromEveryDatabaseFile) {
  const std::string id = "session-id-that-must-vanish-1234";
  ASSERT_TRUE(store_->create_session(session(id), "sealed-token-blob"));
  ASSERT_TRUE(store_->create_session(session("kept-session"), "other"));
  ASSERT_NE(all_database_bytes(dir_).find(id), std::string::npos);  // the probe can see it
  ASSERT_TRUE(store_->delete_session(id).value());
  const std::string after_delete = all_database_bytes(dir_);
  EXPECT_EQ(after_delete.find(id), std::string::npos);
  EXPECT_EQ(after_delete.find("sealed-token-blob"), std::string::npos);
  // The VIN now lives only in the kept session; sweeping that one erases the last copy.
  ASSERT_NE(after_delete.find("5YJ3E1EA7KF000001"), std::string::npos);
  ASSERT_EQ(store_->sweep(kT0 + 3h)->sessions, 1);
  const std::string after_sweep = all_database_bytes(dir_);
  EXPECT_EQ(after_sweep.find("5YJ3E1EA7KF000001"), std::string::npos);
  EXPECT_EQ(after_sweep.find("kept-session"), std::string::npos);
}

TEST_F(StoreTest, OAuthStateCanBeTakenOnlyOnce) {
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

TEST_F(StoreTest, ExpiredOAuthStateIsNotReturnedAndIsGone) {
  ASSERT_TRUE(store_->put_oauth_state({"st-2", "owner-a", "v", "https://x/cb", kT0 + 10min}));
  auto late = store_->take_oauth_state("st-2", kT0 + 10min);
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(late->has_value());
  EXPECT_FALSE(store_->take_oauth_state("st-2", kT0)->has_value());
}

TEST_F(StoreTest, SessionIsFoundUntilItExpires) {
  ASSERT_TRUE(store_->create_session(session("s1", kT0 + 2h), "sealed"));
  auto found = store_->find_session("s1", kT0 + 1h);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->owner, "owner-hash-a");
  EXPECT_EQ((*found)->region, "eu");
  EXPECT_EQ((*found)->inventory_json, R"([{"vin":"5YJ3E1EA7KF000001"}])");
  EXPECT_EQ((*found)->expires_at, kT0 + 2h);
  EXPECT_FALSE(store_->find_session("s1", kT0 + 2h)->has_value());
}

TEST_F(StoreTest, CreatingASessionTwiceConflictsAndKeepsTheFirstTokens) {
  ASSERT_TRUE(store_->create_session(session("s1"), "first-tokens"));
  auto again = store_->create_session(session("s1"), "second-tokens");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(store_->load_tokens("s1")->value(), "first-tokens");
}

TEST_F(StoreTest, TokensCannotBeSavedForAMissingSession) {
  auto saved = store_->save_tokens("no-such-session", "blob");
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().kind, ErrorKind::not_found);
}

TEST_F(StoreTest, SaveTokensReplacesTheBlob) {
  ASSERT_TRUE(store_->create_session(session("s1"), "old"));
  ASSERT_TRUE(store_->save_tokens("s1", std::string("new\0blob", 8)));
  EXPECT_EQ(store_->load_tokens("s1")->value(), std::string("new\0blob", 8));
}

TEST_F(StoreTest, ASessionHasAtMostOneOrder) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  auto second = store_->create_order(order("o2", "s1"));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::conflict);
}

TEST_F(StoreTest, OrderOfAMissingSessionIsNotFound) {
  auto created = store_->create_order(order("o1", "ghost"));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::not_found);
}

TEST_F(StoreTest, UpdateOrderStoresStatusProgressAndError) {
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

TEST_F(StoreTest, RunningOrdersListsOnlyRunningOrdersOfLiveSessions) {
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

TEST_F(StoreTest, RawAnswersRoundTripBytesAndOffset) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  auto response = raw("invoice/abc", std::string("%PDF-1.4\0\xff", 10));
  response.content_type = "application/pdf";
  response.fetched_at.offset_minutes = 120;
  ASSERT_TRUE(store_->put_raw("o1", response));
  auto found = store_->find_raw("o1", "invoice/abc");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->body, std::string("%PDF-1.4\0\xff", 10));
  EXPECT_EQ((*found)->content_type, "application/pdf");
  EXPECT_EQ((*found)->fetched_at, response.fetched_at);
  EXPECT_FALSE(store_->find_raw("o1", "invoice/other")->has_value());
  EXPECT_EQ(*store_->count_raw("o1"), 1);
}

TEST_F(StoreTest, RawAnswerOfAMissingOrderIsRefused) {
  auto put = store_->put_raw("ghost", raw("vehicles", "{}"));
  ASSERT_FALSE(put.has_value());
  EXPECT_EQ(put.error().kind, ErrorKind::not_found);
}

TEST_F(StoreTest, ArtifactsAreStoredPerVinAndFormat) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->put_artifacts(
      "s1", {{"5YJ3E1EA7KF000001", "html", "text/html; charset=utf-8", "<html>a</html>"},
             {"5YJ3E1EA7KF000001", "pdf", "application/pdf", "%PDF-a"},
             {"", "invoices.zip", "application/zip", "PK.."}}));
  auto html = store_->find_artifact("s1", "5YJ3E1EA7KF000001", "html");
  ASSERT_TRUE(html.has_value() && html->has_value());
  EXPECT_EQ((*html)->bytes, "<html>a</html>");
  EXPECT_EQ((*html)->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(store_->find_artifact("s1", "", "invoices.zip")->value().bytes, "PK..");
  EXPECT_FALSE(store_->find_artifact("s1", "5YJ3E1EA7KF000001", "csv")->has_value());
  EXPECT_FALSE(store_->find_artifact("s2", "5YJ3E1EA7KF000001", "html")->has_value());
}

// Fills a session with one of everything, to check that deletion and expiry take it all.
void fill(SqliteStore& store, const std::string& sid, TimePoint expires) {
  ASSERT_TRUE(store.create_session(StoreTest::session(sid, expires), "tokens-" + sid));
  ASSERT_TRUE(store.create_order(StoreTest::order("order-" + sid, sid)));
  ASSERT_TRUE(store.put_raw("order-" + sid, StoreTest::raw("vehicles", "[]")));
  ASSERT_TRUE(store.put_artifacts(sid, {{"V", "json", "application/json", "{}"}}));
}

TEST_F(StoreTest, DeleteSessionErasesEverythingOfItAndNothingElse) {
  fill(*store_, "s1", kT0 + 2h);
  fill(*store_, "s2", kT0 + 2h);
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

TEST_F(StoreTest, SweepDeletesExpiredSessionsWithTheirDataAndExpiredStates) {
  fill(*store_, "old", kT0 + 1h);
  fill(*store_, "new", kT0 + 3h);
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

TEST_F(StoreTest, DataSurvivesReopeningTheDatabase) {
  fill(*store_, "s1", kT0 + 2h);
  store_.reset();
  store_ = open_store();
  EXPECT_TRUE(store_->find_session("s1", kT0)->has_value());
  EXPECT_EQ(store_->find_raw("order-s1", "vehicles")->value().body, "[]");
  EXPECT_EQ(store_->running_orders(kT0)->size(), 1u);
}

TEST(SqliteStoreOpen, UnwritableFolderIsAnIoError) {
  auto opened = SqliteStore::open({.path = "/proc/cpt-no-such-dir/x.db"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, ErrorKind::io);
}

}  // namespace
}  // namespace cpt::store::testing
