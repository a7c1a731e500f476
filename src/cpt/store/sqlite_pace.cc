#include "cpt/store/sqlite_pace.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "cpt/store/sqlite_support.h"

namespace cpt::store {
namespace {

using SysTime = std::chrono::system_clock::time_point;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS pace_limits(
  account TEXT PRIMARY KEY,
  lim INTEGER NOT NULL,
  threshold INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pace_pauses(
  account TEXT NOT NULL,
  vehicle TEXT NOT NULL,
  until INTEGER NOT NULL,
  PRIMARY KEY(account, vehicle)) WITHOUT ROWID;
)sql";

std::int64_t kept_ms() {
  return std::chrono::milliseconds(tesla::AccountPace::kKept).count();
}

}  // namespace

SqlitePace::SqlitePace(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqlitePace::~SqlitePace() = default;

Result<std::unique_ptr<SqlitePace>> SqlitePace::open(const std::string& path,
                                                     std::chrono::milliseconds busy_timeout) {
  return detail::guarded("open pace", [&]() -> Result<std::unique_ptr<SqlitePace>> {
    detail::restrict_to_owner(path);  // it names accounts and VINs
    auto db = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        static_cast<int>(busy_timeout.count()));
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA secure_delete=ON");  // an ended pause's VIN does not linger in free pages
    db->exec(kSchema);
    // What ended or was forgotten since the last run goes now, not at this run's first write.
    const std::int64_t now_ms = detail::to_millis(std::chrono::system_clock::now());
    SQLite::Statement pauses(*db, "DELETE FROM pace_pauses WHERE until <= ?");
    pauses.bind(1, now_ms);
    pauses.exec();
    SQLite::Statement limits(*db, "DELETE FROM pace_limits WHERE recorded_at <= ?");
    limits.bind(1, now_ms - kept_ms());
    limits.exec();
    return std::unique_ptr<SqlitePace>(new SqlitePace(std::move(db)));
  });
}

void SqlitePace::record_limit(std::string_view account, int limit, int threshold, SysTime now) {
  if (limit < 1) return;
  std::lock_guard lock(mutex_);
  (void)detail::guarded("record limit", [&]() -> Result<void> {
    const std::int64_t now_ms = detail::to_millis(now);
    SQLite::Transaction tx(*db_);
    SQLite::Statement forget(*db_, "DELETE FROM pace_limits WHERE recorded_at <= ?");
    forget.bind(1, now_ms - kept_ms());
    forget.exec();
    SQLite::Statement st(*db_,
                         "INSERT INTO pace_limits(account, lim, threshold, recorded_at) "
                         "VALUES(?, ?, ?, ?) ON CONFLICT(account) DO UPDATE SET lim = "
                         "excluded.lim, threshold = excluded.threshold, recorded_at = "
                         "excluded.recorded_at");
    detail::bind_text(st, 1, account);
    st.bind(2, limit);
    st.bind(3, threshold);
    st.bind(4, now_ms);
    st.exec();
    tx.commit();
    return {};
  });
}

void SqlitePace::record_pause(std::string_view account, std::string_view vehicle, SysTime until,
                              SysTime now) {
  if (until <= now) return;
  std::lock_guard lock(mutex_);
  (void)detail::guarded("record pause", [&]() -> Result<void> {
    SQLite::Transaction tx(*db_);
    SQLite::Statement forget(*db_, "DELETE FROM pace_pauses WHERE until <= ?");
    forget.bind(1, detail::to_millis(now));
    forget.exec();
    // A pause already recorded that ends later stands.
    SQLite::Statement st(*db_,
                         "INSERT INTO pace_pauses(account, vehicle, until) VALUES(?, ?, ?) "
                         "ON CONFLICT(account, vehicle) DO UPDATE SET until = "
                         "max(until, excluded.until)");
    detail::bind_text(st, 1, account);
    detail::bind_text(st, 2, vehicle);
    st.bind(3, detail::to_millis(until));
    st.exec();
    tx.commit();
    return {};
  });
}

tesla::PaceState SqlitePace::read(std::string_view account, SysTime now) {
  std::lock_guard lock(mutex_);
  tesla::PaceState state;
  (void)detail::guarded("read pace", [&]() -> Result<void> {
    const std::int64_t now_ms = detail::to_millis(now);
    SQLite::Statement limit(*db_,
                            "SELECT lim, threshold FROM pace_limits WHERE account = ? AND "
                            "recorded_at > ?");
    detail::bind_text(limit, 1, account);
    limit.bind(2, now_ms - kept_ms());
    if (limit.executeStep()) {
      state.limit = limit.getColumn(0).getInt();
      state.threshold = limit.getColumn(1).getInt();
    }
    SQLite::Statement pauses(*db_,
                             "SELECT vehicle, until FROM pace_pauses WHERE account = ? AND "
                             "until > ?");
    detail::bind_text(pauses, 1, account);
    pauses.bind(2, now_ms);
    while (pauses.executeStep()) {
      state.add_pause(pauses.getColumn(0).getString(),
                      detail::from_millis(pauses.getColumn(1).getInt64()));
    }
    return {};
  });
  return state;
}

}  // namespace cpt::store
