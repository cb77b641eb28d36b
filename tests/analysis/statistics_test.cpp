#include "analysis/statistics.hpp"

#include <boost/math/distributions/normal.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

TEST_CASE("Student t quantiles match tables", "[statistics]") {
  CHECK(analysis::student_t_quantile(0.975, 10) == Approx(2.228139).epsilon(1e-6));
  CHECK(analysis::student_t_quantile(0.95, 4) == Approx(2.131847).epsilon(1e-6));
  CHECK(analysis::student_t_quantile(0.5, 3) == Approx(0).margin(1e-12));
  CHECK_THROWS_AS(analysis::student_t_quantile(1.0, 3), std::invalid_argument);
}

TEST_CASE("the t-interval of 1..5 at 90% is 3 -/+ 2.1318 * sqrt(2.5 / 5)", "[statistics]") {
  const std::vector<double> v{1, 2, 3, 4, 5};
  const auto e = analysis::t_interval(v, 0.9);
  CHECK(e.mean == Approx(3));
  CHECK(e.lo == Approx(3 - 2.131847 * std::sqrt(0.5)));
  CHECK(e.hi == Approx(3 + 2.131847 * std::sqrt(0.5)));
  CHECK(e.n == 5);
}

TEST_CASE("the t-interval leaves out and counts NaN; widens with the level", "[statistics]") {
  const std::vector<double> v{2, std::nan(""), 4, 6};
  const auto e90 = analysis::t_interval(v, 0.9);
  const auto e99 = analysis::t_interval(v, 0.99);
  CHECK(e90.mean == Approx(4));
  CHECK(e90.n == 3);
  CHECK(e90.missing == 1);
  CHECK(e99.lo < e90.lo);
  CHECK(e99.hi > e90.hi);
  const std::vector<double> none{std::nan("")};
  CHECK(std::isnan(analysis::t_interval(none).mean));
}

TEST_CASE("Hill's estimator: a hand-computed case and exact Pareto quantiles", "[statistics]") {
  // 8, 4, 2 over threshold 1: 3 / (ln 8 + ln 4 + ln 2) = 3 / (6 ln 2).
  CHECK(analysis::hill_exponent({1, 8, 2, 4, 0, -3}, 3) == Approx(3 / (6 * std::log(2.0))));
  CHECK(std::isnan(analysis::hill_exponent({1, 2, 3}, 3)));
  // Quantiles of a Pareto law with P(X > x) = x^-alpha: x_i = (n / i)^(1 / alpha).
  for (const double alpha : {0.8, 1.0, 1.5}) {
    std::vector<double> x;
    const int n = 20000;
    for (int i = 1; i <= n; ++i) x.push_back(std::pow(double(n) / i, 1 / alpha));
    CHECK(analysis::hill_exponent(x, 2000) == Approx(alpha).epsilon(0.01));
  }
}

TEST_CASE("excess kurtosis: two-point, normal and Laplace laws", "[statistics]") {
  CHECK(analysis::excess_kurtosis(std::vector<double>{-1, 1, -1, 1}) == Approx(-2));
  CHECK(std::isnan(analysis::excess_kurtosis(std::vector<double>{1, 1, 1, 1})));
  // Evenly spaced quantiles stand in for large samples.
  const int n = 100000;
  std::vector<double> normal;
  std::vector<double> laplace;
  const boost::math::normal gauss;
  for (int i = 0; i < n; ++i) {
    const double u = (i + 0.5) / n;
    normal.push_back(boost::math::quantile(gauss, u));
    laplace.push_back(u < 0.5 ? std::log(2 * u) : -std::log(2 - 2 * u));
  }
  CHECK(analysis::excess_kurtosis(normal) == Approx(0).margin(0.05));
  CHECK(analysis::excess_kurtosis(laplace) == Approx(3).margin(0.05));
}
