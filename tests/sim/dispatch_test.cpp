// Handing runs out to threads (sim/dispatch.hpp): every run once, the same outcome whatever the
// thread count, failures kept to their run, a stop honoured. (Across MPI ranks:
// tests/CMakeLists.txt runs sweeps under mpirun.)
#include "sim/dispatch.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::vector<std::size_t> indices(std::size_t n) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// A run's values depend only on its index; runs 3 and 7 fail.
std::vector<double> compute(std::size_t r) {
  if (r == 3 || r == 7) throw std::runtime_error("metric x is NaN in month " + std::to_string(r));
  return {static_cast<double>(r), static_cast<double>(r * r)};
}

}  // namespace

TEST_CASE("every run is delivered once, failures alone, the same for any thread count",
          "[dispatch]") {
  std::map<std::size_t, sim::RunOutcome> first;
  for (unsigned threads : {1u, 2u, 3u}) {
    INFO("threads " << threads);
    std::map<std::size_t, sim::RunOutcome> got;
    int ticks = 0;
    sim::Dispatch d;
    d.compute = compute;
    d.deliver = [&](sim::RunOutcome&& o) {
      CHECK(got.count(o.run) == 0);
      got[o.run] = std::move(o);
    };
    d.tick = [&] { ++ticks; };
    d.threads = threads;
    const auto todo = indices(12);
    CHECK(sim::dispatch_runs(todo, d, nullptr) == 12);
    REQUIRE(got.size() == 12);
    CHECK(ticks >= 1);  // at least the final one
    CHECK(got[3].failure == "metric x is NaN in month 3");
    CHECK(got[3].values.empty());
    CHECK(got[7].failure == "metric x is NaN in month 7");
    CHECK(got[5].values == std::vector<double>{5, 25});
    CHECK(got[5].failure.empty());
    if (first.empty()) first = got;
    for (const auto& [r, o] : got) {
      CHECK(o.values == first[r].values);
      CHECK(o.failure == first[r].failure);
    }
  }
}

TEST_CASE("only the runs asked for are computed, in the order given", "[dispatch]") {
  std::vector<std::size_t> order;
  sim::Dispatch d;
  d.compute = [&](std::size_t r) {
    order.push_back(r);
    return std::vector<double>{1};
  };
  d.deliver = [](sim::RunOutcome&&) {};
  const std::vector<std::size_t> todo = {9, 2, 5};
  CHECK(sim::dispatch_runs(todo, d, nullptr) == 3);
  CHECK(order == todo);
}

TEST_CASE("a stop hands out no further run; the runs in flight are still delivered", "[dispatch]") {
  for (unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    std::atomic<bool> stop{false};
    std::size_t delivered = 0;
    sim::Dispatch d;
    d.compute = [&](std::size_t r) {
      if (r == 4) stop = true;  // as a signal would, while runs are in flight
      return std::vector<double>{static_cast<double>(r)};
    };
    d.deliver = [&](sim::RunOutcome&& o) {
      CHECK(o.values == std::vector<double>{static_cast<double>(o.run)});
      ++delivered;
    };
    d.threads = threads;
    d.stop = &stop;
    const auto todo = indices(100);
    const std::size_t n = sim::dispatch_runs(todo, d, nullptr);
    CHECK(n == delivered);
    CHECK(n >= 5);                // runs 0..4 were handed out before the stop
    CHECK(n <= 5 + threads - 1);  // and at most one more per other thread
  }
}

TEST_CASE("dispatch needs a thread", "[dispatch]") {
  sim::Dispatch d;
  d.threads = 0;
  CHECK_THROWS_AS(sim::dispatch_runs({}, d, nullptr), std::invalid_argument);
}
