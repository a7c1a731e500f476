#include "cpt/store/redis/redis_store.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace cpt::store {
namespace {

using redis::Reply;

// Every multi-key change is one script, so other instances never see half of it. A session's
// keys all take the session key's remaining life (PTTL), so they expire together.
constexpr std::string_view kCreateSession = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'region', ARGV[2], 'inventory', ARGV[3],
           'created', ARGV[4], 'exp', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[7])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[8])
return 1)lua";

constexpr std::string_view kDeleteSession = R"lua(
local p, sid = ARGV[1], ARGV[2]
local base = p .. 's:' .. sid
local existed = redis.call('EXISTS', base)
local oid = redis.call('HGET', base .. ':order', 'id')
redis.call('DEL', base, base .. ':tokens', base .. ':order', base .. ':raw', base .. ':art',
           base .. ':pace')
if oid then redis.call('DEL', p .. 'o:' .. oid) end
redis.call('ZREM', p .. 'idx:sessions', sid)
redis.call('SREM', p .. 'idx:running', sid)
return existed)lua";

constexpr std::string_view kSaveTokens = R"lua(
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl > 0 then redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl)
else redis.call('SET', KEYS[2], ARGV[1]) end
return 1)lua";

constexpr std::string_view kSaveTokensFenced = R"lua(
if redis.call('GET', KEYS[3]) ~= ARGV[2] then return -1 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl > 0 then redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl)
else redis.call('SET', KEYS[2], ARGV[1]) end
return 1)lua";

constexpr std::string_view kCreateOrder = R"lua(
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return -1 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'spec', ARGV[2], 'status', ARGV[3],
           'progress', ARGV[4], 'error', ARGV[5], 'created', ARGV[6], 'updated', ARGV[7])
redis.call('SET', KEYS[3], ARGV[8])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
if ARGV[3] == 'running' then redis.call('SADD', KEYS[4], ARGV[8]) end
return 1)lua";

constexpr std::string_view kUpdateOrder = R"lua(
local sid = redis.call('GET', KEYS[1])
if not sid then return 0 end
local okey = ARGV[1] .. 's:' .. sid .. ':order'
if redis.call('EXISTS', okey) == 0 then return 0 end
redis.call('HSET', okey, 'status', ARGV[2], 'progress', ARGV[3], 'error', ARGV[4],
           'updated', ARGV[5])
if ARGV[2] == 'running' then redis.call('SADD', ARGV[1] .. 'idx:running', sid)
else redis.call('SREM', ARGV[1] .. 'idx:running', sid) end
return 1)lua";

// ARGV[2] names the operation on the order's raw hash: put, get, del or len.
constexpr std::string_view kRaw = R"lua(
local sid = redis.call('GET', KEYS[1])
if not sid then return false end
local base = ARGV[1] .. 's:' .. sid
local raw = base .. ':raw'
local op = ARGV[2]
if op == 'get' then return redis.call('HGET', raw, ARGV[3]) end
if op == 'len' then return redis.call('HLEN', raw) end
if op == 'del' then return redis.call('DEL', raw) end
local ttl = redis.call('PTTL', base)
if ttl == -2 then return false end
redis.call('HSET', raw, ARGV[3], ARGV[4])
if ttl > 0 then redis.call('PEXPIRE', raw, ttl) end
return 1)lua";

constexpr std::string_view kPutArtifacts = R"lua(
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1)lua";

constexpr std::string_view kPutOAuth = R"lua(
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'verifier', ARGV[2], 'redirect', ARGV[3],
           'exp', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[6])
return 1)lua";

constexpr std::string_view kTakeOAuth = R"lua(
local v = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return v)lua";

std::int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint from_ms(std::int64_t ms) {
  return TimePoint(std::chrono::milliseconds(ms));
}

