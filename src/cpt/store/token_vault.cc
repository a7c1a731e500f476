#include "cpt/store/token_vault.h"

#include <nlohmann/json.hpp>

#include <thread>

#include "cpt/store/redis/job_queue.h"
#include "cpt/store/redis/redis_store.h"

namespace cpt::store {

namespace {

std::int64_t epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<std::string> seal_tokens(const Sealer& sealer, std::string_view account,
                                const tesla::auth::TokenSet& tokens) {
  const nlohmann::json doc = {
      {"access_token", tokens.access_token},
      {"refresh_token", tokens.refresh_token},
      {"id_token", tokens.id_token},
      {"expires_at", epoch_seconds(tokens.expires_at)},
      {"scope", tokens.scope},
  };
  return sealer.seal(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), account);
}

Result<tesla::auth::TokenSet> open_tokens(const Sealer& sealer, std::string_view account,
                                          std::string_view sealed) {
  auto plain = sealer.open(sealed, account);
  if (!plain) return fail(std::move(plain.error()));
  const nlohmann::json doc = nlohmann::json::parse(*plain, nullptr, false);
  if (!doc.is_object()) return fail(ErrorKind::malformed, "sealed token set is not a JSON object");
  tesla::auth::TokenSet out;
  out.access_token = doc.value("access_token", "");
  out.refresh_token = doc.value("refresh_token", "");
  out.id_token = doc.value("id_token", "");
  out.scope = doc.value("scope", "");
  out.expires_at = std::chrono::system_clock::time_point(
      std::chrono::seconds(doc.value("expires_at", std::int64_t{0})));
  return out;
}

EncryptedTokenStore::EncryptedTokenStore(std::shared_ptr<SessionStore> store,
                                         std::shared_ptr<const Sealer> sealer,
                                         std::chrono::milliseconds lock_wait)
    : store_(std::move(store)), sealer_(std::move(sealer)), lock_wait_(lock_wait) {}

// The Redis lock of one account's refresh, with its fencing token; releases on destruction.
class EncryptedTokenStore::RedisRefreshLock final : public tesla::auth::RefreshLock {
 public:
  RedisRefreshLock(EncryptedTokenStore& owner, std::string account,
                   std::unique_ptr<redis::FencedLock> lock, std::int64_t token)
      : owner_(owner), account_(std::move(account)), lock_(std::move(lock)), token_(token) {}
  ~RedisRefreshLock() override {
    {
      std::lock_guard guard(owner_.held_mutex_);
      owner_.held_.erase(account_);
    }
    (void)lock_->release(token_);
  }
  RedisRefreshLock(const RedisRefreshLock&) = delete;
  RedisRefreshLock& operator=(const RedisRefreshLock&) = delete;

 private:
  EncryptedTokenStore& owner_;
  std::string account_;
  std::unique_ptr<redis::FencedLock> lock_;
  std::int64_t token_;
};

Result<std::unique_ptr<tesla::auth::RefreshLock>> EncryptedTokenStore::lock_for_refresh(
    std::string_view account) {
  auto* redis = dynamic_cast<RedisStore*>(store_.get());
  if (redis == nullptr) return std::unique_ptr<tesla::auth::RefreshLock>();  // one process
  // The lease outlasts any refresh (the token request has its own total timeout), so the fence
  // only ever stops a holder that hung far beyond it.
  constexpr auto kLease = std::chrono::seconds(90);
  auto lock = std::make_unique<redis::FencedLock>(
      redis->client(), redis->key_prefix() + "lock:refresh:" + std::string(account),
      redis->key_prefix() + "fence");
  const auto deadline = std::chrono::steady_clock::now() + lock_wait_;
  for (;;) {
    auto token = lock->try_acquire(kLease);
    if (!token) return fail(std::move(token.error()));
    if (*token) {
      {
        std::lock_guard guard(held_mutex_);
        held_[std::string(account)] = **token;
      }
      return std::unique_ptr<tesla::auth::RefreshLock>(std::make_unique<RedisRefreshLock>(
          *this, std::string(account), std::move(lock), **token));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail(ErrorKind::timeout, "another instance holds the account's refresh lock",
                  "The Tesla sign-in is being renewed; please try again shortly.");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Result<std::optional<tesla::auth::TokenSet>> EncryptedTokenStore::load(std::string_view account) {
  auto sealed = store_->load_tokens(account);
  if (!sealed) return fail(std::move(sealed.error()));
  if (!*sealed) return std::nullopt;
  auto tokens = open_tokens(*sealer_, account, **sealed);
  if (!tokens) return fail(std::move(tokens.error()));
  return std::optional<tesla::auth::TokenSet>(std::move(*tokens));
}

Result<void> EncryptedTokenStore::save(std::string_view account,
                                       const tesla::auth::TokenSet& tokens) {
  auto sealed = seal_tokens(*sealer_, account, tokens);
  if (!sealed) return fail(std::move(sealed.error()));
  std::optional<std::int64_t> fence;
  {
    std::lock_guard guard(held_mutex_);
    if (auto it = held_.find(account); it != held_.end()) fence = it->second;
  }
  if (fence) {
    auto* redis = dynamic_cast<RedisStore*>(store_.get());
    return redis->save_tokens_fenced(
        account, *sealed, redis->key_prefix() + "lock:refresh:" + std::string(account), *fence);
  }
  return store_->save_tokens(account, *sealed);
}

}  // namespace cpt::store
