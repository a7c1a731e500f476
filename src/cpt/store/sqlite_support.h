// Helpers shared by the SqliteStore source files (private to store/): exception-to-Result
// translation, time columns and byte binding.
#pragma once

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "cpt/core/error.h"
#include "cpt/store/session_store.h"

namespace cpt::store::detail {

inline std::int64_t to_millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline TimePoint from_millis(std::int64_t ms) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

// The database files hold full VINs and account keys: only their owner may read them. SQLite
// gives the -wal and -shm files the database file's mode, so creating (or tightening) the main
// file first covers all three.
inline void restrict_to_owner(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;  // SQLite reports the real problem when it opens the file
  ::fchmod(fd, 0600);
  ::close(fd);
}

inline void bind_text(SQLite::Statement& st, int index, std::string_view text) {
  st.bind(index, std::string(text));
}

inline void bind_blob(SQLite::Statement& st, int index, std::string_view bytes) {
  st.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}

inline std::string column_bytes(SQLite::Statement& st, int index) {
  const SQLite::Column column = st.getColumn(index);
  const auto* data = static_cast<const char*>(column.getBlob());
  return data == nullptr ? std::string()
                         : std::string(data, static_cast<std::size_t>(column.getBytes()));
}

// Maps SQLite failures onto error kinds: a foreign key pointing nowhere means the session or order
// is gone (not_found), a duplicate key is a conflict, the rest is io.
inline Error sqlite_error(std::string_view what, const SQLite::Exception& e) {
  ErrorKind kind = ErrorKind::io;
  const int code = e.getExtendedErrorCode();
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY) kind = ErrorKind::not_found;
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = ErrorKind::conflict;
  }
  return make_error(
      kind,
      "sqlite " + std::string(what) + ": " + e.what() + " (code " + std::to_string(code) + ")",
      kind == ErrorKind::io ? "The session storage failed; please try again." : "");
}

// Runs `body` and turns any exception (SQLiteCpp reports every failure by throwing) into an Error,
// so nothing thrown leaves the store layer.
template <class F>
auto guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return std::unexpected(sqlite_error(what, e));
  } catch (const std::exception& e) {
    return std::unexpected(
        make_error(ErrorKind::io, "sqlite " + std::string(what) + ": " + e.what()));
  }
}

}  // namespace cpt::store::detail