std::int64_t parse_i64(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// HGETALL's flat [field, value, ...] array as a lookup.
class Fields {
 public:
  explicit Fields(const Reply& reply) : reply_(reply) {}
  bool empty() const { return reply_.elements.empty(); }
  std::string get(std::string_view field) const {
    for (std::size_t i = 0; i + 1 < reply_.elements.size(); i += 2) {
      if (reply_.elements[i].text == field) return reply_.elements[i + 1].text;
    }
    return {};
  }

 private:
  const Reply& reply_;
};

// A raw answer in one hash value: "status\ncontent type\nfetched ms\noffset\n" then the bytes.
std::string pack_raw(const acquire::StoredResponse& r) {
  std::string out =
      std::to_string(r.http_status) + '\n' + r.content_type + '\n' +
      std::to_string(r.fetched_at.epoch_millis()) + '\n' +
      (r.fetched_at.offset_minutes ? std::to_string(*r.fetched_at.offset_minutes) : std::string()) +
      '\n';
  out += r.body;
  return out;
}

Result<acquire::StoredResponse> unpack_raw(std::string_view key, std::string_view packed) {
  std::string_view parts[4];
  for (auto& part : parts) {
    const auto nl = packed.find('\n');
    if (nl == std::string_view::npos) {
      return fail(ErrorKind::malformed, "redis store: a raw answer is damaged");
    }
    part = packed.substr(0, nl);
    packed.remove_prefix(nl + 1);
  }
  acquire::StoredResponse out;
  out.key = std::string(key);
  out.http_status = static_cast<int>(parse_i64(parts[0]));
  out.content_type = std::string(parts[1]);
  out.fetched_at = from_epoch_millis(parse_i64(parts[2]));
  if (!parts[3].empty()) out.fetched_at.offset_minutes = static_cast<int>(parse_i64(parts[3]));
  out.body = std::string(packed);
  return out;
}

std::string artifact_field(std::string_view vin, std::string_view format) {
  std::string field(vin);
  field += '\x1f';  // a unit separator: never part of a VIN or a format name
  field += format;
  return field;
}

}  // namespace

RedisStore::RedisStore(std::unique_ptr<redis::RedisClient> client, std::string prefix, Clock& clock)
    : client_(std::move(client)), prefix_(std::move(prefix)), clock_(clock) {}

RedisStore::~RedisStore() = default;

Result<std::unique_ptr<RedisStore>> RedisStore::open(const RedisStoreOptions& options) {
  auto client = redis::RedisClient::connect(
      {.url = options.url, .max_connections = std::max<std::size_t>(1, options.max_connections)});
  if (!client) return std::unexpected(client.error());
  Clock& clock = options.clock != nullptr ? *options.clock : SystemClock::instance();
  return std::unique_ptr<RedisStore>(new RedisStore(std::move(*client), options.key_prefix, clock));
}

std::string RedisStore::session_key(std::string_view id) const {
  return prefix_ + "s:" + std::string(id);
}
std::string RedisStore::order_key(std::string_view order_id) const {
  return prefix_ + "o:" + std::string(order_id);
}

std::string RedisStore::ttl_ms(TimePoint when) const {
  return std::to_string(std::max<std::int64_t>(1, to_ms(when) - to_ms(clock_.now())));
}

