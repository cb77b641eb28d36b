// A comparison file (`twinsim compare`, docs/impact.md "The file") read for analysis: both worlds
// and the accounting of each outcome, per run and month.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/impact.hpp"
#include "io/result_file.hpp"

namespace analysis {

struct CompareData {
  sim::ResultTable intervention, counterfactual;
  sim::RunSetMeta intervention_meta, counterfactual_meta;
  std::string against;  // "no-project" or the counterfactual scenario file
  std::vector<OutcomeImpact>
      outcomes;  // read from /impact: every <outcome>_<component> (run, time)
};

/// Reads `path`. Throws sim::InputError when it is not a comparison file or lacks part of one;
/// io::h5::Error when HDF5 cannot read it.
CompareData read_compare(const std::filesystem::path& path);

}  // namespace analysis
