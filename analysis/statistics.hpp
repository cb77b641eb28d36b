// Statistics for pattern checks: intervals over replicates and the shape measures of firm-size and
// growth-rate distributions (docs/validation.md).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace analysis {

/// A mean with its two-sided confidence interval; NaN values are left out and counted.
struct Estimate {
  double mean = 0;
  double lo = 0;
  double hi = 0;
  std::size_t n = 0;        // values used
  std::size_t missing = 0;  // NaN values left out
};

/// Quantile p in (0, 1) of Student's t distribution with `dof` >= 1 degrees of freedom.
double student_t_quantile(double p, double dof);

/// Mean of `values` and its `level` Student-t confidence interval, mean -/+ t((1+level)/2, n-1) *
/// sd / sqrt(n). For the paired difference of two variants run with the same seeds, pass the
/// per-replicate differences. With one value the interval is that value; with none, all NaN.
Estimate t_interval(std::span<const double> values, double level = 0.9);

/// Hill's estimator of the tail exponent alpha of P(X > x) ~ x^-alpha from the `k` largest of the
/// positive values in `values` (others are ignored): k / sum_{i<k} ln(X_(i) / X_(k)), X_(0) the
/// largest. NaN when fewer than k + 1 positive values or k < 1.
double hill_exponent(std::vector<double> values, std::size_t k);

/// Sample excess kurtosis m4 / m2^2 - 3 (moments about the mean): 0 for a normal distribution, 3
/// for a Laplace ("tent") one. NaN for fewer than 4 values or no spread.
double excess_kurtosis(std::span<const double> values);

}  // namespace analysis
