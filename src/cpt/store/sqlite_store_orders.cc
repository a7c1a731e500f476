// SqliteStore: orders, raw Tesla answers and rendered artifacts.
#include <SQLiteCpp/SQLiteCpp.h>

#include "cpt/store/sqlite_store.h"
#include "cpt/store/sqlite_support.h"

namespace cpt::store {

namespace {

OrderRecord read_order(SQLite::Statement& st) {
  OrderRecord out;
  out.id = st.getColumn(0).getString();
  out.session_id = st.getColumn(1).getString();
  out.spec_json = st.getColumn(2).getString();
  out.status = parse_order_status(st.getColumn(3).getString()).value_or(OrderStatus::failed);
  out.progress_json = st.getColumn(4).getString();
  out.error = st.getColumn(5).getString();
  out.created_at = detail::from_millis(st.getColumn(6).getInt64());
  out.updated_at = detail::from_millis(st.getColumn(7).getInt64());
  return out;
}

constexpr const char* kOrderColumns =
    "o.id, o.session_id, o.spec, o.status, o.progress, o.error, o.created_at, o.updated_at";

}  // namespace

Result<void> SqliteStore::create_order(const OrderRecord& order) {
  std::lock_guard lock(mutex_);
  return detail::guarded("create_order", [&]() -> Result<void> {
    SQLite::Statement st(*db_,
                         "INSERT INTO orders(id, session_id, spec, status, progress, error, "
                         "created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, order.id);
    st.bind(2, order.session_id);
    st.bind(3, order.spec_json);
    detail::bind_text(st, 4, to_string(order.status));
    st.bind(5, order.progress_json);
    st.bind(6, order.error);
    st.bind(7, detail::to_millis(order.created_at));
    st.bind(8, detail::to_millis(order.updated_at));
    st.exec();
    return {};
  });
}

Result<std::optional<OrderRecord>> SqliteStore::find_order_of_session(std::string_view session_id) {
  std::lock_guard lock(mutex_);
  return detail::guarded("find_order", [&]() -> Result<std::optional<OrderRecord>> {
    SQLite::Statement st(
        *db_, std::string("SELECT ") + kOrderColumns + " FROM orders o WHERE o.session_id = ?");
    detail::bind_text(st, 1, session_id);
    if (!st.executeStep()) return std::nullopt;
    return read_order(st);
  });
}

Result<void> SqliteStore::update_order(std::string_view order_id, OrderStatus status,
                                       std::string_view progress_json, std::string_view error,
                                       TimePoint now) {
  std::lock_guard lock(mutex_);
  return detail::guarded("update_order", [&]() -> Result<void> {
    SQLite::Statement st(*db_,
                         "UPDATE orders SET status = ?, progress = ?, error = ?, updated_at = ? "
                         "WHERE id = ?");
    detail::bind_text(st, 1, to_string(status));
    detail::bind_text(st, 2, progress_json);
    detail::bind_text(st, 3, error);
    st.bind(4, detail::to_millis(now));
    detail::bind_text(st, 5, order_id);
    if (st.exec() == 0) return fail(ErrorKind::not_found, "update_order: the order is gone");
    return {};
  });
}

Result<std::vector<OrderRecord>> SqliteStore::running_orders(TimePoint now) {
  std::lock_guard lock(mutex_);
  return detail::guarded("running_orders", [&]() -> Result<std::vector<OrderRecord>> {
    SQLite::Statement st(*db_, std::string("SELECT ") + kOrderColumns +
                                   " FROM orders o JOIN sessions s ON s.id = o.session_id "
                                   "WHERE o.status = 'running' AND s.expires_at > ? "
                                   "ORDER BY o.created_at");
    st.bind(1, detail::to_millis(now));
    std::vector<OrderRecord> out;
    while (st.executeStep()) out.push_back(read_order(st));
    return out;
  });
}

Result<std::optional<acquire::StoredResponse>> SqliteStore::find_raw(std::string_view order_id,
                                                                     std::string_view key) {
  std::lock_guard lock(mutex_);
  return detail::guarded("find_raw", [&]() -> Result<std::optional<acquire::StoredResponse>> {
    SQLite::Statement st(*db_,
                         "SELECT http_status, content_type, body, fetched_at, fetched_offset "
                         "FROM raw_responses WHERE order_id = ? AND key = ?");
    detail::bind_text(st, 1, order_id);
    detail::bind_text(st, 2, key);
    if (!st.executeStep()) return std::nullopt;
    acquire::StoredResponse out;
    out.key = std::string(key);
    out.http_status = st.getColumn(0).getInt();
    out.content_type = st.getColumn(1).getString();
    out.body = detail::column_bytes(st, 2);
    out.fetched_at.utc = SysMillis(std::chrono::milliseconds(st.getColumn(3).getInt64()));
    if (!st.getColumn(4).isNull()) out.fetched_at.offset_minutes = st.getColumn(4).getInt();
    return out;
  });
}

Result<void> SqliteStore::put_raw(std::string_view order_id,
                                  const acquire::StoredResponse& response) {
  std::lock_guard lock(mutex_);
  return detail::guarded("put_raw", [&]() -> Result<void> {
    SQLite::Statement st(*db_,
                         "INSERT INTO raw_responses(order_id, key, http_status, content_type, "
                         "body, fetched_at, fetched_offset) VALUES(?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT(order_id, key) DO UPDATE SET http_status = "
                         "excluded.http_status, content_type = excluded.content_type, body = "
                         "excluded.body, fetched_at = excluded.fetched_at, fetched_offset = "
                         "excluded.fetched_offset");
    detail::bind_text(st, 1, order_id);
    st.bind(2, response.key);
    st.bind(3, response.http_status);
    st.bind(4, response.content_type);
    detail::bind_blob(st, 5, response.body);
    st.bind(6, response.fetched_at.epoch_millis());
    if (response.fetched_at.offset_minutes) {
      st.bind(7, *response.fetched_at.offset_minutes);
    } else {
      st.bind(7);
    }
    st.exec();
    return {};
  });
}

Result<void> SqliteStore::erase_raw(std::string_view order_id) {
  std::lock_guard lock(mutex_);
  return detail::guarded("erase_raw", [&]() -> Result<void> {
    SQLite::Statement st(*db_, "DELETE FROM raw_responses WHERE order_id = ?");
    detail::bind_text(st, 1, order_id);
    st.exec();
    return {};
  });
}

Result<int> SqliteStore::count_raw(std::string_view order_id) {
  std::lock_guard lock(mutex_);
  return detail::guarded("count_raw", [&]() -> Result<int> {
    SQLite::Statement st(*db_, "SELECT COUNT(*) FROM raw_responses WHERE order_id = ?");
    detail::bind_text(st, 1, order_id);
    st.executeStep();
    return st.getColumn(0).getInt();
  });
}

Result<void> SqliteStore::put_artifacts(std::string_view session_id,
                                        const std::vector<Artifact>& artifacts) {
  std::lock_guard lock(mutex_);
  return detail::guarded("put_artifacts", [&]() -> Result<void> {
    SQLite::Transaction tx(*db_);
    SQLite::Statement st(*db_,
                         "INSERT OR REPLACE INTO artifacts(session_id, vin, format, "
                         "content_type, bytes) VALUES(?, ?, ?, ?, ?)");
    for (const Artifact& artifact : artifacts) {
      st.reset();
      st.clearBindings();
      detail::bind_text(st, 1, session_id);
      st.bind(2, artifact.vin);
      st.bind(3, artifact.format);
      st.bind(4, artifact.content_type);
      detail::bind_blob(st, 5, artifact.bytes);
      st.exec();
    }
    tx.commit();
    return {};
  });
}

Result<std::optional<Artifact>> SqliteStore::find_artifact(std::string_view session_id,
                                                           std::string_view vin,
                                                           std::string_view format) {
  std::lock_guard lock(mutex_);
  return detail::guarded("find_artifact", [&]() -> Result<std::optional<Artifact>> {
    SQLite::Statement st(*db_,
                         "SELECT content_type, bytes FROM artifacts WHERE session_id = ? AND "
                         "vin = ? AND format = ?");
    detail::bind_text(st, 1, session_id);
    detail::bind_text(st, 2, vin);
    detail::bind_text(st, 3, format);
    if (!st.executeStep()) return std::nullopt;
    Artifact out;
    out.vin = std::string(vin);
    out.format = std::string(format);
    out.content_type = st.getColumn(0).getString();
    out.bytes = detail::column_bytes(st, 1);
    return out;
  });
}

}  // namespace cpt::store
