// Running many runs on threads (sim/ensemble.hpp).
#include "sim/ensemble.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

TEST_CASE("for_each_run stops at the first failure and rethrows it", "[ensemble]") {
  std::vector<int> done(5, 0);
  CHECK_THROWS_WITH(sim::for_each_run(
                        done.size(), 1,
                        [&](std::size_t r) {
                          if (r == 1) throw std::runtime_error("boom");
                          done[r] = 1;
                        },
                        nullptr),
                    "boom");
  CHECK(done == std::vector<int>{1, 0, 0, 0, 0});  // one thread: nothing after the failure
}
