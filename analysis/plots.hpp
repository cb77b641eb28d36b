// Figures of a comparison (docs/impact.md, "Pictures"): data files and gnuplot scripts written
// next to the figures, drawn as PNG and SVG by gnuplot (Debian's gnuplot-nox).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/gnuplot.hpp"
#include "analysis/impact.hpp"

namespace analysis {

/// A mean over runs, month by month, with its interval; NaN where too few runs have a value.
struct Band {
  std::vector<double> mean, lo, hi;
};
/// Per month m: the mean and `level` t-interval of series[r][m] over the runs r that have a value
/// there, or NaN when fewer than `min_runs` do.
Band band_over_runs(const std::vector<std::vector<double>>& series, double level,
                    std::size_t min_runs);

/// What the captions say.
struct PlotCaption {
  std::string scenario;  // the intervention scenario's name
  std::string against;   // "no project" or the counterfactual scenario's name
  bool against_no_project = true;
  std::size_t replicates = 0;
  std::string program;  // e.g. "TwinSim 0.1.0"
};

/// What the figures of a comparison show, per run: the jobs outcome's group sums and accounting,
/// and the accounting of the two kinds of link.
struct JobsFigures {
  std::vector<GroupTotals> totals;                          // [run]
  std::vector<ImpactComponents> impact;                     // [run]
  std::vector<ImpactComponents> cooperation, cross_border;  // [run]
  std::size_t project_start = 0;                            // 0-based month the project starts
  std::size_t project_end = 0;  // 0-based month, median over runs, of its last month
};

/// The files plot_comparison writes into a folder: <name>.png and <name>.svg for each figure, and
/// the data and script each is drawn from.
std::vector<std::string> plot_file_names();

/// Draws into `dir` (created if missing): jobs (clients and other southern firms, with and without
/// the project, with bands), displacement_ratio (the jobs displacement ratio over time),
/// net_effect (net, additional for the clients and displacement of jobs) and links (the net
/// effect on southern cooperation links and on cross-border links). Each figure is written
/// under a temporary name and renamed when gnuplot has finished. Throws std::runtime_error when
/// gnuplot fails.
void plot_comparison(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                     const JobsFigures& jobs, const PlotCaption& caption, double level = 0.9);

}  // namespace analysis
