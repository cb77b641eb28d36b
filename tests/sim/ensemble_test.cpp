// Running many runs on threads (sim/ensemble.hpp): every run once, failures kept to their run.
#include "sim/ensemble.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

TEST_CASE("a run that throws fails alone; the others run, whatever the thread count",
          "[ensemble]") {
  for (unsigned threads : {1u, 2u, 3u}) {
    std::vector<int> done(10, 0);
    const auto failures = sim::for_each_run_keeping_going(
        done.size(), threads,
        [&](std::size_t r) {
          if (r == 3 || r == 7)
            throw std::runtime_error("metric x is NaN in month " + std::to_string(r));
          done[r] = 1;
        },
        nullptr);
    INFO("threads " << threads);
    REQUIRE(failures.size() == 2);
    CHECK(failures[0].run == 3);
    CHECK(failures[0].reason == "metric x is NaN in month 3");
    CHECK(failures[1].run == 7);
    CHECK(done == std::vector<int>{1, 1, 1, 0, 1, 1, 1, 0, 1, 1});
  }
}

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
