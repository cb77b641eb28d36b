// The result file: a self-describing HDF5 layout (docs/output-format.md) that h5py, xarray
// (engine h5netcdf) and h5dump read without TwinSim.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/h5.hpp"
#include "sim/metrics.hpp"
#include "sim/output_files.hpp"
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

/// Writes the file: to a temporary name in the same folder, renamed to `path` only when complete
/// (never a half-written file under the final name), under the output's lock (sim::OutputLock).
/// Throws InputError if `path` exists and `overwrite` is false, or is not a regular file;
/// sim::h5::Error when HDF5 fails (the temporary file is removed).
void write_result_file(const std::filesystem::path& path, const ResultTable& table,
                       const RunSetMeta& meta, bool overwrite);
/// The same for a caller that holds the lock of `lock.output()` already (from before the runs);
/// `before_publish` is called once the file is complete, before it takes the final name, and may
/// throw to abandon it (see write_atomically).
void write_result_file(const OutputLock& lock, const ResultTable& table, const RunSetMeta& meta,
                       bool overwrite, const std::function<void()>& before_publish = {});

/// Writes `table` in the standard layout (docs/output-format.md) into `root`: a file's root group
/// or a group of its own (a comparison's /intervention, /counterfactual). Links and dimension
/// scales point within `root`.
void write_results(const h5::Group& root, const ResultTable& table, const RunSetMeta& meta);

/// Creates the standard layout for `table`'s shape in `root`, every /timeseries and /summary value
/// allocated now and NaN until written (stored contiguous, uncompressed), for a file filled run by
/// run (sim::RunFile). `table.values`, `panels` and `targets` must be empty; its time, seeds and
/// run_parameters are written.
void create_results_layout(const h5::Group& root, const ResultTable& table, const RunSetMeta& meta);

/// Creates `path` (the output `lock` holds, or its .partial file) by calling `write` on a new file
/// under a temporary name in the same folder, and renames it to `path` only when complete (see
/// sim::write_atomically). Throws InputError if `path` exists and `overwrite` is false (before
/// anything is written) or is not a regular file; h5::Error, saying what became of `path`, when
/// HDF5 fails; rethrows what `write` or `before_publish` throws. The temporary file is removed.
void write_file_atomically(const OutputLock& lock, const std::filesystem::path& path,
                           bool overwrite, const std::function<void(const h5::File&)>& write,
                           const std::function<void()>& before_publish = {});

/// Reads a file written by write_result_file (tests, re-runs, later analysis), panels included:
/// each snapshot of a panel read back holds every slot of the file (padding included). Throws
/// InputError when it is not such a file or its parts do not fit together (shapes, a target's
/// metric or month); h5::Error when HDF5 cannot read it (damaged, or an object missing).
ResultTable read_result_table(const std::filesystem::path& path);
RunSetMeta read_result_meta(const std::filesystem::path& path);
/// The same from a group holding the standard layout (a comparison's /intervention); `path` only
/// names the file in errors.
ResultTable read_result_table(const h5::Group& root, const std::filesystem::path& path);
RunSetMeta read_result_meta(const h5::Group& root);

}  // namespace sim
