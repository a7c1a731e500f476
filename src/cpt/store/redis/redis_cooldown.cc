#include "cpt/store/redis/redis_cooldown.h"

#include <nlohmann/json.hpp>

namespace cpt::store::redis {
namespace {

std::int64_t to_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

RedisCooldown::RedisCooldown(RedisClient& client, std::string key_prefix)
    : client_(client), prefix_(std::move(key_prefix)) {}

void RedisCooldown::record(std::string_view account, const Error& reason,
                           std::chrono::system_clock::time_point until,
                           std::chrono::system_clock::time_point now) {
  const auto end = tesla::cooldown_end(until, now);
  const auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(end - now).count();
  if (ttl <= 0) return;
  nlohmann::json metadata = nlohmann::json::object();
  for (const auto& [key, value] : reason.metadata) metadata[key] = value;
  const nlohmann::json doc = {{"kind", static_cast<int>(reason.kind)},
                              {"log", reason.log_message},
                              {"user", reason.user_message},
                              {"metadata", std::move(metadata)},
                              {"until_ms", to_ms(end)}};
  // NX: the first stop recorded stands; a later one for the same account says nothing new.
  (void)client_.command({"SET", prefix_ + "cooldown:" + std::string(account),
                         doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "PX",
                         std::to_string(ttl), "NX"});
}

std::optional<tesla::Cooldown> RedisCooldown::current(std::string_view account,
                                                      std::chrono::system_clock::time_point now) {
  auto r = client_.command({"GET", prefix_ + "cooldown:" + std::string(account)});
  if (!r || r->is_nil()) return std::nullopt;
  const auto doc = nlohmann::json::parse(r->text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  tesla::Cooldown out;
  out.reason.kind =
      static_cast<ErrorKind>(doc.value("kind", static_cast<int>(ErrorKind::internal)));
  out.reason.log_message = doc.value("log", "");
  out.reason.user_message = doc.value("user", "");
  if (doc.contains("metadata") && doc["metadata"].is_object()) {
    for (const auto& [key, value] : doc["metadata"].items()) {
      if (value.is_string()) out.reason.with(key, value.get<std::string>());
    }
  }
  out.until = std::chrono::system_clock::time_point(
      std::chrono::milliseconds(doc.value("until_ms", std::int64_t{0})));
  if (out.until <= now) return std::nullopt;
  return out;
}

}  // namespace cpt::store::redis
