// Initial firm sizes: a log-normal body with a Pareto upper tail (docs/model.md, section 5).
#pragma once

namespace twinsim {

struct ClusterParams;

/// The distribution of a cluster's initial employees. Below the splice quantile 1 - tail_share
/// sizes are log-normal, exp(mu + sigma z); above it they follow a Pareto law of exponent
/// tail_exponent from the splice point up to tail_max (0: no bound), continuous at the splice.
/// mu is set so that the mean is the requested one.
struct SizeDistribution {
  double mu = 0;
  double sigma = 0;
  double tail_share = 0;  // share of firms in the Pareto tail, in [0, 1)
  double tail_exponent = 0;
  double tail_max = 0;  // largest size of the tail, employees; 0: unbounded
  double splice_z = 0;  // standard normal quantile of 1 - tail_share (unused without a tail)
};

/// The distribution with mean `mean` (before sizes are floored at one employee). Throws
/// std::invalid_argument when no mu gives that mean: an unbounded tail with an exponent <= 1 (an
/// infinite mean), or a bound too small for the mean (the splice point would pass it).
SizeDistribution size_distribution(double mean, double sigma, double tail_share,
                                   double tail_exponent, double tail_max);
/// The distribution of a cluster's parameters (employees_mean, _dispersion, _tail_*).
SizeDistribution size_distribution(const ClusterParams& cp);

/// The size at quantile u in [0, 1) (inverse CDF): one uniform draw gives one size.
double size_at(const SizeDistribution& d, double u);

/// The mean of the distribution (the integral of size_at over u).
double mean_size(const SizeDistribution& d);

}  // namespace twinsim
