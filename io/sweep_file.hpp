// A sweep file (docs/sweeps.md, "The file") read for analysis: the design, each run's status and
// each metric's value at the horizon, per run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/metrics.hpp"

namespace io {

struct SweepData {
  std::string design;      // grid, random, lhs, sobol, saltelli or morris
  std::string experiment;  // the experiment file as written
  std::string scenario;    // the base scenario, resolved
  std::size_t runs = 0;
  std::size_t replicates = 1;
  /// A varied parameter, in the experiment's [vary] order.
  struct Factor {
    std::string name, key;
    std::vector<double> values;  // [run]
    double min = 0, max = 0;     // the range it was varied over
    std::string label;           // how it reads in words ("market growth")
    std::string unit;            // written after a value in words ("%/yr")
    double scale = 1;            // values are multiplied by this before they are shown in words
  };
  std::vector<Factor> factors;
  std::vector<double> point;      // [run] design point
  std::vector<bool> ok;           // [run] completed and not failed
  std::size_t failed = 0;         // runs that failed
  std::size_t not_completed = 0;  // runs not in the file yet (a partial file)
  /// Design columns (empty unless the design has them): see docs/sweeps.md.
  std::vector<double> saltelli_matrix, saltelli_sample;
  std::vector<double> morris_trajectory, morris_step, morris_factor;
  std::vector<sim::MetricSpec> metrics;
  std::vector<std::vector<double>> horizon;  // [metric][run] each run's value at the horizon

  /// Index of metric `name`; throws sim::InputError naming the metrics there are.
  std::size_t metric(const std::string& name) const;
};

/// Reads `path`, a finished sweep (or stress) file or OUT.h5.partial. Throws sim::InputError when
/// it is not one (or lacks what a sweep file has: one value per run in every column, design
/// points that index runs); io::h5::Error when HDF5 cannot read it.
SweepData read_sweep(const std::filesystem::path& path);

}  // namespace io
