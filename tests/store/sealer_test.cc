#include "cpt/store/sealer.h"

#include <gtest/gtest.h>

#include <string>

namespace cpt::store {
namespace {

constexpr std::string_view kHexKey =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

Sealer test_sealer() {
  return *Sealer::from_text(kHexKey);
}

TEST(Sealer, AcceptsHexAndBase64KeysOfThirtyTwoBytes) {
  EXPECT_TRUE(Sealer::from_text(kHexKey).has_value());
  // The same 32 bytes in standard base64 and in URL-safe base64 without padding.
  EXPECT_TRUE(Sealer::from_text("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").has_value());
  EXPECT_TRUE(Sealer::from_text("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").has_value());
}

TEST(Sealer, RefusesShortKeysWithoutEchoingThem) {
  auto sealer = Sealer::from_text("0011223344");
  ASSERT_FALSE(sealer.has_value());
  EXPECT_EQ(sealer.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(sealer.error().log_message.find("0011223344"), std::string::npos);
}

TEST(Sealer, SealThenOpenReturnsThePlaintext) {
  const Sealer sealer = test_sealer();
  auto sealed = sealer.seal("refresh-token-secret", "session-1");
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->size(), 2u + 12u + 20u + 16u);
  EXPECT_EQ(sealed->find("refresh-token-secret"), std::string::npos);
  auto opened = sealer.open(*sealed, "session-1");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "refresh-token-secret");
}

TEST(Sealer, SameSecretSealsDifferentlyEachTime) {
  const Sealer sealer = test_sealer();
  EXPECT_NE(*sealer.seal("x", "a"), *sealer.seal("x", "a"));
}

TEST(Sealer, OneChangedByteFailsToOpen) {
  const Sealer sealer = test_sealer();
  std::string sealed = *sealer.seal("token", "acct");
  sealed[16] = static_cast<char>(sealed[16] ^ 0x01);
  auto opened = sealer.open(sealed, "acct");
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, ErrorKind::malformed);
}

TEST(Sealer, BlobOfAnotherAccountFailsToOpen) {
  const Sealer sealer = test_sealer();
  const std::string sealed = *sealer.seal("token", "session-a");
  EXPECT_FALSE(sealer.open(sealed, "session-b").has_value());
}

TEST(Sealer, AnotherKeyFailsToOpen) {
  const std::string sealed = *test_sealer().seal("token", "acct");
  auto other = Sealer::generate();
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->open(sealed, "acct").has_value());
}

TEST(Sealer, TruncatedBlobIsMalformed) {
  const Sealer sealer = test_sealer();
  auto opened = sealer.open("v1short", "acct");
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, ErrorKind::malformed);
}

}  // namespace
}  // namespace cpt::store
