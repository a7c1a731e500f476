#include "cpt/acquire/fetcher.h"

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

Fetched Fetcher::counted(tesla::Endpoint endpoint, int requests, int billed, const Timestamp& at) {
  Fetched fetched;
  fetched.calls = requests;
  fetched.cost_micros = billed * billed_price(endpoint, 200);
  fetched.fetched_at = at;
  calls_.fetch_add(requests);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

Fetched Fetcher::failed(tesla::Endpoint endpoint, Error error, const Timestamp& at) {
  Fetched fetched;
  fetched.calls = 1;
  fetched.cost_micros = billed_price(endpoint, error.http_status().value_or(0));
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
  fetched.cost_micros = billed_price(endpoint, response->http_status);
  fetched.fetched_at = at;
  fetched.body = std::move(response->body);
  calls_.fetch_add(fetched.calls);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

Fetched Fetcher::document(const std::string& key, tesla::Endpoint endpoint,
                          std::string_view content_type,
                          const std::function<Result<std::string>()>& call) {
  if (auto cached = reuse(key)) return *cached;
  const Timestamp at = now();
  auto bytes = call();
  if (!bytes) return failed(endpoint, std::move(bytes.error()), at);
  keep(key, content_type, *bytes, at);
  Fetched fetched;
  fetched.calls = 1;
  fetched.cost_micros = billed_price(endpoint, 200);
  fetched.fetched_at = at;
  fetched.body = std::move(*bytes);
  calls_.fetch_add(1);
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
  fetched.cost_micros = billed_price(endpoint, response->http_status) * response->attempts;
  fetched.fetched_at = at;
  fetched.body = std::move(response->body);
  calls_.fetch_add(fetched.calls);
  cost_.fetch_add(fetched.cost_micros);
  return fetched;
}

}  // namespace cpt::acquire
