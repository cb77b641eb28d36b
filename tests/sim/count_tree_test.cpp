#include "sim/count_tree.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

// The k-th set flag by a pass over the flags, as the tree must find it.
static std::size_t kth_by_scan(const std::vector<std::uint8_t>& flags, std::size_t k) {
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (flags[i] && k-- == 0) return i;
  return flags.size();
}

TEST_CASE("a count tree finds the k-th set flag as a scan does, while flags are set",
          "[count_tree]") {
  std::mt19937_64 gen(3);
  for (std::size_t n : {1ul, 2ul, 3ul, 7ul, 8ul, 9ul, 100ul, 1000ul}) {
    std::vector<std::uint8_t> flags(n);
    for (auto& f : flags) f = gen() % 3 == 0;
    sim::CountTree tree;
    tree.reset(flags);
    for (int step = 0; step < 50; ++step) {
      std::size_t total = 0;
      for (auto f : flags) total += f;
      REQUIRE(tree.total() == total);
      for (std::size_t k = 0; k < total; ++k) REQUIRE(tree.find(k) == kth_by_scan(flags, k));
      // Set one more clear flag, if any.
      std::vector<std::size_t> clear;
      for (std::size_t i = 0; i < n; ++i)
        if (!flags[i]) clear.push_back(i);
      if (clear.empty()) break;
      const std::size_t i = clear[gen() % clear.size()];
      flags[i] = 1;
      tree.set(i);
    }
  }
  sim::CountTree empty;
  empty.reset({});
  CHECK(empty.total() == 0);
}
