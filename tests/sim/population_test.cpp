#include "sim/population.hpp"

#include <catch2/catch.hpp>
#include <vector>

namespace {
struct Things {
  sim::Population pop;
  std::vector<double> cash;
  std::vector<int> tier;
  Things() {
    pop.column(cash, 10.0);
    pop.column(tier, 3);
  }
};
}  // namespace

TEST_CASE("adding agents grows every column with its initial value", "[population]") {
  Things t;
  const auto a = t.pop.add();
  const auto b = t.pop.add();
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(t.cash == std::vector<double>{10.0, 10.0});
  CHECK(t.tier == std::vector<int>{3, 3});
  CHECK(t.pop.size() == 2);
  CHECK(t.pop.id(a) == 0);
  CHECK(t.pop.id(b) == 1);
}

TEST_CASE("exits free slots that entrants reuse, with new ids and reset state", "[population]") {
  Things t;
  for (int i = 0; i < 4; ++i) t.pop.add();
  t.cash[2] = -5.0;
  t.tier[2] = 1;
  t.pop.remove(2);
  CHECK(!t.pop.alive(2));
  CHECK(t.pop.size() == 3);
  CHECK(t.pop.slots() == 4);
  const auto s = t.pop.add();
  CHECK(s == 2);
  CHECK(t.pop.alive(2));
  CHECK(t.pop.id(2) == 4);  // ids are never reused
  CHECK(t.cash[2] == 10.0);
  CHECK(t.tier[2] == 3);
  CHECK(t.pop.slots() == 4);
  CHECK(t.pop.ids_issued() == 5);
}

TEST_CASE("removing a dead agent is an error", "[population]") {
  Things t;
  t.pop.add();
  t.pop.remove(0);
  CHECK_THROWS_AS(t.pop.remove(0), std::logic_error);
  CHECK_THROWS_AS(t.pop.remove(7), std::logic_error);
}

TEST_CASE("entries within the reserved size do not reallocate columns", "[population]") {
  Things t;
  t.pop.reserve(100);
  t.pop.add();
  const double* before = t.cash.data();
  for (int i = 0; i < 99; ++i) t.pop.add();
  CHECK(t.cash.data() == before);
  CHECK(t.cash.size() == 100);
}

TEST_CASE("columns cannot be registered once agents exist", "[population]") {
  Things t;
  t.pop.add();
  std::vector<double> late;
  CHECK_THROWS_AS(t.pop.column(late), std::logic_error);
}
