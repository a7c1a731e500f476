#include "cpt/store/redis/redis_pace.h"

#include <charconv>
#include <cstdint>
#include <sstream>

namespace cpt::store::redis {
namespace {

using SysTime = std::chrono::system_clock::time_point;

std::int64_t to_ms(SysTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SysTime from_ms(std::int64_t ms) {
  return SysTime(std::chrono::duration_cast<SysTime::duration>(std::chrono::milliseconds(ms)));
}

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// One write, atomically: set the field (a pause only when it ends later than the one recorded),
// drop the pauses that ended, and make the key live at least `ttl` ms from now (never shorter:
// a limit's 30 minutes outlast a pause's seconds) but never past its owner, if it has one.
// KEYS[1] the account's hash, KEYS[2] its owner (optional); ARGV: field, value, ttl ms, "later"
// for a pause, now ms.
constexpr std::string_view kRecord = R"lua(
local key, field, value = KEYS[1], ARGV[1], ARGV[2]
local cap = nil
if KEYS[2] then
  cap = redis.call('PTTL', KEYS[2])
  if cap == -2 then
    redis.call('DEL', key)
    return 0
  end
end
if ARGV[4] ~= 'later' or tonumber(redis.call('HGET', key, field) or '0') < tonumber(value) then
  redis.call('HSET', key, field, value)
end
local now = tonumber(ARGV[5])
local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 5) == 'pause' and tonumber(all[i + 1]) <= now then
    redis.call('HDEL', key, all[i])
  end
end
local left = redis.call('PTTL', key)
local ttl = math.max(left, tonumber(ARGV[3]))
if cap and cap > 0 then ttl = math.min(ttl, cap) end
if ttl ~= left then redis.call('PEXPIRE', key, ttl) end
return 1
)lua";

}  // namespace

RedisPace::RedisPace(RedisClient& client, std::string key_prefix, OwnerKey owner_of)
    : client_(client), prefix_(std::move(key_prefix)), owner_of_(std::move(owner_of)) {}

std::string RedisPace::key(std::string_view account) const {
  if (owner_of_) return owner_of_(account) + ":pace";
  return prefix_ + "pace:" + std::string(account);
}

void RedisPace::record(std::string_view account, const std::vector<std::string>& args) {
  std::vector<std::string> keys{key(account)};
  if (owner_of_) keys.push_back(owner_of_(account));
  std::vector<std::string_view> key_views(keys.begin(), keys.end());
  std::vector<std::string_view> arg_views(args.begin(), args.end());
  (void)client_.eval(kRecord, key_views, arg_views);
}

void RedisPace::record_limit(std::string_view account, int limit, int threshold, SysTime now) {
  if (limit < 1) return;
  const std::string value =
      std::to_string(limit) + " " + std::to_string(threshold) + " " + std::to_string(to_ms(now));
  const auto ttl = std::chrono::milliseconds(AccountPace::kKept).count();
  record(account, {"limit", value, std::to_string(ttl), "set", std::to_string(to_ms(now))});
}

void RedisPace::record_pause(std::string_view account, std::string_view vehicle, SysTime until,
                             SysTime now) {
  const auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
  if (ttl <= 0) return;
  const std::string field = vehicle.empty() ? "pause" : "pause:" + std::string(vehicle);
  record(account, {field, std::to_string(to_ms(until)), std::to_string(ttl), "later",
                   std::to_string(to_ms(now))});
}

tesla::PaceState RedisPace::read(std::string_view account, SysTime now) {
  tesla::PaceState state;
  auto reply = client_.command({"HGETALL", key(account)});
  if (!reply || reply->type != Reply::Type::array) return state;
  const auto& items = reply->elements;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string& field = items[i].text;
    const std::string& value = items[i + 1].text;
    if (field == "limit") {
      std::istringstream in(value);
      int limit = 0, threshold = 0;
      std::int64_t recorded = 0;
      if (!(in >> limit >> threshold >> recorded) || limit < 1) continue;
      if (now - from_ms(recorded) >= AccountPace::kKept) continue;
      state.limit = limit;
      state.threshold = threshold;
    } else if (field.starts_with("pause")) {
      const auto until = integer(value);
      if (!until || from_ms(*until) <= now) continue;
      if (field == "pause") {
        state.add_pause({}, from_ms(*until));
      } else if (field.size() > 6 && field[5] == ':') {
        state.add_pause(field.substr(6), from_ms(*until));
      }
    }
  }
  return state;
}

}  // namespace cpt::store::redis
