// What only the SQLite store has: WAL mode, owner-only files, no trace of a deleted session in
// any database file.
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

// What every backend must do is in session_store_contract_test.cc (run against SQLite and Redis);
// this file holds what only the SQLite store has.

TEST(SqliteStoreOpen, UnwritableFolderIsAnIoError) {
  auto opened = SqliteStore::open({.path = "/proc/cpt-no-such-dir/x.db"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, ErrorKind::io);
}

}  // namespace
}  // namespace cpt::store::testing
