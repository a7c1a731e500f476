#include "cpt/report/key_set.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace cpt::report {
namespace {

using nlohmann::json;

constexpr std::string_view kAlgorithm = "ECDSA-P256-SHA256";

Result<std::optional<Timestamp>> bound_of(const json& entry, const char* name,
                                          const std::string& where) {
  const auto it = entry.find(name);
  if (it == entry.end() || it->is_null()) return std::optional<Timestamp>();
  if (!it->is_string()) {
    return fail(ErrorKind::invalid_argument, where + ": " + name + " is not a date");
  }
  auto parsed = parse_iso8601(it->get<std::string>());
  if (!parsed) return fail(ErrorKind::invalid_argument, where + ": " + name + " is not a date");
  return std::optional<Timestamp>(*parsed);
}

Result<PublishedKey> key_of(const json& entry, std::size_t index) {
  const std::string where = "key set entry " + std::to_string(index);
  if (!entry.is_object()) return fail(ErrorKind::invalid_argument, where + " is not an object");
  const auto text = [&entry](const char* name) {
    const auto it = entry.find(name);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (const std::string algorithm = text("algorithm");
      !algorithm.empty() && algorithm != kAlgorithm) {
    return fail(ErrorKind::invalid_argument, where + ": unsupported algorithm");
  }
  auto key = VerifyKey::from_pem(text("public_key"));
  if (!key) return fail(ErrorKind::invalid_argument, where + ": " + key.error().log_message);
  if (key->key_id() != text("key_id")) {
    return fail(ErrorKind::invalid_argument, where + ": key_id does not match its public key");
  }
  auto not_before = bound_of(entry, "not_before", where);
  if (!not_before) return fail(std::move(not_before.error()));
  auto not_after = bound_of(entry, "not_after", where);
  if (!not_after) return fail(std::move(not_after.error()));
  return PublishedKey{std::move(*key), *not_before, *not_after};
}

json bound_json(const std::optional<Timestamp>& bound) {
  return bound ? json(format_iso8601(*bound)) : json(nullptr);
}

}  // namespace

bool PublishedKey::valid_at(const Timestamp& when) const {
  if (not_before && when.utc < not_before->utc) return false;
  if (not_after && when.utc > not_after->utc) return false;
  return true;
}

Result<KeySet> KeySet::from_json(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto keys = doc.is_object() ? doc.find("keys") : doc.end();
  if (!doc.is_object() || keys == doc.end() || !keys->is_array()) {
    return fail(ErrorKind::invalid_argument, "the key set is not {\"keys\": [...]}");
  }
  KeySet out;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    auto key = key_of((*keys)[i], i);
    if (!key) return fail(std::move(key.error()));
    out.add(std::move(*key));
  }
  return out;
}

std::string KeySet::to_json() const {
  json keys = json::array();
  for (const PublishedKey& k : keys_) {
    keys.push_back(json{{"key_id", k.key.key_id()},
                        {"algorithm", kAlgorithm},
                        {"public_key", k.key.public_pem()},
                        {"not_before", bound_json(k.not_before)},
                        {"not_after", bound_json(k.not_after)}});
  }
  return json{{"keys", std::move(keys)}}.dump(2) + "\n";
}

void KeySet::add(PublishedKey key) {
  const auto same = [&key](const PublishedKey& k) { return k.key.key_id() == key.key.key_id(); };
  if (auto it = std::find_if(keys_.begin(), keys_.end(), same); it != keys_.end()) {
    *it = std::move(key);
    return;
  }
  keys_.push_back(std::move(key));
}

const PublishedKey* KeySet::find(std::string_view key_id) const {
  for (const PublishedKey& k : keys_) {
    if (k.key.key_id() == key_id) return &k;
  }
  return nullptr;
}

}  // namespace cpt::report
