#include "cpt/acquire/schedule.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace cpt::acquire {

void TaskQueue::add(Priority priority, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    (priority == Priority::reader_waits ? first_ : later_).push_back(std::move(task));
  }
  changed_.notify_one();
}

void TaskQueue::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !first_.empty() || !later_.empty() || running_ == 0; });
    if (first_.empty() && later_.empty()) {
      // Nothing queued and nothing running that could add more: done.
      changed_.notify_all();
      return;
    }
    auto& queue = first_.empty() ? later_ : first_;
    std::function<void()> task = std::move(queue.front());
    queue.pop_front();
    ++running_;
    lock.unlock();
    task();
    lock.lock();
    --running_;
    if (running_ == 0) changed_.notify_all();
  }
}

void TaskQueue::run(int threads) {
  std::vector<std::jthread> helpers;
  const int count = std::max(1, threads);
  helpers.reserve(static_cast<std::size_t>(count - 1));
  for (int i = 1; i < count; ++i) helpers.emplace_back([this] { work(); });
  work();
}

}  // namespace cpt::acquire
