#include <gtest/gtest.h>

#include "cpt/store/order_raw_store.h"
#include "cpt/store/token_vault.h"
#include "store/store_fixture.h"

namespace cpt::store::testing {
namespace {

std::shared_ptr<const Sealer> sealer() {
  return std::make_shared<const Sealer>(
      *Sealer::from_text("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
}

tesla::auth::TokenSet tokens(std::string access) {
  tesla::auth::TokenSet t;
  t.access_token = std::move(access);
  t.refresh_token = "refresh-secret-123";
  t.id_token = "id-tok";
  t.expires_at = kT0 + 8h;
  t.scope = "openid offline_access vehicle_device_data";
  return t;
}

TEST_F(StoreTest, TokenVaultStoresOnlyCiphertext) {
  auto key = sealer();
  ASSERT_TRUE(store_->create_session(session("s1"), *seal_tokens(*key, "s1", tokens("a1"))));
  const std::string blob = store_->load_tokens("s1")->value();
  EXPECT_EQ(blob.find("refresh-secret-123"), std::string::npos);
  EXPECT_EQ(blob.find("a1"), std::string::npos);
  EXPECT_EQ(blob.substr(0, 2), "v1");
}

TEST_F(StoreTest, TokenVaultLoadsWhatWasSaved) {
  auto key = sealer();
  ASSERT_TRUE(store_->create_session(session("s1"), *seal_tokens(*key, "s1", tokens("a1"))));
  EncryptedTokenStore vault(store_, key);
  ASSERT_TRUE(vault.save("s1", tokens("a2")));
  auto loaded = vault.load("s1");
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ((*loaded)->access_token, "a2");
  EXPECT_EQ((*loaded)->refresh_token, "refresh-secret-123");
  EXPECT_EQ((*loaded)->id_token, "id-tok");
  EXPECT_EQ((*loaded)->expires_at, kT0 + 8h);
  EXPECT_EQ((*loaded)->scope, "openid offline_access vehicle_device_data");
  EXPECT_FALSE(vault.load("s2")->has_value());
}

TEST_F(StoreTest, TokenBlobMovedToAnotherSessionDoesNotOpen) {
  auto key = sealer();
  const std::string blob = *seal_tokens(*key, "s1", tokens("a1"));
  ASSERT_TRUE(store_->create_session(session("s2"), blob));
  EncryptedTokenStore vault(store_, key);
  auto loaded = vault.load("s2");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().kind, ErrorKind::malformed);
}

TEST_F(StoreTest, OrderRawStoreKeepsAnswersAcrossARestart) {
  ASSERT_TRUE(store_->create_session(session("s1"), "t"));
  ASSERT_TRUE(store_->create_order(order("o1", "s1")));
  {
    OrderRawStore raws(store_);
    ASSERT_TRUE(raws.put("o1", raw("vehicle_data/5YJ3E1EA7KF000001", R"({"response":{}})")));
  }
  store_.reset();
  store_ = open_store();
  OrderRawStore raws(store_);
  auto found = raws.find("o1", "vehicle_data/5YJ3E1EA7KF000001");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->body, R"({"response":{}})");
  ASSERT_TRUE(raws.erase_order("o1"));
  EXPECT_FALSE(raws.find("o1", "vehicle_data/5YJ3E1EA7KF000001")->has_value());
}

}  // namespace
}  // namespace cpt::store::testing
