// A fresh SqliteStore in a temporary folder per test, plus record builders.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "cpt/store/sqlite_store.h"

namespace cpt::store::testing {

using namespace std::chrono_literals;

inline const TimePoint kT0 = TimePoint(std::chrono::seconds(1'760'000'000));

class StoreTest : public ::testing::Test {
 public:
  static SessionRecord session(std::string id, TimePoint expires = kT0 + 2h) {
    return SessionRecord{.id = std::move(id),
                         .owner = "owner-hash-a",
                         .region = "eu",
                         .inventory_json = R"([{"vin":"5YJ3E1EA7KF000001"}])",
                         .created_at = kT0,
                         .expires_at = expires};
  }
  static OrderRecord order(std::string id, std::string session_id) {
    return OrderRecord{.id = std::move(id),
                       .session_id = std::move(session_id),
                       .spec_json = R"({"package":"pro"})",
                       .status = OrderStatus::running,
                       .progress_json = "{}",
                       .error = "",
                       .created_at = kT0,
                       .updated_at = kT0};
  }
  static acquire::StoredResponse raw(std::string key, std::string body) {
    acquire::StoredResponse r;
    r.key = std::move(key);
    r.http_status = 200;
    r.content_type = "application/json";
    r.body = std::move(body);
    r.fetched_at = from_epoch_seconds(1'760'000'100);
    return r;
  }

 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cpt-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = open_store();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::shared_ptr<SqliteStore> open_store() {
    auto opened = SqliteStore::open({.path = (dir_ / "cpt.db").string()});
    EXPECT_TRUE(opened.has_value()) << opened.error().describe();
    return std::shared_ptr<SqliteStore>(std::move(*opened));
  }

  std::filesystem::path dir_;
  std::shared_ptr<SqliteStore> store_;
};

}  // namespace cpt::store::testing
