#include "cpt/store/sqlite_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "cpt/store/sqlite_support.h"

namespace cpt::store {

namespace {

// Version 1 of the schema. Every table hangs off `sessions` through ON DELETE CASCADE, so one
// DELETE erases a session's tokens, order, raw answers and artifacts together.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS oauth_states(
  state TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS oauth_states_expiry ON oauth_states(expires_at);
CREATE TABLE IF NOT EXISTS sessions(
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  region TEXT NOT NULL,
  inventory TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);
CREATE TABLE IF NOT EXISTS tokens(
  account TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  sealed BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS orders(
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  progress TEXT NOT NULL,
  error TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS raw_responses(
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body BLOB NOT NULL,
  fetched_at INTEGER NOT NULL,
  fetched_offset INTEGER,
  PRIMARY KEY(order_id, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS artifacts(
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  vin TEXT NOT NULL,
  format TEXT NOT NULL,
  content_type TEXT NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY(session_id, vin, format)) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

}  // namespace

std::string_view to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::running:
      return "running";
    case OrderStatus::done:
      return "done";
    case OrderStatus::failed:
      return "failed";
  }
  return "failed";
}

std::optional<OrderStatus> parse_order_status(std::string_view text) {
  if (text == "running") return OrderStatus::running;
  if (text == "done") return OrderStatus::done;
  if (text == "failed") return OrderStatus::failed;
  return std::nullopt;
}

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  return detail::guarded("open", [&]() -> Result<std::unique_ptr<SqliteStore>> {
    detail::restrict_to_owner(options.path);
    auto db = std::make_unique<SQLite::Database>(
        options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        static_cast<int>(options.busy_timeout.count()));
    // WAL lets readers of other processes proceed while the service writes; NORMAL sync is
    // durable across process crashes (a power loss may drop the last transactions only).
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec(options.secure_delete ? "PRAGMA secure_delete=ON" : "PRAGMA secure_delete=OFF");
    SQLite::Transaction tx(*db);
    db->exec(kSchema);
    tx.commit();
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
  });
}

Result<std::string> SqliteStore::journal_mode() {
  std::lock_guard lock(mutex_);
  return detail::guarded("journal_mode", [&]() -> Result<std::string> {
    return db_->execAndGet("PRAGMA journal_mode").getString();
  });
}

Result<void> SqliteStore::put_oauth_state(const OAuthState& state) {
  std::lock_guard lock(mutex_);
  return detail::guarded("put_oauth_state", [&]() -> Result<void> {
    SQLite::Statement st(*db_,
                         "INSERT INTO oauth_states(state, owner, code_verifier, redirect_uri, "
                         "expires_at) VALUES(?, ?, ?, ?, ?)");
    st.bind(1, state.state);
    st.bind(2, state.owner);
    st.bind(3, state.code_verifier);
    st.bind(4, state.redirect_uri);
    st.bind(5, detail::to_millis(state.expires_at));
    st.exec();
    return {};
  });
}

Result<std::optional<OAuthState>> SqliteStore::take_oauth_state(std::string_view state,
                                                                TimePoint now) {
  std::lock_guard lock(mutex_);
  return detail::guarded("take_oauth_state", [&]() -> Result<std::optional<OAuthState>> {
    // DELETE ... RETURNING makes "read and forget" one statement: a replayed state finds nothing.
    SQLite::Statement st(*db_,
                         "DELETE FROM oauth_states WHERE state = ? RETURNING owner, "
                         "code_verifier, redirect_uri, expires_at");
    detail::bind_text(st, 1, state);
    if (!st.executeStep()) return std::nullopt;
    OAuthState out;
    out.state = std::string(state);
    out.owner = st.getColumn(0).getString();
    out.code_verifier = st.getColumn(1).getString();
    out.redirect_uri = st.getColumn(2).getString();
    out.expires_at = detail::from_millis(st.getColumn(3).getInt64());
    while (st.executeStep()) {
    }
    if (out.expires_at <= now) return std::nullopt;
    return out;
  });
}

Result<void> SqliteStore::create_session(const SessionRecord& session,
                                         std::string_view sealed_tokens) {
  std::lock_guard lock(mutex_);
  return detail::guarded("create_session", [&]() -> Result<void> {
    SQLite::Transaction tx(*db_);
    SQLite::Statement st(*db_,
                         "INSERT INTO sessions(id, owner, region, inventory, created_at, "
                         "expires_at) VALUES(?, ?, ?, ?, ?, ?)");
    st.bind(1, session.id);
    st.bind(2, session.owner);
    st.bind(3, session.region);
    st.bind(4, session.inventory_json);
    st.bind(5, detail::to_millis(session.created_at));
    st.bind(6, detail::to_millis(session.expires_at));
    st.exec();
    SQLite::Statement tokens(*db_, "INSERT INTO tokens(account, sealed) VALUES(?, ?)");
    tokens.bind(1, session.id);
    detail::bind_blob(tokens, 2, sealed_tokens);
    tokens.exec();
    tx.commit();
    return {};
  });
}

Result<std::optional<SessionRecord>> SqliteStore::find_session(std::string_view id, TimePoint now) {
  std::lock_guard lock(mutex_);
  return detail::guarded("find_session", [&]() -> Result<std::optional<SessionRecord>> {
    SQLite::Statement st(*db_,
                         "SELECT owner, region, inventory, created_at, expires_at FROM sessions "
                         "WHERE id = ? AND expires_at > ?");
    detail::bind_text(st, 1, id);
    st.bind(2, detail::to_millis(now));
    if (!st.executeStep()) return std::nullopt;
    SessionRecord out;
    out.id = std::string(id);
    out.owner = st.getColumn(0).getString();
    out.region = st.getColumn(1).getString();
    out.inventory_json = st.getColumn(2).getString();
    out.created_at = detail::from_millis(st.getColumn(3).getInt64());
    out.expires_at = detail::from_millis(st.getColumn(4).getInt64());
    return out;
  });
}

Result<bool> SqliteStore::delete_session(std::string_view id) {
  std::lock_guard lock(mutex_);
  return detail::guarded("delete_session", [&]() -> Result<bool> {
    SQLite::Statement st(*db_, "DELETE FROM sessions WHERE id = ?");
    detail::bind_text(st, 1, id);
    const bool deleted = st.exec() > 0;
    if (deleted) truncate_wal();
    return deleted;
  });
}

Result<std::optional<std::string>> SqliteStore::load_tokens(std::string_view account) {
  std::lock_guard lock(mutex_);
  return detail::guarded("load_tokens", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement st(*db_, "SELECT sealed FROM tokens WHERE account = ?");
    detail::bind_text(st, 1, account);
    if (!st.executeStep()) return std::nullopt;
    return detail::column_bytes(st, 0);
  });
}

Result<void> SqliteStore::save_tokens(std::string_view account, std::string_view sealed) {
  std::lock_guard lock(mutex_);
  return detail::guarded("save_tokens", [&]() -> Result<void> {
    SQLite::Statement st(*db_,
                         "INSERT INTO tokens(account, sealed) VALUES(?, ?) "
                         "ON CONFLICT(account) DO UPDATE SET sealed = excluded.sealed");
    detail::bind_text(st, 1, account);
    detail::bind_blob(st, 2, sealed);
    st.exec();
    return {};
  });
}

Result<SweepStats> SqliteStore::sweep(TimePoint now) {
  std::lock_guard lock(mutex_);
  return detail::guarded("sweep", [&]() -> Result<SweepStats> {
    SweepStats stats;
    SQLite::Transaction tx(*db_);
    SQLite::Statement sessions(*db_, "DELETE FROM sessions WHERE expires_at <= ?");
    sessions.bind(1, detail::to_millis(now));
    stats.sessions = sessions.exec();
    SQLite::Statement states(*db_, "DELETE FROM oauth_states WHERE expires_at <= ?");
    states.bind(1, detail::to_millis(now));
    stats.oauth_states = states.exec();
    tx.commit();
    if (stats.sessions > 0) truncate_wal();
    return stats;
  });
}

// Secure delete zeroes the freed pages, but the WAL still holds the frames written before the
// delete; a TRUNCATE checkpoint copies the zeroed pages home and empties the WAL file, so the
// session is gone from every file. Best effort: a reader holding an old snapshot only delays it
// to the next delete or sweep. Caller holds mutex_.
void SqliteStore::truncate_wal() {
  try {
    db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception&) {
  }
}

}  // namespace cpt::store
