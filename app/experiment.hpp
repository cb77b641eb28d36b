// Experiment files (docs/sweeps.md): a base scenario, the parameters that vary with their levels
// or ranges, a design and replicates per point, read as strictly as scenario files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/parameters.hpp"
#include "sim/design.hpp"
#include "sim/params.hpp"

namespace twinsim::app {

/// The declarations of an experiment file: top-level keys and the `[vary.NAME]` collection.
const sim::ParamSet& experiment_set();

struct VariedParameter {
  std::string name;  // the [vary.NAME] table: the name of /parameters/NAME in the output
  std::string key;   // the scenario key it sets, e.g. "market.growth_per_year"
  bool integer = false;
};

struct Experiment {
  std::string name;  // the file's stem
  std::string text;  // the file as written, stored with the results
  std::filesystem::path base;
  sim::DesignKind design = sim::DesignKind::grid;
  std::string design_name;
  std::size_t samples = 0;
  std::size_t morris_levels = 4;
  std::size_t replicates = 1;
  std::uint64_t seed = 1;
  bool summary_only = false;
  std::vector<VariedParameter> varied;
  std::vector<sim::Factor> factors;         // same order as `varied`
  std::vector<std::vector<double>> points;  // [point][factor]
  std::vector<Params> point_params;         // the scenario of each point
  std::string base_toml;                    // the base scenario, resolved
};

/// Reads and validates `path`: every key declared, of the right type and in range; each varied
/// key a numeric parameter of the scenario (top level or sectors.NAME.field of a sector the base
/// scenario has), each level, min and max in that parameter's range; levels for a grid, min < max
/// for a sampled design; then builds the design and each point's scenario. Throws sim::InputError
/// with file:line:col, the key and what was expected for every problem, before anything runs.
Experiment load_experiment(const std::filesystem::path& path);

}  // namespace twinsim::app
