// JobQueue: orders to run, as entries of a Redis Stream read by a consumer group, so any instance
// may run any order and the orders of an instance that died are claimed by another after a lease.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "cpt/core/error.h"
#include "cpt/store/redis/redis_client.h"

namespace cpt::store::redis {

// Names and timing of one queue. Plain values.
struct JobQueueOptions {
  std::string stream = "cpt:jobs";  // the stream key
  std::string group = "cpt-serve";  // one group: each job goes to one instance
  std::string consumer;             // this instance's name (unique per process)
  // A job whose consumer has not touched it for this long is taken over by another instance.
  std::chrono::milliseconds lease{30'000};
};

// One delivered job. Value type.
struct Job {
  std::string entry_id;  // the stream entry ("1700000000000-0")
  std::string order_id;
  std::string session_id;
  std::int64_t deliveries = 1;  // how often it was handed out (2+: taken over from another)
};

// A queue of order ids on one stream. Thread-safe (the client is).
class JobQueue {
 public:
  JobQueue(RedisClient& client, JobQueueOptions options);

  // Creates the stream and the group when missing (idempotent).
  Result<void> ensure_group();
  // Adds an order of a session; returns the entry id.
  Result<std::string> enqueue(std::string_view order_id, std::string_view session_id);
  // The next job for this consumer: first a job whose lease ran out (its instance died or hangs),
  // else a new one, waiting up to `wait` for it. nullopt when there is none.
  Result<std::optional<Job>> next(std::chrono::milliseconds wait);
  // Renews the lease of a job this consumer is still working on.
  Result<void> renew(const Job& job);
  // Marks a job finished (acknowledged and removed from the stream).
  Result<void> done(const Job& job);
  // Jobs handed out and not yet done, across all consumers.
  Result<std::int64_t> pending();
  // Jobs not yet done, handed out or not.
  Result<std::int64_t> backlog();

 private:
  Result<std::optional<Job>> claim_expired();
  Result<std::int64_t> deliveries_of(const std::string& entry_id);

  RedisClient& client_;
  JobQueueOptions options_;
};

// A lock across processes with a fencing token: every acquisition gets a larger token, and a write
// guarded by the lock is accepted only while the writer's token is the current one, so a holder
// whose lease ran out can no longer overwrite the work of the next. Thread-safe.
class FencedLock {
 public:
  // `name` is the full key of the lock (e.g. "cpt:lock:refresh:<account>"); `fence_key` the
  // counter its tokens come from (one counter for every lock of a deployment).
  FencedLock(RedisClient& client, std::string name, std::string fence_key = "cpt:fence");

  // The fencing token when the lock was free (held for `lease` at most), nullopt when another
  // holds it.
  Result<std::optional<std::int64_t>> try_acquire(std::chrono::milliseconds lease);
  // Releases the lock if `token` still holds it; false when it had expired or moved on.
  Result<bool> release(std::int64_t token);
  // SET key value (keeping the key's expiry) only while `token` holds the lock; false otherwise.
  Result<bool> write_if_held(std::int64_t token, std::string_view key, std::string_view value);

 private:
  RedisClient& client_;
  std::string name_;
  std::string fence_key_;
};

}  // namespace cpt::store::redis
