// OrderRawStore: acquire's RawStore on top of a SessionStore, so an order's raw Tesla answers
// survive a service restart and expire with the session.
#pragma once

#include <memory>

#include "cpt/acquire/raw_store.h"
#include "cpt/store/session_store.h"

namespace cpt::store {

// RawStore whose order ids are the SessionStore's order ids (the order row must exist: answers of
// a deleted order are refused with not_found, which stops a runner whose session was deleted).
// Thread-safe.
class OrderRawStore final : public acquire::RawStore {
 public:
  explicit OrderRawStore(std::shared_ptr<SessionStore> store) : store_(std::move(store)) {}

  Result<std::optional<acquire::StoredResponse>> find(std::string_view order_id,
                                                      std::string_view key) override {
    return store_->find_raw(order_id, key);
  }
  Result<void> put(std::string_view order_id, const acquire::StoredResponse& response) override {
    return store_->put_raw(order_id, response);
  }
  Result<void> erase_order(std::string_view order_id) override {
    return store_->erase_raw(order_id);
  }

 private:
  std::shared_ptr<SessionStore> store_;
};

}  // namespace cpt::store
