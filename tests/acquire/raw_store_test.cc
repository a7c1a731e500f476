#include "cpt/acquire/raw_store.h"

#include <gtest/gtest.h>

namespace cpt::acquire {
namespace {

TEST(InMemoryRawStore, KeepsAnswersPerOrderAndKey) {
  InMemoryRawStore store;
  ASSERT_TRUE(store.put("ord-1", {"vehicles", 200, "application/json", "{\"a\":1}", {}}));
  ASSERT_TRUE(store.put("ord-2", {"vehicles", 200, "application/json", "{\"b\":2}", {}}));
  auto first = store.find("ord-1", "vehicles");
  ASSERT_TRUE(first && first->has_value());
  EXPECT_EQ((*first)->body, "{\"a\":1}");
  EXPECT_FALSE(store.find("ord-1", "vehicle_data/X").value().has_value());
}

TEST(InMemoryRawStore, EraseOrderForgetsOnlyThatOrder) {
  InMemoryRawStore store;
  ASSERT_TRUE(store.put("ord-1", {"a", 200, "", "1", {}}));
  ASSERT_TRUE(store.put("ord-1", {"b", 200, "", "2", {}}));
  ASSERT_TRUE(store.put("ord-10", {"a", 200, "", "3", {}}));
  ASSERT_TRUE(store.erase_order("ord-1"));
  EXPECT_FALSE(store.find("ord-1", "a").value().has_value());
  EXPECT_FALSE(store.find("ord-1", "b").value().has_value());
  EXPECT_EQ(store.find("ord-10", "a").value()->body, "3");
}

}  // namespace
}  // namespace cpt::acquire
