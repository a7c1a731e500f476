#include "cpt/store/token_vault.h"

#include <nlohmann/json.hpp>

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
                                         std::shared_ptr<const Sealer> sealer)
    : store_(std::move(store)), sealer_(std::move(sealer)) {}

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
  return store_->save_tokens(account, *sealed);
}

}  // namespace cpt::store
