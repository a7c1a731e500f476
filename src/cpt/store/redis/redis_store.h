// RedisStore: the SessionStore on Redis, for several `cpt serve` instances sharing one store.
// Every key of a session carries the session's expiry natively (PEXPIRE), so an expired or deleted
// session leaves no key behind. Key layout: docs/storage-redis.md.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cpt/core/clock.h"
#include "cpt/store/redis/redis_client.h"
#include "cpt/store/session_store.h"

namespace cpt::store {

// Where the store lives and how it names its keys. Plain values.
struct RedisStoreOptions {
  std::string url = "redis://127.0.0.1:6379";  // or unix:///path/redis.sock
  std::string key_prefix = "cpt:";             // every key starts with it
  std::size_t max_connections = 8;
  // Native expiries are `expires_at - clock.now()` at the time of writing; the logical checks use
  // the `now` each call is given. Null: the system clock.
  Clock* clock = nullptr;
};

// SessionStore over Redis (hiredis). Multi-key changes run as Lua scripts, so each call is atomic
// for every other client of the same Redis. Needs one Redis server (or a primary), not Redis
// Cluster: scripts derive a session's keys from its id. Thread-safe (a connection pool).
class RedisStore final : public SessionStore {
 public:
  // Connects (and fails here when the server cannot be reached).
  static Result<std::unique_ptr<RedisStore>> open(const RedisStoreOptions& options);
  ~RedisStore() override;
  RedisStore(const RedisStore&) = delete;
  RedisStore& operator=(const RedisStore&) = delete;

  Result<void> put_oauth_state(const OAuthState& state) override;
  Result<std::optional<OAuthState>> take_oauth_state(std::string_view state,
                                                     TimePoint now) override;

  Result<void> create_session(const SessionRecord& session,
                              std::string_view sealed_tokens) override;
  Result<std::optional<SessionRecord>> find_session(std::string_view id, TimePoint now) override;
  Result<bool> delete_session(std::string_view id) override;
  Result<std::optional<std::string>> load_tokens(std::string_view account) override;
  Result<void> save_tokens(std::string_view account, std::string_view sealed) override;

  Result<void> create_order(const OrderRecord& order) override;
  Result<std::optional<OrderRecord>> find_order_of_session(std::string_view session_id) override;
  Result<void> update_order(std::string_view order_id, OrderStatus status,
                            std::string_view progress_json, std::string_view error,
                            TimePoint now) override;
  Result<std::vector<OrderRecord>> running_orders(TimePoint now) override;

  Result<std::optional<acquire::StoredResponse>> find_raw(std::string_view order_id,
                                                          std::string_view key) override;
  Result<void> put_raw(std::string_view order_id, const acquire::StoredResponse& response) override;
  Result<void> erase_raw(std::string_view order_id) override;
  Result<int> count_raw(std::string_view order_id) override;

  Result<void> put_artifacts(std::string_view session_id,
                             const std::vector<Artifact>& artifacts) override;
  Result<std::optional<Artifact>> find_artifact(std::string_view session_id, std::string_view vin,
                                                std::string_view format) override;

  Result<SweepStats> sweep(TimePoint now) override;

  // save_tokens, accepted only while the lock at `lock_key` holds `fence` (the holder's fencing
  // token): a refresher whose lease ran out cannot overwrite the pair of the one after it
  // (conflict). not_found without the session.
  Result<void> save_tokens_fenced(std::string_view account, std::string_view sealed,
                                  std::string_view lock_key, std::int64_t fence);

  // The client underneath, for the other Redis-backed parts of the service (and tests).
  redis::RedisClient& client() { return *client_; }
  const std::string& key_prefix() const { return prefix_; }
  // The key of session `id`; what belongs to the session lives beside it ("<key>:pace", the pace
  // of its account: RedisPace) and goes with it.
  std::string session_key(std::string_view id) const;

 private:
  RedisStore(std::unique_ptr<redis::RedisClient> client, std::string prefix, Clock& clock);
  std::string order_key(std::string_view order_id) const;
  // Milliseconds from now (the store's clock) to `when`, at least 1.
  std::string ttl_ms(TimePoint when) const;
  Result<std::optional<OrderRecord>> read_order(std::string_view session_id);

  std::unique_ptr<redis::RedisClient> client_;
  std::string prefix_;
  Clock& clock_;
};

}  // namespace cpt::store
