// RawStore: the raw Tesla answers of an order, so a response fetched once is never fetched again
// (also across a service restart).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cpt/core/error.h"
#include "cpt/core/time.h"

namespace cpt::acquire {

// One successful raw answer. `key` names the call: "vehicles", "vehicle_data/<VIN>",
// "charging_history/page/2", "invoice/<content id>". Holds personal data. Value type.
struct StoredResponse {
  std::string key;
  int http_status = 200;
  std::string content_type;
  std::string body;  // bytes as received (JSON text or PDF)
  Timestamp fetched_at;
};

// Keeps raw answers per order. Implementations are thread-safe; the service's lives in SQLite
// (store/), with the session's TTL.
class RawStore {
 public:
  virtual ~RawStore() = default;
  virtual Result<std::optional<StoredResponse>> find(std::string_view order_id,
                                                     std::string_view key) = 0;
  virtual Result<void> put(std::string_view order_id, const StoredResponse& response) = 0;
  // Forgets everything of an order.
  virtual Result<void> erase_order(std::string_view order_id) = 0;
};

// RawStore in memory (CLI runs, tests). Thread-safe.
class InMemoryRawStore final : public RawStore {
 public:
  Result<std::optional<StoredResponse>> find(std::string_view order_id,
                                             std::string_view key) override;
  Result<void> put(std::string_view order_id, const StoredResponse& response) override;
  Result<void> erase_order(std::string_view order_id) override;

 private:
  std::mutex mutex_;
  std::map<std::string, StoredResponse, std::less<>> responses_;  // order id + '\n' + key
};

}  // namespace cpt::acquire
