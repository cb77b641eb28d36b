// Global sensitivity analysis of a sweep's outputs (docs/analysis.md, "Estimators"): Sobol indices
// from a Saltelli design, Morris elementary effects from Morris trajectories, and main effects for
// any design. Plain columns in (one value per run or per design point, as the sweep file stores
// them), plain structs out; no file I/O, no printing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"

namespace analysis {

/// An estimate from the full sample with its bootstrap interval at level `level`: `lo`, `hi` the
/// percentile interval of the bootstrap estimates; `half_width` z((1 + level) / 2) times their
/// standard deviation (SALib's `S1_conf`, `ST_conf`, `mu_star_conf`). NaN when not computed.
struct BootstrapEstimate {
  double value = 0;
  double lo = 0;
  double hi = 0;
  double half_width = 0;
};

/// Bootstrap settings shared by the estimators: `resamples` resamples (0: no interval), interval
/// `level` in (0, 1) (std::invalid_argument otherwise), and the seed of the Boost.Random generator
/// the resamples are drawn from, so results are the same on every machine.
struct BootstrapOptions {
  std::size_t resamples = 1000;
  double level = 0.95;
  std::uint64_t seed = 1;
};

// ---- Sobol indices (Saltelli design) ----

/// A Saltelli design's outputs, one value per design row j < N: f(A_j), f(B_j) and, for each
/// factor i, f(AB_i,j) (A_j with factor i taken from B_j). NaN marks a missing output.
struct SaltelliOutputs {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab;  // [factor][row]
  std::size_t runs = 0;                 // runs read (all replicates of all points)
  std::size_t failed_runs = 0;          // runs with a NaN output, left out of their point's mean
  std::size_t incomplete_points = 0;    // points averaged over fewer replicates than they had
  std::size_t empty_points = 0;         // points whose every replicate failed (NaN)
};

/// Splits a Saltelli sweep's per-run columns into A, B and AB_i outputs: `matrix` (0: A, i in
/// 1..k: AB_i, k + 1: B) and `sample` (row j) as `/parameters/saltelli_matrix` and
/// `saltelli_sample` (sim/design.hpp), `output` one value per run. Replicates (runs of the same
/// matrix and row) are averaged; runs with a NaN output are left out of that mean and counted, and
/// a point all of whose runs failed is NaN. N is the largest row + 1. Throws std::invalid_argument
/// when the columns differ in length, hold a non-integer or out-of-range value, or some point of
/// the N (k + 2) has no run.
SaltelliOutputs split_saltelli(std::span<const double> matrix, std::span<const double> sample,
                               std::span<const double> output, std::size_t factors);

struct SobolOptions {
  BootstrapOptions bootstrap = {};
  /// The sample is called too small (a warning) when an index's interval half-width exceeds this.
  double max_half_width = 0.1;
  /// Factor names for the warning text (optional; "factor i" otherwise).
  std::vector<std::string> names = {};
};

/// First-order and total Sobol indices of each factor, as SALib's `sobol.analyze` estimates them
/// (without second order). Outputs are centred on the mean of all outputs first (as SALib does);
/// V = population variance of (yA, yB) concatenated:
///   S1_i = mean(yB (yAB_i - yA)) / V   (Saltelli et al. 2010)
///   ST_i = mean((yA - yAB_i)^2) / (2 V) (Jansen 1999)
/// The bootstrap resamples the N rows with replacement, the same rows for every index.
struct SobolIndices {
  std::vector<BootstrapEstimate> first, total;  // per factor
  double variance = 0;                          // V, of the outputs as given
  std::size_t rows = 0;                         // rows used
  std::size_t dropped_rows = 0;                 // rows left out: one of their k + 2 outputs NaN
  /// Empty, or sentences saying why the indices are not to be trusted: fewer than 2 rows, no
  /// variance, dropped rows, an interval half-width above `max_half_width`, first-order indices
  /// summing above 1 + max_half_width, or an S1 above its ST by more than max_half_width.
  std::string warning;
};

/// The indices from `yA`, `yB` (N each) and `yAB` (k columns of N). A row with a NaN (or infinite)
/// output in any of its k + 2 values is dropped and counted. With fewer than 2 rows the indices
/// are NaN; with V = 0 (a constant output) they are 0 with zero-width intervals (no factor has an
/// effect), and both are said in `warning`. Throws std::invalid_argument when the lengths differ
/// or the bootstrap level is outside (0, 1).
SobolIndices sobol_indices(std::span<const double> yA, std::span<const double> yB,
                           std::span<const std::vector<double>> yAB,
                           const SobolOptions& options = {});
SobolIndices sobol_indices(const SaltelliOutputs& outputs, const SobolOptions& options = {});

// ---- Morris elementary effects ----

/// A factor's range [min, max], the range its Morris grid spans.
struct FactorRange {
  double min = 0;
  double max = 1;
};

/// A Morris sweep's per-run columns (docs/sweeps.md): each run's trajectory, step (0: the base
/// point), the index of the factor moved at that step (-1 at the base, or where rounding left
/// the factor unchanged), the factors' values `values[factor][run]` and the output.
struct MorrisRuns {
  std::span<const double> trajectory, step, moved;
  std::span<const std::vector<double>> values;
  std::span<const double> output;
};

/// One factor's elementary-effects statistics (Morris 1991; Campolongo et al. 2007), over its
/// `effects` elementary effects EE: mu = mean(EE), mu_star = mean(|EE|) (with its bootstrap
/// interval: the effects resampled with replacement), sigma = sd(EE) (n - 1 denominator; NaN
/// with fewer than 2 effects).
struct MorrisFactor {
  double mu = 0;
  BootstrapEstimate mu_star;
  double sigma = 0;
  std::size_t effects = 0;
};

struct MorrisEffects {
  std::vector<MorrisFactor> factors;
  std::size_t runs = 0;
  std::size_t failed_runs = 0;      // runs with a NaN output, left out of their point's mean
  std::size_t dropped_effects = 0;  // steps whose point or previous point had no output
  std::size_t unmoved_steps = 0;    // steps that moved no factor (moved = -1 after the base)
  /// Empty, or sentences saying why the statistics are weak: dropped effects, or fewer than 10
  /// effects for some factor.
  std::string warning;
};

/// Elementary effects EE = (y_step - y_previous step) / d, where d = (x_step - x_previous) /
/// (max - min) is the move of the moved factor as a signed fraction of its range: the output's
/// change per whole range, so a linear term c x contributes c (max - min). Replicates (runs with
/// the same trajectory and step) are averaged, NaN outputs left out and counted. Throws
/// std::invalid_argument when the columns differ in length, `ranges` does not match `values`, a
/// range is empty, or a step's point differs from the previous one in other factors than the one
/// it moved.
MorrisEffects morris_effects(const MorrisRuns& runs, std::span<const FactorRange> ranges,
                             const BootstrapOptions& options = {});

// ---- Main effects (any design) ----

struct MainEffectOptions {
  /// A factor with at most this many distinct values gets one bin per value (grids, Morris);
  /// otherwise `bins` bins of equal counts (sampled designs).
  std::size_t max_levels = 12;
  std::size_t bins = 5;
  double level = 0.9;  // of each bin's t-interval
};

/// The output over the runs whose factor value lies in [lo, hi] (lo = hi for a level).
struct MainEffectBin {
  double lo = 0;
  double hi = 0;
  Estimate output;  // mean and its Student-t interval; NaN outputs left out and counted
  double sd = 0;    // spread of the output over the bin's runs (n - 1 denominator)
};

/// One factor's main effect: its bins in increasing order, and the share of the output's variance
/// the bin means explain (the correlation ratio eta^2 = between-bin / total sum of squares; a
/// rough first-order index, biased upward by noise when bins hold few runs).
struct MainEffect {
  bool by_level = false;
  std::vector<MainEffectBin> bins;
  double explained = 0;
};

/// The main effect of each factor `values[factor][run]` on `output[run]`. Runs with a NaN
/// output are left out (counted in each bin's Estimate::missing). Throws std::invalid_argument
/// when lengths differ or a factor value is NaN.
std::vector<MainEffect> main_effects(std::span<const std::vector<double>> values,
                                     std::span<const double> output,
                                     const MainEffectOptions& options = {});

}  // namespace analysis
