// SqliteStore: the embedded SessionStore on one SQLite database in WAL mode.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "cpt/store/session_store.h"

namespace SQLite {
class Database;
}

namespace cpt::store {

// Where and how the database lives. Plain values.
struct SqliteOptions {
  std::string path = "cpt-service.db";  // ":memory:" for a private in-memory database
  std::chrono::milliseconds busy_timeout{5000};
  // Overwrite deleted content with zeros (personal data must not linger in free pages).
  bool secure_delete = true;
};

// SessionStore over SQLite (WAL, foreign keys with ON DELETE CASCADE, so deleting a session is
// one statement). One connection guarded by a mutex: thread-safe. Several processes may open the
// same file (WAL + busy timeout).
class SqliteStore final : public SessionStore {
 public:
  // Opens (creating if needed) the database and its schema.
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<void> put_oauth_state(const OAuthState& state) override;
  Result<std::optional<OAuthState>> take_oauth_state(std::string_view state,
                                                     TimePoint now) override;

  Result<void> create_session(const SessionRecord& session,
                              std::string_view sealed_tokens) override;
  Result<std::optional<SessionRecord>> find_session(std::string_view id, TimePoint now) override;
  Result<bool> delete_session(std::string_view id) override;
  Result<std::optional<std::string>> load_tokens(std::string_view account) override;
  Result<void> save_tokens(std::string_view account, std::string_view sealed) override;

  Result<void> create_order(const OrderRecord& order) override;
  Result<std::optional<OrderRecord>> find_order_of_session(std::string_view session_id) override;
  Result<void> update_order(std::string_view order_id, OrderStatus status,
                            std::string_view progress_json, std::string_view error,
                            TimePoint now) override;
  Result<std::vector<OrderRecord>> running_orders(TimePoint now) override;

  Result<std::optional<acquire::StoredResponse>> find_raw(std::string_view order_id,
                                                          std::string_view key) override;
  Result<void> put_raw(std::string_view order_id, const acquire::StoredResponse& response) override;
  Result<void> erase_raw(std::string_view order_id) override;
  Result<int> count_raw(std::string_view order_id) override;

  Result<void> put_artifacts(std::string_view session_id,
                             const std::vector<Artifact>& artifacts) override;
  Result<std::optional<Artifact>> find_artifact(std::string_view session_id, std::string_view vin,
                                                std::string_view format) override;

  Result<SweepStats> sweep(TimePoint now) override;

  // The journal mode SQLite reports ("wal" for a file database).
  Result<std::string> journal_mode();

 private:
  explicit SqliteStore(std::unique_ptr<SQLite::Database> db);
  void truncate_wal();
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cpt::store
