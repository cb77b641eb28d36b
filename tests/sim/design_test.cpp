// Experimental designs (sim/design.hpp): which points a sweep runs.
#include "sim/design.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

using namespace sim;

namespace {
// How many of the n equal strata of factor k's range the points use (n: each exactly once).
std::size_t strata_used(const std::vector<std::vector<double>>& points, const Factor& f,
                        std::size_t k, std::size_t n) {
  std::set<std::size_t> strata;
  for (const auto& point : points) {
    const double u = (point[k] - f.min) / (f.max - f.min);
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    strata.insert(static_cast<std::size_t>(u * static_cast<double>(n)));
  }
  return strata.size();
}
}  // namespace

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
  for (std::size_t k = 0; k < f.size(); ++k) CHECK(strata_used(p, f[k], k, n) == n);
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

TEST_CASE("2^m Sobol points fill each factor's 2^m strata once", "[design]") {
  const std::size_t n = 64;
  const std::vector<Factor> f = {
      {"x", {}, 0.0, 1.0, false}, {"y", {}, -2.0, 2.0, false}, {"z", {}, 10.0, 20.0, false}};
  const auto p = make_design(DesignKind::sobol, f, n, 0);
  REQUIRE(p.size() == n);
  CHECK(p[0] == std::vector<double>{0.0, -2.0, 10.0});  // the sequence starts at the origin
  for (std::size_t k = 0; k < f.size(); ++k) CHECK(strata_used(p, f[k], k, n) == n);
  CHECK(make_design(DesignKind::sobol, f, n, 99) == p);  // no randomness: the seed is unused
}

TEST_CASE("Saltelli's scheme: A, each AB_i (A with column i from B), B", "[design]") {
  const std::size_t n = 16, k = 3;
  const std::vector<Factor> f = {
      {"a", {}, 0.0, 1.0, false}, {"b", {}, 0.0, 1.0, false}, {"c", {}, 5.0, 6.0, false}};
  const auto p = make_design(DesignKind::saltelli, f, n, 0);
  REQUIRE(p.size() == n * (k + 2));
  for (std::size_t j = 0; j < n; ++j) {
    const auto& a = p[j * (k + 2)];
    const auto& b = p[j * (k + 2) + k + 1];
    for (std::size_t i = 0; i < k; ++i) {
      const auto& ab = p[j * (k + 2) + 1 + i];
      for (std::size_t c = 0; c < k; ++c) CHECK(ab[c] == (c == i ? b[c] : a[c]));
    }
  }
  // A and B are different halves of one Sobol sequence: they differ.
  CHECK(p[k + 2] != p[2 * (k + 2) - 1]);
  CHECK(p[0] != p[k + 1]);
}

TEST_CASE("Morris trajectories move one factor at a time, by delta, each factor once", "[design]") {
  const std::size_t r = 20, k = 3, p = 4;
  const std::vector<Factor> f = {
      {"a", {}, 0.0, 1.0, false}, {"b", {}, 0.0, 3.0, false}, {"c", {}, -1.0, 1.0, false}};
  const auto points = make_design(DesignKind::morris, f, r, 11, p);
  REQUIRE(points.size() == r * (k + 1));
  const double delta = 4.0 / 6.0;  // p / (2 (p - 1)) of each range
  for (std::size_t t = 0; t < r; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t s = 1; s <= k; ++s) {
      const auto& before = points[t * (k + 1) + s - 1];
      const auto& after = points[t * (k + 1) + s];
      std::size_t changed = 0;
      for (std::size_t i = 0; i < k; ++i) {
        if (before[i] == after[i]) continue;
        ++changed;
        moved.insert(i);
        CHECK(std::abs(after[i] - before[i]) == Approx(delta * (f[i].max - f[i].min)));
      }
      CHECK(changed == 1);
    }
    CHECK(moved.size() == k);  // every factor moves once per trajectory
    for (std::size_t s = 0; s <= k; ++s)
      for (std::size_t i = 0; i < k; ++i) {
        const double x = points[t * (k + 1) + s][i];
        CHECK(x >= f[i].min - 1e-12);
        CHECK(x <= f[i].max + 1e-12);
      }
  }
  CHECK_THROWS_AS(make_design(DesignKind::morris, f, r, 11, 3), std::invalid_argument);
}
