// Ledger: every request the simulated Fleet API answered, counted and priced the way Tesla bills.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cpt::sim {

// Tesla's pricing categories. Authentication (and the partner endpoints) are free.
enum class Category { data, wake, command, specs, auth };

std::string_view to_string(Category category);  // "data", "wakes", "commands", "specs", "auth"
// Unit price in micro-dollars: data 2000 ($0.002), wake 20000, command 1000, specs 100000, auth 0.
std::int64_t price_micros(Category category);
// Whether a response with this status is billed: status < 500; specs only when successful (2xx),
// as the seed's "$0.10 per successful result". A dropped connection (status 0) is never billed.
bool is_billed(Category category, int status);

// One answered (or dropped: status 0) request.
struct LedgerEntry {
  std::string host;  // "auth", "na", "eu", "cn"
  std::string method;
  std::string path;  // without the query string
  int status = 0;
  Category category = Category::data;
  bool billed = false;
  std::int64_t price_micros = 0;
  // Who and what it was about, and the fault injected (for a chaos run's honesty check).
  std::string vin{};    // the vehicle the request named (path tag or ?vin=), else empty
  std::string user{};   // the simulated user whose token it carried, else empty
  std::string query{};  // the query string's parameters ("pageNo=1&vin=..."), sorted
  std::string fault{};  // "", "429", "500", "reset", "malformed", "slow"
  std::string grant{};  // token endpoint: the grant_type ("refresh_token" ...)
};

// Per-category counters.
struct CategoryTotals {
  std::int64_t requests = 0;
  std::int64_t billed = 0;
  std::int64_t cost_micros = 0;
};

// A snapshot of the ledger. Value type.
struct Ledger {
  std::map<Category, CategoryTotals> totals;
  std::vector<LedgerEntry> entries;  // oldest first; capped (see LedgerRecorder)
  std::int64_t dropped_entries = 0;  // entries not kept because of the cap (counters stay exact)

  std::int64_t requests(Category category) const;
  std::int64_t billed(Category category) const;
  std::int64_t total_requests() const;
  std::int64_t total_billed() const;
  std::int64_t total_cost_micros() const;
  // Entries whose path starts with `prefix` (and method matches, when given).
  std::int64_t count(std::string_view path_prefix, std::string_view method = {}) const;
  // The JSON served at GET /sim/ledger (entries included when `with_entries`).
  std::string to_json(bool with_entries = true) const;
};

// Records entries; thread-safe.
class LedgerRecorder {
 public:
  explicit LedgerRecorder(std::size_t max_entries = 200000) : max_entries_(max_entries) {}
  void record(LedgerEntry entry);
  Ledger snapshot() const;
  void reset();

 private:
  mutable std::mutex mutex_;
  std::size_t max_entries_;
  Ledger ledger_;
};

}  // namespace cpt::sim
