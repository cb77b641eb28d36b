// `twinsim sweep`: every design point of an experiment file, each with its replicates, into one
// HDF5 file (docs/sweeps.md).
#include "app/commands.hpp"
#include "app/design_runs.hpp"

namespace twinsim::app {

void add_sweep_command(CLI::App& app, SweepOptions& o) {
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run every design point of an experiment file, with its replicates, into one HDF5 "
      "file (docs/sweeps.md)");
  cmd->add_option("experiment", o.experiment,
                  "Experiment file (.toml), e.g. scenarios/sweeps/*.toml")
      ->required();
  add_design_run_options(cmd, o,
                         "HDF5 file to write (default: the experiment's file name with .h5, in "
                         "the current folder)");
}

int sweep_command(const SweepOptions& o) {
  const DesignRuns d{"sweep", o.experiment, "twinsim sweep " + o.experiment,
                     [&] { return load_experiment(o.experiment); }};
  std::filesystem::path output;
  bool complete = false;
  return run_design(o, d, output, complete);
}

}  // namespace twinsim::app
