// TaskQueue: an order's calls on a fixed set of threads, what the reader waits for first (issue
// #15): per-VIN modules and the charging history before invoice PDFs.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace cpt::acquire {

// Which tasks run first: every `reader_waits` task queued is started before any `background` one.
enum class Priority { reader_waits, background };

// Prioritized tasks on a fixed set of threads; a running task may add more. Thread-safe. Tasks
// must not throw.
class TaskQueue {
 public:
  void add(Priority priority, std::function<void()> task);
  // Runs tasks on `threads` threads (the calling thread is one of them) until none is queued or
  // running.
  void run(int threads);

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> first_;
  std::deque<std::function<void()>> later_;
  std::size_t running_ = 0;
};

}  // namespace cpt::acquire
