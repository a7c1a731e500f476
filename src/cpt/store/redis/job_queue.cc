#include "cpt/store/redis/job_queue.h"

#include <utility>

namespace cpt::store::redis {
namespace {

constexpr std::string_view kAcquire = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
return token)lua";

constexpr std::string_view kRelease = R"lua(
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1)lua";

constexpr std::string_view kWriteIfHeld = R"lua(
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'KEEPTTL')
return 1)lua";

// One stream entry [id, [field, value, ...]] as a job.
std::optional<Job> job_of(const Reply& entry) {
  if (entry.elements.size() != 2) return std::nullopt;
  Job job;
  job.entry_id = entry.elements[0].text;
  const auto& fields = entry.elements[1].elements;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    if (fields[i].text == "order") job.order_id = fields[i + 1].text;
    if (fields[i].text == "session") job.session_id = fields[i + 1].text;
  }
  if (job.order_id.empty()) return std::nullopt;
  return job;
}

std::string ms(std::chrono::milliseconds d) {
  return std::to_string(d.count());
}

}  // namespace

JobQueue::JobQueue(RedisClient& client, JobQueueOptions options)
    : client_(client), options_(std::move(options)) {}

Result<void> JobQueue::ensure_group() {
  auto r = client_.command({"XGROUP", "CREATE", options_.stream, options_.group, "0", "MKSTREAM"});
  if (!r && r.error().log_message.find("BUSYGROUP") == std::string::npos) {
    return std::unexpected(r.error());
  }
  return {};
}

Result<std::string> JobQueue::enqueue(std::string_view order_id, std::string_view session_id) {
  auto r =
      client_.command({"XADD", options_.stream, "*", "order", order_id, "session", session_id});
  if (!r) return std::unexpected(r.error());
  return std::move(r->text);
}

Result<std::int64_t> JobQueue::deliveries_of(const std::string& entry_id) {
  auto r = client_.command({"XPENDING", options_.stream, options_.group, entry_id, entry_id, "1"});
  if (!r) return std::unexpected(r.error());
  if (r->elements.empty() || r->elements[0].elements.size() < 4) return 1;
  return r->elements[0].elements[3].integer;
}

Result<std::optional<Job>> JobQueue::claim_expired() {
  // XAUTOCLAIM hands this consumer one entry idle for longer than the lease: the job of an
  // instance that died (or stopped renewing) mid-order.
  auto r = client_.command({"XAUTOCLAIM", options_.stream, options_.group, options_.consumer,
                            ms(options_.lease), "0-0", "COUNT", "1"});
  if (!r) return std::unexpected(r.error());
  if (r->elements.size() < 2 || r->elements[1].elements.empty()) return std::nullopt;
  auto job = job_of(r->elements[1].elements[0]);
  if (!job) return std::nullopt;
  auto deliveries = deliveries_of(job->entry_id);
  if (!deliveries) return std::unexpected(deliveries.error());
  job->deliveries = *deliveries;
  return job;
}

Result<std::optional<Job>> JobQueue::next(std::chrono::milliseconds wait) {
  auto expired = claim_expired();
  if (!expired || *expired) return expired;
  std::vector<std::string_view> args{"XREADGROUP",      "GROUP", options_.group,
                                     options_.consumer, "COUNT", "1"};
  const std::string block = ms(wait);
  if (wait.count() > 0) {
    args.push_back("BLOCK");
    args.push_back(block);
  }
  args.insert(args.end(), {"STREAMS", options_.stream, ">"});
  auto r = client_.command(args);
  if (!r) return std::unexpected(r.error());
  // [[stream, [[id, [field, value]]]]], or nil when nothing came within `wait`.
  if (r->is_nil() || r->elements.empty() || r->elements[0].elements.size() < 2 ||
      r->elements[0].elements[1].elements.empty()) {
    return std::nullopt;
  }
  return job_of(r->elements[0].elements[1].elements[0]);
}

Result<void> JobQueue::renew(const Job& job) {
  // XCLAIM to ourselves with JUSTID resets the entry's idle time without counting a delivery.
  auto r = client_.command(
      {"XCLAIM", options_.stream, options_.group, options_.consumer, "0", job.entry_id, "JUSTID"});
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> JobQueue::done(const Job& job) {
  if (auto r = client_.command({"XACK", options_.stream, options_.group, job.entry_id}); !r) {
    return std::unexpected(r.error());
  }
  if (auto r = client_.command({"XDEL", options_.stream, job.entry_id}); !r) {
    return std::unexpected(r.error());
  }
  return {};
}

Result<std::int64_t> JobQueue::pending() {
  auto r = client_.command({"XPENDING", options_.stream, options_.group});
  if (!r) return std::unexpected(r.error());
  if (r->elements.empty()) return 0;
  return r->elements[0].integer;
}

Result<std::int64_t> JobQueue::backlog() {
  // Done jobs are deleted from the stream, so its length is what is left to do.
  auto r = client_.command({"XLEN", options_.stream});
  if (!r) return std::unexpected(r.error());
  return r->integer;
}

FencedLock::FencedLock(RedisClient& client, std::string name, std::string fence_key)
    : client_(client), name_(std::move(name)), fence_key_(std::move(fence_key)) {}

Result<std::optional<std::int64_t>> FencedLock::try_acquire(std::chrono::milliseconds lease) {
  // One counter for all locks: tokens only grow, whichever lock they fence, and no counter key is
  // left behind per account.
  auto r = client_.eval(kAcquire, {name_, fence_key_}, {ms(lease)});
  if (!r) return std::unexpected(r.error());
  if (r->is_nil()) return std::nullopt;
  return r->integer;
}

Result<bool> FencedLock::release(std::int64_t token) {
  auto r = client_.eval(kRelease, {name_}, {std::to_string(token)});
  if (!r) return std::unexpected(r.error());
  return r->integer == 1;
}

Result<bool> FencedLock::write_if_held(std::int64_t token, std::string_view key,
                                       std::string_view value) {
  auto r = client_.eval(kWriteIfHeld, {name_, key}, {std::to_string(token), value});
  if (!r) return std::unexpected(r.error());
  return r->integer == 1;
}

}  // namespace cpt::store::redis
