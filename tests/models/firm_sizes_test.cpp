// Initial firm sizes: large samples of the spliced log-normal / Pareto law against its parameters.
#include "models/firm_sizes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/rng.hpp"

using namespace twinsim;

namespace {

constexpr sim::Purpose kTestSizes("test.sizes");

// n sizes, each from one uniform of its own stream, as init_world draws them.
std::vector<double> sample(const SizeDistribution& d, std::size_t n, std::uint64_t seed = 7) {
  const sim::Streams streams(seed, 0);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = size_at(d, streams.stream(kTestSizes, i, 0).uniform());
  return x;
}

double share_above(const std::vector<double>& x, double level) {
  return static_cast<double>(
             std::count_if(x.begin(), x.end(), [&](double v) { return v > level; })) /
         static_cast<double>(x.size());
}

// The sample mean lies within 4 standard errors of `mean`.
void check_mean(const std::vector<double>& x, double mean) {
  double sum = 0, squares = 0;
  for (double v : x) sum += v;
  const double n = static_cast<double>(x.size());
  const double m = sum / n;
  for (double v : x) squares += (v - m) * (v - m);
  const double se = std::sqrt(squares / (n - 1) / n);
  INFO("sample mean " << m << ", standard error " << se);
  CHECK(std::abs(m - mean) < 4 * se);
}

constexpr std::size_t kDraws = 400000;

}  // namespace

TEST_CASE("without a tail, initial sizes are log-normal with the requested mean", "[sizes]") {
  const double mean = 10, sigma = 1;
  const auto d = size_distribution(mean, sigma, 0.0, 1.06, 300);
  const auto x = sample(d, kDraws);
  check_mean(x, mean);
  // Quantiles of exp(ln(mean) - sigma^2 / 2 + sigma z): P(Z > q) for q = -1, 0, 1, 2. The bound
  // of the tail plays no part.
  const double median = mean * std::exp(-0.5 * sigma * sigma);
  for (const auto& [q, above] : {std::pair{-1.0, 0.841345},
                                 {0.0, 0.5},
                                 {1.0, 0.158655},
                                 {2.0, 0.0227501},
                                 {3.0, 0.0013499}}) {
    INFO("q = " << q);
    CHECK(share_above(x, median * std::exp(sigma * q)) == Approx(above).margin(0.003));
  }
}

TEST_CASE("an unbounded Pareto tail has the requested exponent and keeps the mean", "[sizes]") {
  for (const double a : {1.06, 2.0}) {
    INFO("exponent " << a);
    const auto d = size_distribution(10, 1.0, 0.1, a, 0);
    const auto x = sample(d, kDraws);
    // Hill's estimate from the largest 5% (all within the tail): standard error a / sqrt(k).
    const std::size_t k = kDraws / 20;
    const double alpha = analysis::hill_exponent(x, k);
    CHECK(std::abs(alpha - a) < 4 * a / std::sqrt(static_cast<double>(k)));
    // A tenth of the firms lie above the splice point, and the law is continuous there.
    const double splice = size_at(d, 0.9);
    CHECK(share_above(x, splice) == Approx(0.1).margin(0.002));
    CHECK(size_at(d, 0.9 - 1e-9) == Approx(splice).epsilon(1e-6));
    CHECK(size_at(d, 0.9 + 1e-9) == Approx(splice).epsilon(1e-6));
  }
  // Mean: an exponent of 3 gives a finite variance, so the sample mean settles.
  check_mean(sample(size_distribution(10, 1.0, 0.1, 3.0, 0), kDraws), 10);
  check_mean(sample(size_distribution(25, 0.5, 0.3, 3.0, 0), kDraws), 25);
}

TEST_CASE("a bounded Pareto tail stops at its bound and keeps the mean", "[sizes]") {
  const double mean = 10, share = 0.1, a = 1.06, bound = 300;
  const auto d = size_distribution(mean, 1.0, share, a, bound);
  CHECK(mean_size(d) == Approx(mean).epsilon(1e-9));
  const auto x = sample(d, kDraws);
  check_mean(x, mean);
  CHECK(*std::max_element(x.begin(), x.end()) <= bound);
  CHECK(size_at(d, 1.0 - 1e-15) == Approx(bound).epsilon(1e-6));
  // Within the tail, P(X > s) = share ((x_s / s)^a - r^a) / (1 - r^a), r = x_s / bound.
  const double splice = size_at(d, 1.0 - share);
  const double r = splice / bound;
  for (const double s : {2 * splice, std::sqrt(splice * bound), 0.5 * bound}) {
    INFO("size " << s << ", splice point " << splice);
    const double expected =
        share * (std::pow(splice / s, a) - std::pow(r, a)) / (1 - std::pow(r, a));
    CHECK(share_above(x, s) == Approx(expected).margin(0.002));
  }
}

TEST_CASE("a size law whose mean cannot be met is refused", "[sizes]") {
  CHECK_THROWS_AS(size_distribution(10, 1.0, 0.1, 1.0, 0), std::invalid_argument);
  CHECK_THROWS_AS(size_distribution(10, 1.0, 0.1, 0.8, 0), std::invalid_argument);
  CHECK_THROWS_AS(size_distribution(10, 1.0, 0.1, 1.06, 20), std::invalid_argument);
  // A bound allows an exponent <= 1 (a finite mean).
  CHECK(mean_size(size_distribution(10, 1.0, 0.1, 0.9, 300)) == Approx(10).epsilon(1e-9));
}