Result<void> RedisStore::put_oauth_state(const OAuthState& state) {
  const std::string exp = std::to_string(to_ms(state.expires_at));
  const std::string ttl = ttl_ms(state.expires_at);
  auto r =
      client_->eval(kPutOAuth, {prefix_ + "oauth:" + state.state, prefix_ + "idx:oauth"},
                    {state.owner, state.code_verifier, state.redirect_uri, exp, ttl, state.state});
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::optional<OAuthState>> RedisStore::take_oauth_state(std::string_view state,
                                                               TimePoint now) {
  auto r = client_->eval(kTakeOAuth,
                         {prefix_ + "oauth:" + std::string(state), prefix_ + "idx:oauth"}, {state});
  if (!r) return std::unexpected(r.error());
  const Fields fields(*r);
  if (fields.empty()) return std::nullopt;
  OAuthState out{.state = std::string(state),
                 .owner = fields.get("owner"),
                 .code_verifier = fields.get("verifier"),
                 .redirect_uri = fields.get("redirect"),
                 .expires_at = from_ms(parse_i64(fields.get("exp")))};
  if (out.expires_at <= now) return std::nullopt;  // taken all the same: a state is used once
  return out;
}

Result<void> RedisStore::create_session(const SessionRecord& session,
                                        std::string_view sealed_tokens) {
  const std::string key = session_key(session.id);
  const std::string created = std::to_string(to_ms(session.created_at));
  const std::string exp = std::to_string(to_ms(session.expires_at));
  const std::string ttl = ttl_ms(session.expires_at);
  auto r = client_->eval(kCreateSession, {key, key + ":tokens", prefix_ + "idx:sessions"},
                         {session.owner, session.region, session.inventory_json, created, exp,
                          sealed_tokens, ttl, session.id});
  if (!r) return std::unexpected(r.error());
  if (r->integer == 0) return fail(ErrorKind::conflict, "create_session: the id exists");
  return {};
}

Result<std::optional<SessionRecord>> RedisStore::find_session(std::string_view id, TimePoint now) {
  auto r = client_->command({"HGETALL", session_key(id)});
  if (!r) return std::unexpected(r.error());
  const Fields fields(*r);
  if (fields.empty()) return std::nullopt;
  SessionRecord out{.id = std::string(id),
                    .owner = fields.get("owner"),
                    .region = fields.get("region"),
                    .inventory_json = fields.get("inventory"),
                    .created_at = from_ms(parse_i64(fields.get("created"))),
                    .expires_at = from_ms(parse_i64(fields.get("exp")))};
  if (out.expires_at <= now) return std::nullopt;
  return out;
}

Result<bool> RedisStore::delete_session(std::string_view id) {
  auto r = client_->eval(kDeleteSession, {session_key(id)}, {prefix_, id});
  if (!r) return std::unexpected(r.error());
  return r->integer == 1;
}

Result<std::optional<std::string>> RedisStore::load_tokens(std::string_view account) {
  auto r = client_->command({"GET", session_key(account) + ":tokens"});
  if (!r) return std::unexpected(r.error());
  if (r->is_nil()) return std::nullopt;
  return std::move(r->text);
}

Result<void> RedisStore::save_tokens(std::string_view account, std::string_view sealed) {
  const std::string key = session_key(account);
  auto r = client_->eval(kSaveTokens, {key, key + ":tokens"}, {sealed});
  if (!r) return std::unexpected(r.error());
  if (r->integer == 0) return fail(ErrorKind::not_found, "save_tokens: no such session");
  return {};
}

Result<void> RedisStore::save_tokens_fenced(std::string_view account, std::string_view sealed,
                                            std::string_view lock_key, std::int64_t fence) {
  const std::string key = session_key(account);
  const std::string token = std::to_string(fence);
  auto r = client_->eval(kSaveTokensFenced, {key, key + ":tokens", lock_key}, {sealed, token});
  if (!r) return std::unexpected(r.error());
  if (r->integer == -1) {
    return fail(ErrorKind::conflict, "save_tokens: the refresh lock moved to another holder");
  }
  if (r->integer == 0) return fail(ErrorKind::not_found, "save_tokens: no such session");
  return {};
}

Result<void> RedisStore::create_order(const OrderRecord& order) {
  const std::string key = session_key(order.session_id);
  const std::string created = std::to_string(to_ms(order.created_at));
  const std::string updated = std::to_string(to_ms(order.updated_at));
  auto r = client_->eval(kCreateOrder,
                         {key, key + ":order", order_key(order.id), prefix_ + "idx:running"},
                         {order.id, order.spec_json, to_string(order.status), order.progress_json,
                          order.error, created, updated, order.session_id});
  if (!r) return std::unexpected(r.error());
  if (r->integer == -1) return fail(ErrorKind::not_found, "create_order: no such session");
  if (r->integer == 0) return fail(ErrorKind::conflict, "create_order: the session has an order");
  return {};
}

Result<std::optional<OrderRecord>> RedisStore::read_order(std::string_view session_id) {
  auto r = client_->command({"HGETALL", session_key(session_id) + ":order"});
  if (!r) return std::unexpected(r.error());
  const Fields fields(*r);
  if (fields.empty()) return std::nullopt;
  OrderRecord out{.id = fields.get("id"),
                  .session_id = std::string(session_id),
                  .spec_json = fields.get("spec"),
                  .status = parse_order_status(fields.get("status")).value_or(OrderStatus::failed),
                  .progress_json = fields.get("progress"),
                  .error = fields.get("error"),
                  .created_at = from_ms(parse_i64(fields.get("created"))),
                  .updated_at = from_ms(parse_i64(fields.get("updated")))};
  return out;
}

Result<std::optional<OrderRecord>> RedisStore::find_order_of_session(std::string_view session_id) {
  return read_order(session_id);
}

Result<void> RedisStore::update_order(std::string_view order_id, OrderStatus status,
                                      std::string_view progress_json, std::string_view error,
                                      TimePoint now) {
  const std::string updated = std::to_string(to_ms(now));
  auto r = client_->eval(kUpdateOrder, {order_key(order_id)},
                         {prefix_, to_string(status), progress_json, error, updated});
  if (!r) return std::unexpected(r.error());
  if (r->integer == 0) return fail(ErrorKind::not_found, "update_order: the order is gone");
  return {};
}

Result<std::vector<OrderRecord>> RedisStore::running_orders(TimePoint now) {
  auto members = client_->command({"SMEMBERS", prefix_ + "idx:running"});
  if (!members) return std::unexpected(members.error());
  std::vector<OrderRecord> out;
  for (const Reply& member : members->elements) {
    auto session = find_session(member.text, now);
    if (!session) return std::unexpected(session.error());
    if (!*session) continue;  // expired: the sweep (or Redis) removes it
    auto order = read_order(member.text);
    if (!order) return std::unexpected(order.error());
    if (*order && (*order)->status == OrderStatus::running) out.push_back(std::move(**order));
  }
  std::sort(out.begin(), out.end(), [](const OrderRecord& a, const OrderRecord& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

Result<std::optional<acquire::StoredResponse>> RedisStore::find_raw(std::string_view order_id,
                                                                    std::string_view key) {
  auto r = client_->eval(kRaw, {order_key(order_id)}, {prefix_, "get", key});
  if (!r) return std::unexpected(r.error());
  if (r->is_nil()) return std::nullopt;
  auto unpacked = unpack_raw(key, r->text);
  if (!unpacked) return std::unexpected(unpacked.error());
  return std::move(*unpacked);
}

Result<void> RedisStore::put_raw(std::string_view order_id,
                                 const acquire::StoredResponse& response) {
  const std::string packed = pack_raw(response);
  auto r = client_->eval(kRaw, {order_key(order_id)}, {prefix_, "put", response.key, packed});
  if (!r) return std::unexpected(r.error());
  if (r->is_nil()) return fail(ErrorKind::not_found, "put_raw: the order is gone");
  return {};
}

Result<void> RedisStore::erase_raw(std::string_view order_id) {
  auto r = client_->eval(kRaw, {order_key(order_id)}, {prefix_, "del"});
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<int> RedisStore::count_raw(std::string_view order_id) {
  auto r = client_->eval(kRaw, {order_key(order_id)}, {prefix_, "len"});
  if (!r) return std::unexpected(r.error());
  return static_cast<int>(r->integer);
}

Result<void> RedisStore::put_artifacts(std::string_view session_id,
                                       const std::vector<Artifact>& artifacts) {
  std::vector<std::string> values;
  values.reserve(artifacts.size() * 2);
  for (const Artifact& a : artifacts) {
    values.push_back(artifact_field(a.vin, a.format));
    values.push_back(a.content_type + '\n' + a.bytes);
  }
  const std::vector<std::string_view> args(values.begin(), values.end());
  const std::string key = session_key(session_id);
  auto r = client_->eval(kPutArtifacts, {key, key + ":art"}, args);
  if (!r) return std::unexpected(r.error());
  if (r->integer == 0) return fail(ErrorKind::not_found, "put_artifacts: no such session");
  return {};
}

Result<std::optional<Artifact>> RedisStore::find_artifact(std::string_view session_id,
                                                          std::string_view vin,
                                                          std::string_view format) {
  auto r =
      client_->command({"HGET", session_key(session_id) + ":art", artifact_field(vin, format)});
  if (!r) return std::unexpected(r.error());
  if (r->is_nil()) return std::nullopt;
  const auto nl = r->text.find('\n');
  if (nl == std::string::npos) return fail(ErrorKind::malformed, "redis store: artifact damaged");
  return Artifact{.vin = std::string(vin),
                  .format = std::string(format),
                  .content_type = r->text.substr(0, nl),
                  .bytes = r->text.substr(nl + 1)};
}

Result<SweepStats> RedisStore::sweep(TimePoint now) {
  // Redis expires the keys by itself; the sweep also empties the indexes, and deletes what is due
  // by the caller's clock, so the store behaves the same under an injected clock.
  SweepStats stats;
  const std::string now_ms = std::to_string(to_ms(now));
  auto due = client_->command({"ZRANGEBYSCORE", prefix_ + "idx:sessions", "-inf", now_ms});
  if (!due) return std::unexpected(due.error());
  for (const Reply& sid : due->elements) {
    if (auto deleted = delete_session(sid.text); !deleted) return std::unexpected(deleted.error());
    ++stats.sessions;
  }
  auto states = client_->command({"ZRANGEBYSCORE", prefix_ + "idx:oauth", "-inf", now_ms});
  if (!states) return std::unexpected(states.error());
  for (const Reply& state : states->elements) {
    auto r = client_->command({"DEL", prefix_ + "oauth:" + state.text});
    if (!r) return std::unexpected(r.error());
    if (auto z = client_->command({"ZREM", prefix_ + "idx:oauth", state.text}); !z) {
      return std::unexpected(z.error());
    }
    ++stats.oauth_states;
  }
  return stats;
}

}  // namespace cpt::store
