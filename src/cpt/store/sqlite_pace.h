// SqlitePace: each account's pace (tesla::AccountPace) kept in a SQLite file, so that a later
// process of the same account (a second `cpt report`, a restarted single-machine service) starts
// at the limit the last one settled on and honours a Retry-After still in force. Several
// processes may open one file at once (WAL + busy timeout).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "cpt/core/error.h"
#include "cpt/tesla/account_pace.h"

namespace SQLite {
class Database;
}

namespace cpt::store {

// Tables pace_limits (account -> limit, threshold, recorded at) and pace_pauses (account, vehicle
// ("" for the account) -> until). What is past AccountPace::kKept or has ended is deleted on
// every write. A SQLite failure reads as "nothing known" and a failed write is lost (the limiter
// then works as in one process). One connection guarded by a mutex: thread-safe.
class SqlitePace final : public tesla::AccountPace {
 public:
  // Opens (creating, readable by its owner only) the file at `path`.
  static Result<std::unique_ptr<SqlitePace>> open(
      const std::string& path, std::chrono::milliseconds busy_timeout = std::chrono::seconds(2));
  ~SqlitePace() override;

  void record_limit(std::string_view account, int limit, int threshold,
                    std::chrono::system_clock::time_point now) override;
  void record_pause(std::string_view account, std::string_view vehicle,
                    std::chrono::system_clock::time_point until,
                    std::chrono::system_clock::time_point now) override;
  tesla::PaceState read(std::string_view account,
                        std::chrono::system_clock::time_point now) override;

 private:
  explicit SqlitePace(std::unique_ptr<SQLite::Database> db);

  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cpt::store
