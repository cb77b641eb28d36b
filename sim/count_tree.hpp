// A Fenwick (binary indexed) tree of 0/1 flags over positions 0..n-1: how many are set, and which
// position holds the k-th set flag, in O(log n) each. For drawing uniformly among the members of a
// list that qualify, as the list's order has it, while members qualify one after another.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sim {

class CountTree {
 public:
  /// Sets the flags of positions 0..n-1 to flag(i) (true or false), in O(n); allocates only when
  /// n exceeds every size before.
  template <class Flag>
  void reset(std::size_t n, Flag&& flag) {
    tree_.assign(n, 0);
    total_ = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t set = flag(i) ? 1 : 0;
      tree_[i] += set;
      total_ += set;
      const std::size_t parent = i | (i + 1);
      if (parent < n) tree_[parent] += tree_[i];
    }
  }
  /// Sets the flags to `flags` (one per position, 0 or 1).
  void reset(const std::vector<std::uint8_t>& flags) {
    reset(flags.size(), [&](std::size_t i) { return flags[i] != 0; });
  }
  /// Sets the flag at `position` (which must be clear).
  void set(std::size_t position) {
    for (std::size_t i = position; i < tree_.size(); i |= i + 1) ++tree_[i];
    ++total_;
  }
  /// How many flags are set.
  std::size_t total() const { return total_; }
  /// The position of the k-th set flag (k < total(), counting from 0, in position order).
  std::size_t find(std::size_t k) const {
    std::size_t step = 1;
    while (step * 2 <= tree_.size()) step *= 2;
    // Binary lifting: `at` grows by halving steps while the flags before it number at most k.
    std::size_t at = 0;
    for (; step > 0; step /= 2) {
      const std::size_t next = at + step;
      if (next <= tree_.size() && tree_[next - 1] <= k) {
        k -= tree_[next - 1];
        at = next;
      }
    }
    return at;
  }

 private:
  std::vector<std::uint32_t> tree_;  // tree_[i]: flags set in (i & (i + 1)) .. i
  std::size_t total_ = 0;
};

}  // namespace sim
