#include "cpt/http/worker_pool.h"

#include <algorithm>

namespace cpt::http {

WorkerPool::WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t max_queued,
                       std::chrono::milliseconds idle_exit)
    : max_threads_(std::max<std::size_t>(1, max_threads)),
      max_queued_(max_queued),
      idle_exit_(idle_exit) {
  min_threads_ = std::min(min_threads, max_threads_);
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < min_threads_; ++i) spawn();
}

WorkerPool::~WorkerPool() {
  shutdown();
}

bool WorkerPool::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_) return false;
    if (idle_ <= jobs_.size() && threads_.size() < max_threads_) {
      spawn();
    } else if (idle_ <= jobs_.size() && jobs_.size() - idle_ >= max_queued_) {
      return false;
    }
    jobs_.push_back(std::move(job));
  }
  cond_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    shutdown_ = true;
    threads.swap(threads_);
    for (auto& exited : exited_) threads.push_back(std::move(exited));
    exited_.clear();
  }
  cond_.notify_all();
  for (auto& thread : threads) thread.join();
}

std::size_t WorkerPool::threads() {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

// Caller holds mutex_. An exited thread gave the lock up as it left work(): the join is short.
void WorkerPool::join_exited() {
  for (auto& thread : exited_) thread.join();
  exited_.clear();
}

void WorkerPool::spawn() {
  join_exited();
  threads_.emplace_back([this] { work(); });
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      const bool woken =
          cond_.wait_for(lock, idle_exit_, [this] { return shutdown_ || !jobs_.empty(); });
      --idle_;
      if (!woken && threads_.size() > min_threads_) {
        // Idle past idle_exit above the minimum: this thread ends; the next spawn joins it.
        const auto self = std::find_if(threads_.begin(), threads_.end(), [](const std::thread& t) {
          return t.get_id() == std::this_thread::get_id();
        });
        if (self != threads_.end()) {
          exited_.push_back(std::move(*self));
          threads_.erase(self);
          return;
        }
      }
      if (!woken) continue;
      if (jobs_.empty()) return;  // shutting down and drained
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace cpt::http
