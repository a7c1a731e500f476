// Account-wide stops through Redis: one instance records, every instance sees it, until it ends.
#include "cpt/store/redis/redis_cooldown.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/redis_server.h"

namespace cpt::store::redis {
namespace {

TEST(RedisCooldown, AStopRecordedByOneInstanceIsSeenByAnotherUntilItEnds) {
  std::string why;
  auto server = testing::RedisServer::start(why);
  ASSERT_NE(server, nullptr) << why;
  auto a = RedisClient::connect({.url = server->url()});
  auto b = RedisClient::connect({.url = server->url()});
  ASSERT_TRUE(a.has_value() && b.has_value());
  RedisCooldown first(**a, "cpt:");
  RedisCooldown second(**b, "cpt:");
  const auto now = std::chrono::system_clock::now();
  Error limited = make_error(ErrorKind::rate_limited, "429 for 300 s", "Tesla asks us to wait.");
  limited.with("retry_after_s", "300");
  first.record("sess-1", limited, now + std::chrono::milliseconds(400), now);

  auto seen = second.current("sess-1", now);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->reason.kind, ErrorKind::rate_limited);
  EXPECT_EQ(seen->reason.user_message, "Tesla asks us to wait.");
  EXPECT_EQ(seen->reason.get("retry_after_s").value_or(""), "300");
  EXPECT_FALSE(second.current("sess-2", now).has_value()) << "only that account";

  // Redis drops the key when the stop ends: nothing of the session is left behind.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_FALSE(second.current("sess-1", std::chrono::system_clock::now()).has_value());
  EXPECT_TRUE((*a)->command({"GET", "cpt:cooldown:sess-1"})->is_nil());
}

}  // namespace
}  // namespace cpt::store::redis
