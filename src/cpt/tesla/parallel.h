// Bounded parallelism for independent calls (different vehicles and modules).
#pragma once

#include <cstddef>
#include <functional>

namespace cpt::tesla {

// Runs task(0) .. task(count - 1) on at most `max_in_flight` threads (the calling thread is one
// of them) and returns when all are done. Tasks must not throw. Thread-safe.
void run_bounded(std::size_t count, int max_in_flight,
                 const std::function<void(std::size_t)>& task);

}  // namespace cpt::tesla
