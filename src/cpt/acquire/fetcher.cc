#include "cpt/acquire/fetcher.h"

#include <algorithm>
#include <cstdlib>

#include "cpt/tesla/ledger.h"

namespace cpt::acquire {
namespace {

std::int64_t billed_price(tesla::Endpoint endpoint, int status) {
  const auto category = tesla::info(endpoint).category;
  return tesla::is_billed(category, status) ? tesla::price_micros(category) : 0;
}

}  // namespace

Timestamp Fetcher::now() const {
  return Timestamp{std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.now()), {}};
}

std::optional<Fetched> Fetcher::reuse(const std::string& key) {
  auto found = store_.find(order_id_, key);
  if (!found || !found->has_value()) return std::nullopt;  // a store read error means: fetch
  Fetched fetched;
  fetched.body = std::move((*found)->body);
  fetched.reused = true;
  fetched.fetched_at = (*found)->fetched_at;
  reused_.fetch_add(1);
  return fetched;
}

void Fetcher::keep(const std::string& key, std::string_view content_type, const std::string& body,
                   const Timestamp& at) {
  StoredResponse stored{key, 200, std::string(content_type), body, at};
  if (!store_.put(order_id_, stored)) store_degraded_.store(true);
}

Fetched Fetcher::counted(int requests, std::int64_t cost_micros, const Timestamp& at) {
  Fetched fetched;
  fetched.calls = requests;
  fetched.cost_micros = cost_micros;
  fetched.fetched_at = at;
  calls_.fetch_add(requests);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

Fetched Fetcher::failed(tesla::Endpoint endpoint, Error error, const Timestamp& at) {
  Fetched fetched;
  // The connection's figures (every attempt, as its ledger saw them) when the error carries
  // them; one attempt at the final status otherwise.
  const auto attempts = error.get("attempts");
  fetched.calls = attempts ? std::max(0, std::atoi(std::string(*attempts).c_str())) : 1;
  fetched.cost_micros = error.get("billed_micros")
                            ? tesla::billed_micros_of(error)
                            : billed_price(endpoint, error.http_status().value_or(0));
  fetched.fetched_at = at;
  fetched.error = std::move(error);
  calls_.fetch_add(1);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

Fetched Fetcher::json(const std::string& key, tesla::Endpoint endpoint,
                      const std::function<Result<tesla::RawResponse>()>& call) {
  if (auto cached = reuse(key)) return *cached;
  const Timestamp at = now();
  auto response = call();
  if (!response) return failed(endpoint, std::move(response.error()), at);
  keep(key, "application/json", response->body, at);
  Fetched fetched;
  fetched.calls = response->attempts;
  fetched.cost_micros = response->billed_micros;
  fetched.fetched_at = at;
  fetched.body = std::move(response->body);
  calls_.fetch_add(fetched.calls);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

void Fetcher::prefetch_document(const std::string& key, tesla::Endpoint endpoint,
                                std::string_view content_type,
                                const std::function<Result<tesla::RawResponse>()>& call) {
  Fetched fetched = document(key, endpoint, content_type, call);
  std::lock_guard lock(prefetched_mutex_);
  prefetched_.insert_or_assign(key, std::move(fetched));
}

Fetched Fetcher::document(const std::string& key, tesla::Endpoint endpoint,
                          std::string_view content_type,
                          const std::function<Result<tesla::RawResponse>()>& call) {
  {
    std::lock_guard lock(prefetched_mutex_);
    if (auto it = prefetched_.find(key); it != prefetched_.end()) {
      Fetched fetched = std::move(it->second);
      prefetched_.erase(it);
      return fetched;
    }
  }
  if (auto cached = reuse(key)) return *cached;
  const Timestamp at = now();
  auto response = call();
  if (!response) return failed(endpoint, std::move(response.error()), at);
  keep(key, content_type, response->body, at);
  Fetched fetched;
  fetched.calls = response->attempts;
  fetched.cost_micros = response->billed_micros;
  fetched.fetched_at = at;
  fetched.body = std::move(response->body);
  calls_.fetch_add(fetched.calls);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

Fetched Fetcher::uncached(tesla::Endpoint endpoint,
                          const std::function<Result<tesla::RawResponse>()>& call) {
  const Timestamp at = now();
  auto response = call();
  if (!response) return failed(endpoint, std::move(response.error()), at);
  Fetched fetched;
  fetched.calls = response->attempts;
  fetched.cost_micros = response->billed_micros;  // every wake_up of the loop
  fetched.fetched_at = at;
  fetched.body = std::move(response->body);
  calls_.fetch_add(fetched.calls);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

}  // namespace cpt::acquire
