// What a set of runs (the replicates of one scenario, or a design's runs) hands back: every metric
// in every run and step, per-agent panels, varied parameters and outcome targets, and where it came
// from. Written and read by io/result_file.hpp.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/panel.hpp"

namespace sim {

/// An outcome target (a logframe KPI): recorded metric `metric` at the end of step `step`
/// (0-based) should be at least (or, with at_least false, at most) `target`.
struct Target {
  std::string name;  // [a-z0-9_]
  std::string metric;
  std::size_t step = 0;
  double target = 0;
  bool at_least = true;
  std::optional<double> baseline;
};

/// Everything a set of runs (replicates of one scenario) recorded.
struct ResultTable {
  std::vector<MetricSpec> metrics;
  std::size_t runs = 0;
  std::size_t steps = 0;
  std::vector<double> time;          // [steps] months since the start of the simulation
  std::vector<std::uint64_t> seeds;  // [runs] the seed each run's random streams were keyed by
  std::vector<double> values;        // [metric][run][step], row-major
  /// Per-agent panels, one per population (usually none), each with `runs` runs over the same
  /// `steps`; written under /agents/<population>.
  std::vector<PanelTable> panels;
  /// The value of each varied parameter in each run (sweeps; usually none): written as
  /// /parameters/<name> (run), with the scenario key it set.
  struct RunParameter {
    std::string name;
    std::string key;
    std::vector<double> values;  // [runs]
    /// The range the design drew from, or its lowest and highest level (sweeps): written as
    /// attributes `min` and `max` when finite.
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
  };
  std::vector<RunParameter> run_parameters;
  /// Write only /summary (each run's last step), not /timeseries: for sweeps too large to keep
  /// every month of every run.
  bool summary_only = false;
  /// Outcome targets (usually none): each written under /logframe/<name> (run), the value of its
  /// metric at its step in every run, with the target in attributes.
  std::vector<Target> targets;

  /// Allocates `values` (NaN-filled), `time` and `seeds` for the given shape; leaves `panels`.
  void resize(std::vector<MetricSpec> metric_specs, std::size_t n_runs, std::size_t n_steps);
  std::span<double> series(std::size_t metric, std::size_t run) {
    return {values.data() + (metric * runs + run) * steps, steps};
  }
  std::span<const double> series(std::size_t metric, std::size_t run) const {
    return {values.data() + (metric * runs + run) * steps, steps};
  }
};

/// Provenance written as root attributes.
struct RunSetMeta {
  std::string scenario_name;
  std::string scenario_toml;  // the full resolved scenario (defaults filled in)
  std::uint64_t base_seed = 0;
  std::string program_version;
  std::string git_commit;
};

}  // namespace sim
