// What a sweep file says about its parameters (`twinsim analyze` of a sweep, docs/analysis.md):
// main effects for any design, Morris elementary effects for Morris designs, Sobol indices for
// Saltelli designs, each as a table and a figure, and the design and outputs in the layout SALib
// reads. Policies: replicates are averaged per design point; failed runs (NaN) and runs not yet
// in a partial file are left out of their point's mean and counted.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"
#include "io/sweep_file.hpp"

namespace analysis {

/// One value per design point: the mean of metric `m` over the point's runs that have one (NaN
/// when none has), and each factor's value at the point.
struct PointMeans {
  std::vector<std::vector<double>> factors;  // [factor][point]
  std::vector<double> output;                // [point]
  std::size_t empty_points = 0;              // points without any run's value
};
PointMeans point_means(const io::SweepData& d, std::size_t m);

std::vector<MainEffect> sweep_main_effects(const io::SweepData& d, std::size_t m);
/// Throws sim::InputError unless the file holds a Saltelli (or Morris) design whose columns
/// (/parameters/saltelli_*, morris_*) describe one.
SobolIndices sweep_sobol(const io::SweepData& d, std::size_t m, const SobolOptions& options = {});
MorrisEffects sweep_morris(const io::SweepData& d, std::size_t m,
                           const BootstrapOptions& options = {});

/// Plain-text tables.
std::string main_effects_table(const io::SweepData& d, const std::vector<MainEffect>& effects);
std::string sobol_table(const io::SweepData& d, const SobolIndices& s);
std::string morris_table(const io::SweepData& d, const MorrisEffects& e);

/// Figures into `dir`: main_effects_<metric> (a panel per factor: the mean per level or bin with
/// its interval), and sobol_<metric> (S1 and ST with intervals) or morris_<metric> (mu* against
/// sigma) for those designs.
void plot_main_effects(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                       const io::SweepData& d, std::size_t m,
                       const std::vector<MainEffect>& effects, const std::string& caption);
void plot_sobol(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                const io::SweepData& d, std::size_t m, const SobolIndices& s,
                const std::string& caption);
void plot_morris(const std::filesystem::path& dir, const std::filesystem::path& gnuplot,
                 const io::SweepData& d, std::size_t m, const MorrisEffects& e,
                 const std::string& caption);

/// Writes SALib's inputs into `dir`: params.txt (one line per factor: name, min, max; SALib's
/// read_param_file), X.txt (the design, one row per point) and Y_<metric>.txt (one output per
/// point, replicates averaged; "nan" where a point has none) for each metric in `metrics`, each
/// whole (sim::write_text_file: over an existing regular file only with `overwrite`, never over
/// anything else). Returns the file names written.
std::vector<std::string> export_salib(const std::filesystem::path& dir, const io::SweepData& d,
                                      const std::vector<std::size_t>& metrics, bool overwrite);

}  // namespace analysis
