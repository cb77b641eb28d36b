// Experimental designs over named factors: which parameter values each design point of a sweep
// runs (docs/sweeps.md). Knows nothing of the model: a factor is a name with levels or a range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sim {

/// One varied parameter: its levels (a grid) or its range (sampled designs).
struct Factor {
  std::string name;
  std::vector<double> levels;  // grid designs
  double min = 0, max = 0;     // sampled designs: uniform over [min, max]
  bool integer = false;        // sampled values are rounded to the nearest integer
};

enum class DesignKind { grid, random, lhs, sobol, saltelli, morris };

/// The design points, [point][factor] in factor order:
/// - grid: every combination of the factors' levels, the first factor varying slowest;
/// - random: `samples` points, each factor drawn uniformly and independently (Monte Carlo);
/// - lhs: `samples` points of a Latin hypercube: each factor's range cut into `samples` equal
///   strata, each stratum used by exactly one point, at a uniform place within it, the strata of
///   different factors matched by independent random permutations (McKay, Beckman & Conover 1979).
/// - sobol: the first `samples` points of the Sobol quasi-random sequence (Joe & Kuo direction
///   numbers, Boost.Random), the origin included: 2^m points fill each factor's 2^m strata once;
/// - saltelli: Saltelli's (2002, 2010) scheme for first-order and total Sobol indices, from
///   `samples` = N points of a Sobol sequence of twice the dimension (after its first 2^m >= N
///   points, which SALib skips too): matrix A (the first k
///   coordinates), B (the last k) and, for each factor i, AB_i (A with column i from B); the
///   N (k + 2) points are ordered, for each j < N: A_j, AB_1,j, ..., AB_k,j, B_j (SALib's order),
///   so point p is sample p / (k + 2) of matrix p % (k + 2) (0: A, i: AB_i, k + 1: B).
/// - morris: `samples` = r trajectories of Morris's elementary-effects screening (Morris 1991),
/// each
///   of k + 1 points on a grid of `morris_levels` = p levels of every factor's range: a random base
///   point, then each factor in a random order moved by delta = p / (2 (p - 1)) of its range, up or
///   down (a random direction per factor, the base chosen so that the move stays in range); point
///   p is step p % (k + 1) of trajectory p / (k + 1), and consecutive points of a trajectory differ
///   in exactly one factor. Integer factors are rounded.
/// Sampled designs draw from a generator seeded with `seed` alone (Sobol designs need none), so the
/// design is the same on every machine and for any thread count.
std::vector<std::vector<double>> make_design(DesignKind kind, const std::vector<Factor>& factors,
                                             std::size_t samples, std::uint64_t seed,
                                             std::size_t morris_levels = 4);

}  // namespace sim
