#include "cpt/acquire/raw_store.h"

namespace cpt::acquire {
namespace {

std::string compound_key(std::string_view order_id, std::string_view key) {
  std::string out(order_id);
  out += '\n';
  out += key;
  return out;
}

}  // namespace

Result<std::optional<StoredResponse>> InMemoryRawStore::find(std::string_view order_id,
                                                             std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = responses_.find(compound_key(order_id, key));
  if (it == responses_.end()) return std::optional<StoredResponse>();
  return std::optional<StoredResponse>(it->second);
}

Result<void> InMemoryRawStore::put(std::string_view order_id, const StoredResponse& response) {
  std::lock_guard lock(mutex_);
  responses_.insert_or_assign(compound_key(order_id, response.key), response);
  return {};
}

Result<void> InMemoryRawStore::erase_order(std::string_view order_id) {
  std::lock_guard lock(mutex_);
  const std::string prefix = compound_key(order_id, "");
  auto it = responses_.lower_bound(prefix);
  while (it != responses_.end() && it->first.starts_with(prefix)) it = responses_.erase(it);
  return {};
}

}  // namespace cpt::acquire
