// Rng: a tiny seeded generator (splitmix64) whose sequence is the same on every platform, so a
// seed always yields the same world and the same fault pattern. Not thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace cpt::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform integer in [lo, hi] (inclusive).
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(next() % span);
  }
  // Uniform double in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double between_real(double lo, double hi) { return lo + (hi - lo) * unit(); }
  bool chance(double probability) { return unit() < probability; }
  template <class T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(next() % items.size())];
  }
  std::size_t index(std::size_t size) { return static_cast<std::size_t>(next() % size); }

 private:
  std::uint64_t state_;
};

}  // namespace cpt::sim
