// Fetcher: one order's gate to Tesla. Every call is looked up in the order's RawStore first (a
// response fetched once is reused, also after a restart) and counted with its estimated cost.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "cpt/acquire/raw_store.h"
#include "cpt/core/clock.h"
#include "cpt/core/error.h"
#include "cpt/core/time.h"
#include "cpt/tesla/endpoints.h"
#include "cpt/tesla/fleet_connection.h"

namespace cpt::acquire {

// One call as the order saw it: the body or the error, and what it cost. Value type.
struct Fetched {
  std::optional<std::string> body;
  std::optional<Error> error;
  int calls = 0;                 // HTTP requests made; 0 when reused from the store
  std::int64_t cost_micros = 0;  // estimated: the endpoint's price when Tesla bills the answer
  bool reused = false;
  Timestamp fetched_at;

  bool ok() const { return body.has_value(); }
};

// Thread-safe: calls for different keys may run concurrently.
class Fetcher {
 public:
  Fetcher(std::string order_id, RawStore& store, Clock& clock)
      : order_id_(std::move(order_id)), store_(store), clock_(clock) {}

  // A JSON call. `key` names it in the store ("vehicle_data/<VIN>").
  Fetched json(const std::string& key, tesla::Endpoint endpoint,
               const std::function<Result<tesla::RawResponse>()>& call);
  // A document call (invoice PDF), stored with its content type.
  Fetched document(const std::string& key, tesla::Endpoint endpoint, std::string_view content_type,
                   const std::function<Result<tesla::RawResponse>()>& call);
  // Fetches a document ahead of the document() call that will want it (invoice PDFs scheduled
  // behind the reports): that call then takes this answer, with its calls and cost, instead of
  // asking again. Counted here, once.
  void prefetch_document(const std::string& key, tesla::Endpoint endpoint,
                         std::string_view content_type,
                         const std::function<Result<tesla::RawResponse>()>& call);
  // A call that must not be cached (wake_up): only counted.
  Fetched uncached(tesla::Endpoint endpoint,
                   const std::function<Result<tesla::RawResponse>()>& call);

  // Building blocks for calls that span several requests (the charging history walk).
  std::optional<Fetched> reuse(const std::string& key);
  void keep(const std::string& key, std::string_view content_type, const std::string& body,
            const Timestamp& at);
  // Counts `requests` HTTP requests that cost `cost_micros` in all.
  Fetched counted(int requests, std::int64_t cost_micros, const Timestamp& at);
  Fetched failed(tesla::Endpoint endpoint, Error error, const Timestamp& at);

  Timestamp now() const;
  int calls() const { return calls_.load(); }
  int reused() const { return reused_.load(); }
  std::int64_t cost_micros() const { return cost_.load(); }
  // Whether any response could not be kept in the store (the order still completes, but a
  // restart would have to fetch it again).
  bool store_degraded() const { return store_degraded_.load(); }

 private:
  std::string order_id_;
  RawStore& store_;
  Clock& clock_;
  std::atomic<int> calls_{0};
  std::atomic<int> reused_{0};
  std::atomic<std::int64_t> cost_{0};
  std::atomic<bool> store_degraded_{false};
  std::mutex prefetched_mutex_;
  std::map<std::string, Fetched> prefetched_;  // by key, until document() takes it
};

}  // namespace cpt::acquire
