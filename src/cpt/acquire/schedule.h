// TaskQueue: an order's calls on a fixed set of threads, what the reader waits for first (issue
// #15): per-VIN modules and the charging history before invoice PDFs.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cpt::acquire {

// Which tasks run first: every `reader_waits` task queued is started before any `background` one.
enum class Priority { reader_waits, background };

// Prioritized tasks on a fixed set of threads; a running task may add more. Thread-safe. Tasks
// must not throw.
class TaskQueue {
 public:
  void add(Priority priority, std::function<void()> task);
  // Runs tasks on up to `threads` threads (the calling thread is one of them) until none is
  // queued or running. A helper thread is started only for a task that finds every thread busy.
  void run(int threads);

 private:
  void work();
  void grow_locked();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> first_;
  std::deque<std::function<void()>> later_;
  std::size_t running_ = 0;
  int ceiling_ = 0;  // threads allowed while run() works (0: not running)
  int workers_ = 0;  // threads working the queue, run()'s caller included
  int idle_ = 0;     // of them, waiting for a task
  std::vector<std::jthread> helpers_;
};

}  // namespace cpt::acquire
