// Orders as jobs on a Redis Stream (any instance runs any order, a dead instance's job is taken
// over after its lease) and the fenced lock around single-use work such as a token refresh.
#include "cpt/store/redis/job_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "store/redis_server.h"

namespace cpt::store::redis {
namespace {

using namespace std::chrono_literals;

class JobQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = testing::RedisServer::start(why);
    ASSERT_NE(server_, nullptr) << why;
    auto client = RedisClient::connect({.url = server_->url()});
    ASSERT_TRUE(client.has_value()) << client.error().describe();
    client_ = std::move(*client);
  }
  JobQueue queue(std::string consumer, std::chrono::milliseconds lease = 30s) {
    JobQueue q(*client_, {.stream = "cpt:jobs",
                          .group = "cpt-serve",
                          .consumer = std::move(consumer),
                          .lease = lease});
    EXPECT_TRUE(q.ensure_group().has_value());
    return q;
  }

  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> client_;
};

TEST_F(JobQueueTest, AJobGoesToOneInstanceOnlyAndIsGoneWhenDone) {
  auto a = queue("instance-a");
  auto b = queue("instance-b");
  ASSERT_TRUE(a.ensure_group().has_value()) << "creating the group twice is harmless";
  ASSERT_TRUE(a.enqueue("order-1", "session-order-1").has_value());
  auto first = b.next(0ms);
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->order_id, "order-1");
  EXPECT_EQ((*first)->session_id, "session-order-1");
  EXPECT_EQ(*a.backlog(), 1);
  EXPECT_EQ((*first)->deliveries, 1);
  auto second = a.next(0ms);
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value()) << "the job is already b's";
  EXPECT_EQ(*a.pending(), 1);
  ASSERT_TRUE(b.done(**first).has_value());
  EXPECT_EQ(*a.pending(), 0);
  EXPECT_EQ(*a.backlog(), 0);
}

TEST_F(JobQueueTest, WaitingForAJobIsBoundedAndReturnsNothingWhenIdle) {
  auto a = queue("instance-a");
  const auto start = std::chrono::steady_clock::now();
  auto none = a.next(100ms);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(JobQueueTest, TheJobOfADeadInstanceIsTakenOverAfterItsLease) {
  auto dead = queue("instance-dead", 200ms);
  auto alive = queue("instance-alive", 200ms);
  ASSERT_TRUE(dead.enqueue("order-7", "session-order-7").has_value());
  auto taken = dead.next(0ms);
  ASSERT_TRUE(taken.has_value() && taken->has_value());
  // instance-dead stops here (kill -9): no renew, no done.
  EXPECT_FALSE(alive.next(0ms)->has_value()) << "within the lease the job stays with its owner";
  std::this_thread::sleep_for(300ms);
  auto claimed = alive.next(0ms);
  ASSERT_TRUE(claimed.has_value() && claimed->has_value());
  EXPECT_EQ((*claimed)->order_id, "order-7");
  EXPECT_EQ((*claimed)->entry_id, (*taken)->entry_id);
  EXPECT_EQ((*claimed)->deliveries, 2);
  ASSERT_TRUE(alive.done(**claimed).has_value());
  EXPECT_EQ(*alive.pending(), 0);
}

TEST_F(JobQueueTest, RenewingKeepsAJobFromBeingTakenOver) {
  auto worker = queue("instance-a", 300ms);
  auto other = queue("instance-b", 300ms);
  ASSERT_TRUE(worker.enqueue("order-2", "session-order-2").has_value());
  auto job = worker.next(0ms);
  ASSERT_TRUE(job.has_value() && job->has_value());
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(worker.renew(**job).has_value());
  }
  EXPECT_FALSE(other.next(0ms)->has_value()) << "500 ms passed, but the lease was renewed";
}

TEST_F(JobQueueTest, ALockIsHeldByOneAndItsTokensOnlyGrow) {
  FencedLock lock(*client_, "cpt:lock:refresh:acct-1");
  auto first = lock.try_acquire(10s);
  ASSERT_TRUE(first.has_value() && first->has_value());
  auto busy = lock.try_acquire(10s);
  ASSERT_TRUE(busy.has_value());
  EXPECT_FALSE(busy->has_value());
  EXPECT_TRUE(*lock.release(**first));
  EXPECT_FALSE(*lock.release(**first)) << "releasing twice does nothing";
  auto second = lock.try_acquire(10s);
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_GT(**second, **first);
}

TEST_F(JobQueueTest, AHolderWhoseLeaseRanOutCannotWriteOverTheNext) {
  ASSERT_TRUE(client_->command({"SET", "cpt:s:acct-1:tokens", "pair-0", "PX", "60000"}));
  FencedLock lock(*client_, "cpt:lock:refresh:acct-1");
  auto slow = lock.try_acquire(100ms);
  ASSERT_TRUE(slow.has_value() && slow->has_value());
  std::this_thread::sleep_for(200ms);  // the slow holder stalls past its lease
  auto next = lock.try_acquire(10s);
  ASSERT_TRUE(next.has_value() && next->has_value());
  EXPECT_TRUE(*lock.write_if_held(**next, "cpt:s:acct-1:tokens", "pair-2"));
  EXPECT_FALSE(*lock.write_if_held(**slow, "cpt:s:acct-1:tokens", "pair-1"));
  EXPECT_EQ(client_->command({"GET", "cpt:s:acct-1:tokens"})->text, "pair-2");
  EXPECT_GT(client_->command({"PTTL", "cpt:s:acct-1:tokens"})->integer, 0) << "expiry kept";
}

TEST_F(JobQueueTest, FiftyThreadsRacingForTheLockLetExactlyOneIn) {
  FencedLock lock(*client_, "cpt:lock:refresh:acct-2");
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      auto token = lock.try_acquire(10s);
      if (token && *token) ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
}

}  // namespace
}  // namespace cpt::store::redis
