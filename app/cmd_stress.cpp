// `twinsim stress`: strategies, each a scenario file, under the same sampled conditions of an
// uncertainties file, with the same seeds; then how each fares (docs/stress.md).
#include <cstdio>
#include <filesystem>

#include "app/commands.hpp"
#include "app/design_runs.hpp"
#include "models/observables.hpp"
#include "sim/error.hpp"

namespace twinsim::app {

void add_stress_command(CLI::App& app, StressOptions& o) {
  auto* cmd = app.add_subcommand(
      "stress",
      "Run strategies (scenario files) under the same sampled conditions and say how each "
      "fares: chance of meeting its logframe, median and worst decile, regret, the conditions "
      "in which it fails (docs/stress.md)");
  cmd->add_option("strategies", o.strategies,
                  "Strategy scenario files (.toml), e.g. scenarios/stress/strategies/*.toml; each "
                  "one's file "
                  "name names it")
      ->required();
  cmd->add_option("-u,--uncertainties", o.uncertainties,
                  "Uncertainties file (.toml): the conditions no strategy controls, with their "
                  "ranges, e.g. scenarios/stress/uncertainties.toml")
      ->required();
  add_design_run_options(cmd, o.run,
                         "HDF5 file to write (default: the uncertainties file's name with .h5, in "
                         "the current folder)");
  cmd->add_option("--metric", o.metrics,
                  "The outcome to compare strategies on, for regret, median and worst decile "
                  "(repeatable; default: jobs_south)");
  cmd->add_flag("--lower-is-better", o.lower_is_better,
                "A lower value of the --metric is better (e.g. a displacement measure)");
}

int stress_command(const StressOptions& o) {
  // A metric to compare on is checked before the runs, not after.
  for (const std::string& name : o.metrics) {
    bool known = false;
    for (const sim::MetricSpec& m : metric_specs()) known = known || m.name == name;
    if (!known)
      throw sim::InputError("--metric " + name +
                            ": no such metric (twinsim docs metrics lists them)");
  }
  std::vector<std::filesystem::path> files(o.strategies.begin(), o.strategies.end());
  const DesignRuns d{"stress test", o.uncertainties,
                     "twinsim stress " + join(o.strategies, " ") + " -u " + o.uncertainties,
                     [&] { return load_stress(files, o.uncertainties); }};
  std::filesystem::path output;
  bool complete = false;
  const int status = run_design(o.run, d, output, complete);
  if (status != 0 || !complete) return status;
  std::printf("\n");
  std::fflush(stdout);
  AnalyzeOptions a;
  a.file = output.string();
  a.metrics = o.metrics;
  a.lower_is_better = o.lower_is_better;
  return analyze_command(a);
}

}  // namespace twinsim::app
