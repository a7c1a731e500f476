// The handler pool: it grows for a burst and gives the burst's threads back once idle.
#include "cpt/http/worker_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <thread>

namespace cpt::http {
namespace {

using namespace std::chrono_literals;

// Polls `pool.threads()` until it is `want` or two seconds passed; returns the last count.
std::size_t wait_for_threads(WorkerPool& pool, std::size_t want) {
  const auto until = std::chrono::steady_clock::now() + 2s;
  std::size_t now = pool.threads();
  while (now != want && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(10ms);
    now = pool.threads();
  }
  return now;
}

TEST(WorkerPool, ABurstsThreadsEndOnceIdleDownToTheMinimum) {
  WorkerPool pool(2, 16, 0, 50ms);
  EXPECT_EQ(pool.threads(), 2u);
  std::latch running(8);
  std::latch release(1);
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(pool.try_submit([&] {
      running.count_down();
      release.wait();
    }));
  }
  running.wait();  // eight jobs at once: at least eight threads
  EXPECT_GE(pool.threads(), 8u);
  release.count_down();
  EXPECT_EQ(wait_for_threads(pool, 2), 2u) << "the burst's threads stayed";

  // The pool grows again for the next burst, and its jobs still run.
  std::latch again(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(pool.try_submit([&] { again.count_down(); }));
  again.wait();
  pool.shutdown();
  EXPECT_EQ(pool.threads(), 0u);
}

}  // namespace
}  // namespace cpt::http
