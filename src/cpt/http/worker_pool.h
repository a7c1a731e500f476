// WorkerPool: the bounded pool HttpServer runs handlers on. Internal to cpt::http.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cpt::http {

// Starts `min_threads` and adds one whenever a job would otherwise wait, up to `max_threads`;
// past that at most `max_queued` jobs wait and try_submit refuses the rest (the server answers
// 503), so a flood of requests costs neither unbounded threads nor unbounded memory. A thread
// beyond `min_threads` that found no job for `idle_exit` ends: a burst's threads do not stay.
class WorkerPool {
 public:
  WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t max_queued,
             std::chrono::milliseconds idle_exit = std::chrono::seconds(5));
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool try_submit(std::function<void()> job);
  // Runs the queued jobs, then joins every thread. Idempotent.
  void shutdown();
  // Threads running now.
  std::size_t threads();

 private:
  void spawn();
  void work();
  void join_exited();

  std::size_t min_threads_;
  std::size_t max_threads_;
  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::vector<std::thread> exited_;  // ended for idleness, joined by the next spawn or shutdown
  std::chrono::milliseconds idle_exit_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace cpt::http
