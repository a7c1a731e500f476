// The cost ledger and the order budget (ARCHITECTURE §5): every Tesla call recorded with its
// category, status, billed flag and price; a budget that refuses a billed call before it is sent.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cpt/core/error.h"
#include "cpt/tesla/endpoints.h"

namespace cpt::tesla {

// Prices in integer micro-dollars (USD * 10^6): data 2,000; wake 20,000; command 1,000;
// specs 100,000; auth 0.
std::int64_t price_micros(Category category);
// Tesla bills every answer below 500 (specs: only a successful one, "$0.10 per successful
// result"); auth calls and transport failures (status 0) are never billed.
bool is_billed(Category category, int status);
// "$0.002", "$1.21", "$0.10": dollars with 2 to 6 decimals, trailing zeros trimmed to 2.
std::string format_usd(std::int64_t micros);

// One call as the ledger saw it. Value type.
struct CallRecord {
  Endpoint endpoint = Endpoint::vehicles;
  Category category = Category::data;
  int http_status = 0;  // 0: no answer (transport failure, timeout)
  bool billed = false;
  std::int64_t price_micros = 0;  // what it cost (0 when not billed)
  std::string vin_suffix;
  std::string region;
  int attempt = 1;
  std::chrono::milliseconds elapsed{0};
};

// Append-only record of calls. Thread-safe.
class CallLedger {
 public:
  void record(CallRecord record);
  std::vector<CallRecord> records() const;
  std::int64_t billed_micros() const;
  int billed_calls() const;
  // Billed calls per endpoint name.
  std::map<std::string, int> billed_by_endpoint() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<CallRecord> records_;
};

// An order's spending limit. A call reserves its price before it is sent (so concurrent calls
// cannot overshoot together) and settles after: kept if billed, released if not. Thread-safe.
class Budget {
 public:
  explicit Budget(std::int64_t limit_micros) : limit_(limit_micros) {}
  // budget_exceeded when spent + reserved + price would pass the limit.
  Result<void> reserve(std::int64_t price);
  void settle(std::int64_t price, bool billed);
  std::int64_t limit() const { return limit_; }
  std::int64_t spent() const;
  std::int64_t remaining() const;

 private:
  mutable std::mutex mutex_;
  std::int64_t limit_;
  std::int64_t spent_ = 0;
  std::int64_t reserved_ = 0;
};

// One step of a fetch plan: an endpoint and how many times it will be called.
struct PlanItem {
  Endpoint endpoint;
  int count = 1;
};
using FetchPlan = std::vector<PlanItem>;

// The most a plan can cost (every call billed once): the dry-run price.
std::int64_t price_of(const FetchPlan& plan);

}  // namespace cpt::tesla
