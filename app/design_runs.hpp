// Running a design of runs into one file, what `twinsim sweep` and `twinsim stress` share: the
// file filled as runs finish (OUT.h5.partial, renamed when complete), --resume, threads or MPI
// ranks, signals (docs/sweeps.md).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "app/commands.hpp"
#include "models/experiment.hpp"

namespace twinsim::app {

struct DesignRuns {
  std::string what;                  // "sweep" or "stress test", for messages
  std::string source;                // the file the design comes from; -o defaults to its stem
  std::string command;               // the command line that started it, for "finish with"
  std::function<Experiment()> load;  // reads and validates the design (every MPI rank calls it)
};

/// Runs every run of `d`'s design the file at `output` (o.output, or the source's stem with .h5)
/// does not hold yet; on rank 0 prints what runs and, at the end, what it wrote. Returns the exit
/// status (128 + signal when stopped by one); `complete` tells whether `output` now holds every
/// run. Throws sim::InputError for bad input before any run.
int run_design(const SweepOptions& o, const DesignRuns& d, std::filesystem::path& output,
               bool& complete);

}  // namespace twinsim::app
