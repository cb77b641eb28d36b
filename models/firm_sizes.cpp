#include "models/firm_sizes.hpp"

#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "models/parameters.hpp"
#include "sim/params.hpp"

namespace twinsim {

namespace {

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

double normal_quantile(double u) {
  return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * u);
}

// Mean of the tail relative to the splice point x_s: E[X / x_s | X in the tail] for a Pareto law
// of exponent a on [x_s, x_s / r] (r = 0: unbounded, a > 1). With y = x / x_s the density is
// a y^(-a-1) / (1 - r^a), so the mean is a (R^(1-a) - 1) / ((1 - a)(1 - r^a)), R = 1 / r, whose
// limit at a = 1 is ln R / (1 - r), and at r = 0 it is a / (a - 1).
double tail_mean_ratio(double a, double r) {
  if (r <= 0) return a / (a - 1.0);
  if (r >= 1) return 1.0;  // the splice point at the bound: the whole tail there
  const double log_range = -std::log(r);
  const double integral =
      std::abs(1.0 - a) < 1e-9 ? log_range : std::expm1((1.0 - a) * log_range) / (1.0 - a);
  return a * integral / -std::expm1(a * std::log(r));
}

// E[size] / e^mu for a splice point x_s = e^mu e^(sigma z): the log-normal body's part,
// E[e^(sigma Z); Z < z] = e^(sigma^2 / 2) Phi(z - sigma), plus the tail's, share x mean.
double scaled_mean(const SizeDistribution& d, double r) {
  const double s = d.sigma;
  return std::exp(0.5 * s * s) * normal_cdf(d.splice_z - s) +
         d.tail_share * std::exp(s * d.splice_z) * tail_mean_ratio(d.tail_exponent, r);
}

double bound_ratio(const SizeDistribution& d) {
  return d.tail_max > 0 ? std::exp(d.mu + d.sigma * d.splice_z) / d.tail_max : 0.0;
}

}  // namespace

SizeDistribution size_distribution(double mean, double sigma, double tail_share,
                                   double tail_exponent, double tail_max) {
  SizeDistribution d{
      std::log(mean) - 0.5 * sigma * sigma, sigma, tail_share, tail_exponent, tail_max, 0.0};
  if (tail_share <= 0) return d;  // log-normal: mu = ln(mean) - sigma^2 / 2
  d.splice_z = normal_quantile(1.0 - tail_share);
  if (tail_max <= 0) {
    // A scale family, size = e^mu g(u): mu = ln(mean) - ln E[g].
    if (tail_exponent <= 1)
      throw std::invalid_argument(
          "an unbounded Pareto tail needs an exponent > 1 (else its mean is infinite), got " +
          sim::format_number(tail_exponent));
    d.mu = std::log(mean) - std::log(scaled_mean(d, 0.0));
    return d;
  }
  // Bounded: the splice point's distance to the bound depends on mu, so solve mean_size = mean
  // by bisection. The mean rises with mu, up to K (e^(-sigma z) E[body] + share) when the
  // splice point reaches the bound K.
  const double top = std::log(tail_max) - sigma * d.splice_z;  // mu with the splice point at K
  d.mu = top;
  if (mean_size(d) <= mean)
    throw std::invalid_argument("a tail bounded at " + sim::format_number(tail_max) +
                                " employees cannot have mean " + sim::format_number(mean) +
                                ": the splice point would pass the bound");
  double lo = top - 60.0, hi = top;
  for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
    d.mu = 0.5 * (lo + hi);
    (mean_size(d) < mean ? lo : hi) = d.mu;
  }
  d.mu = 0.5 * (lo + hi);
  return d;
}

SizeDistribution size_distribution(const ClusterParams& cp) {
  return size_distribution(cp.employees_mean, cp.employees_dispersion, cp.employees_tail_share,
                           cp.employees_tail_exponent, cp.employees_tail_max);
}

double size_at(const SizeDistribution& d, double u) {
  if (u <= 0) return 0.0;
  const double p = 1.0 - d.tail_share;
  if (d.tail_share <= 0 || u <= p) return std::exp(d.mu + d.sigma * normal_quantile(u));
  // Pareto from the splice point x_s: within the tail, v = (u - p) / share is uniform and
  // (x_s / x)^a = 1 - v (1 - r^a), r = x_s / bound.
  const double splice = std::exp(d.mu + d.sigma * d.splice_z);
  const double a = d.tail_exponent;
  const double v = (u - p) / d.tail_share;
  const double reach = 1.0 - std::pow(bound_ratio(d), a);
  return splice * std::pow(1.0 - v * reach, -1.0 / a);
}

double mean_size(const SizeDistribution& d) {
  if (d.tail_share <= 0) return std::exp(d.mu + 0.5 * d.sigma * d.sigma);
  return std::exp(d.mu) * scaled_mean(d, bound_ratio(d));
}

}  // namespace twinsim
