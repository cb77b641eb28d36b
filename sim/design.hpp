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

enum class DesignKind { grid, random, lhs };

/// The design points, [point][factor] in factor order:
/// - grid: every combination of the factors' levels, the first factor varying slowest;
/// - random: `samples` points, each factor drawn uniformly and independently (Monte Carlo);
/// - lhs: `samples` points of a Latin hypercube: each factor's range cut into `samples` equal
///   strata, each stratum used by exactly one point, at a uniform place within it, the strata of
///   different factors matched by independent random permutations (McKay, Beckman & Conover 1979).
/// Sampled designs draw from a generator seeded with `seed` alone, so the design is the same on
/// every machine and for any thread count.
std::vector<std::vector<double>> make_design(DesignKind kind, const std::vector<Factor>& factors,
                                             std::size_t samples, std::uint64_t seed);

}  // namespace sim
