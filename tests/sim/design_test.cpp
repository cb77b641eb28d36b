// Experimental designs (sim/design.hpp): which points a sweep runs.
#include "sim/design.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

using namespace sim;

TEST_CASE("a grid is every combination of the levels, the last factor varying fastest",
          "[design]") {
  const std::vector<Factor> f = {{"a", {1, 2}, 0, 0, false}, {"b", {10, 20, 30}, 0, 0, false}};
  const auto p = make_design(DesignKind::grid, f, 0, 1);
  REQUIRE(p.size() == 6);
  CHECK(p[0] == std::vector<double>{1, 10});
  CHECK(p[1] == std::vector<double>{1, 20});
  CHECK(p[2] == std::vector<double>{1, 30});
  CHECK(p[3] == std::vector<double>{2, 10});
  CHECK(p[5] == std::vector<double>{2, 30});
}

TEST_CASE("a Latin hypercube uses each stratum of each factor exactly once", "[design]") {
  const std::size_t n = 50;
  const std::vector<Factor> f = {{"x", {}, -1.0, 1.0, false}, {"y", {}, 0.0, 100.0, false}};
  const auto p = make_design(DesignKind::lhs, f, n, 42);
  REQUIRE(p.size() == n);
  for (std::size_t k = 0; k < f.size(); ++k) {
    std::set<std::size_t> strata;
    for (const auto& point : p) {
      const double u = (point[k] - f[k].min) / (f[k].max - f[k].min);
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      strata.insert(static_cast<std::size_t>(u * n));
    }
    CHECK(strata.size() == n);
  }
  // The same seed gives the same design; another seed another one.
  CHECK(make_design(DesignKind::lhs, f, n, 42) == p);
  CHECK(make_design(DesignKind::lhs, f, n, 43) != p);
}

TEST_CASE("random points lie in their ranges; integer factors are rounded", "[design]") {
  const std::vector<Factor> f = {{"x", {}, 2.0, 3.0, false}, {"n", {}, 10.0, 20.0, true}};
  const auto p = make_design(DesignKind::random, f, 200, 7);
  REQUIRE(p.size() == 200);
  double lo = 1e9, hi = -1e9;
  for (const auto& point : p) {
    CHECK(point[0] >= 2.0);
    CHECK(point[0] <= 3.0);
    CHECK(point[1] == static_cast<double>(static_cast<long>(point[1])));
    lo = std::min(lo, point[1]);
    hi = std::max(hi, point[1]);
  }
  CHECK(lo == 10.0);  // 200 draws reach both ends of a range of 11 integers
  CHECK(hi == 20.0);
  CHECK_THROWS_AS(make_design(DesignKind::random, f, 0, 7), std::invalid_argument);
}
