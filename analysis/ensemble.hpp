// Ensemble statistics of a set of replicates (`twinsim analyze` of a run file): per metric and
// month, the mean, standard deviation and quantiles over the runs, as tables and as trajectories
// with bands (docs/analysis.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/results.hpp"

namespace analysis {

/// Statistics of one sample; NaN values (failed runs) are left out and counted.
struct Moments {
  std::size_t n = 0, missing = 0;
  double mean = 0, sd = 0;                             // sd with n - 1 (NaN for n < 2)
  double q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;  // Hyndman & Fan type 7
};
Moments moments(std::span<const double> values);

/// Moments of a metric month by month over the runs of `table`.
std::vector<Moments> trajectory(const sim::ResultTable& table, std::size_t metric);

/// One row per metric in `names`: metric, unit, runs, and at the horizon the mean, standard
/// deviation, 5%, 50% and 95% quantiles over runs.
std::string ensemble_table(const sim::ResultTable& table, const std::vector<std::string>& names);

/// Draws <dir>/trajectory_<metric><suffix>.png and .svg: the mean, the 25-75% and 5-95% bands over
/// runs, month by month, with the metric's unit and a caption (`caption`: what the runs are).
void plot_trajectory(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                     const sim::ResultTable& table, std::size_t metric, const std::string& caption,
                     const std::string& suffix = "");

}  // namespace analysis
