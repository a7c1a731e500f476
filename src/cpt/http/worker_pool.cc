#include "cpt/http/worker_pool.h"

#include <algorithm>

namespace cpt::http {

WorkerPool::WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t max_queued)
    : max_threads_(std::max<std::size_t>(1, max_threads)), max_queued_(max_queued) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < std::min(min_threads, max_threads_); ++i) spawn();
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
  }
  cond_.notify_all();
  for (auto& thread : threads) thread.join();
}

void WorkerPool::spawn() {
  threads_.emplace_back([this] { work(); });
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      cond_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) return;  // shutting down and drained
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace cpt::http
