#include "cpt/acquire/schedule.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace cpt::acquire {

void TaskQueue::add(Priority priority, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    (priority == Priority::reader_waits ? first_ : later_).push_back(std::move(task));
    grow_locked();
  }
  changed_.notify_one();
}

// A thread more only when a queued task would find no idle one: an order's threads follow its
// tasks (a basic order's few calls, an expert order's invoices) instead of all starting at once.
// Every thread holds its stack, its allocator cache and its JSON parser for the order's length,
// and a service runs many orders at a time.
void TaskQueue::grow_locked() {
  const std::size_t queued = first_.size() + later_.size();
  if (ceiling_ == 0 || workers_ >= ceiling_ || queued <= static_cast<std::size_t>(idle_)) return;
  ++workers_;
  helpers_.emplace_back([this] { work(); });
}

void TaskQueue::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    changed_.wait(lock, [this] { return !first_.empty() || !later_.empty() || running_ == 0; });
    --idle_;
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
  {
    std::lock_guard lock(mutex_);
    ceiling_ = std::max(1, threads);
    workers_ = 1;  // the caller
    const std::size_t queued = first_.size() + later_.size();
    while (workers_ < ceiling_ && static_cast<std::size_t>(workers_) < queued) {
      ++workers_;
      helpers_.emplace_back([this] { work(); });
    }
  }
  work();
  // Every thread leaves work() once nothing is queued or running, so none is started after this.
  std::vector<std::jthread> helpers;
  {
    std::lock_guard lock(mutex_);
    helpers.swap(helpers_);
    ceiling_ = 0;
    workers_ = 0;
  }
}  // the helpers are joined here

}  // namespace cpt::acquire
