#include "cpt/tesla/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace cpt::tesla {

void run_bounded(std::size_t count, int max_in_flight,
                 const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) task(i);
  };
  const auto workers =
      std::min<std::size_t>(count, static_cast<std::size_t>(std::max(1, max_in_flight)));
  std::vector<std::jthread> threads;
  threads.reserve(workers > 0 ? workers - 1 : 0);
  for (std::size_t i = 1; i < workers; ++i) threads.emplace_back(worker);
  worker();
}

}  // namespace cpt::tesla
