// Experiment files (docs/sweeps.md): a base scenario, the parameters that vary with their levels
// or ranges, a design and replicates per point, read as strictly as scenario files. Uncertainties
// files (docs/stress.md) are their kin for a stress test: the conditions, without a base, crossed
// with the strategies to test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/parameters.hpp"
#include "sim/design.hpp"
#include "sim/params.hpp"
#include "sim/results.hpp"

namespace twinsim {

/// The declarations of an experiment file: top-level keys and the `[vary.NAME]` collection.
const sim::ParamSet& experiment_set();
/// The declarations of an uncertainties file (`twinsim stress`): an experiment file's without
/// `base` and the sensitivity designs, with `set` (what every run gets).
const sim::ParamSet& uncertainties_set();

struct VariedParameter {
  std::string name;  // the [vary.NAME] table: the name of /parameters/NAME in the output
  std::string key;   // the scenario key it sets, e.g. "market.growth_per_year"
  bool integer = false;
  // How it reads in words ("market growth < -2%/yr"): label, unit, and the scale values are
  // multiplied by before they are shown.
  std::string label, unit;
  double scale = 1;
};

/// A strategy of a stress test: a scenario file, its logframe read from it.
struct Strategy {
  std::string name;  // the file's stem
  std::filesystem::path file;
  std::string toml;                 // resolved, with the uncertainties' `set` applied
  std::vector<sim::Target> kpis;    // its logframe's KPIs within the horizon
  std::vector<std::string> beyond;  // KPIs beyond the horizon, not measured
};

struct Experiment {
  std::string name;            // the file's stem
  std::string text;            // the file as written, stored with the results
  std::filesystem::path base;  // the base scenario file of a sweep (empty for a stress test)
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
  std::string base_toml;                    // the base scenario, resolved (a stress test: each
                                            // strategy's, one after the other)
  // A stress test: point p is condition p / strategies.size() under strategy p % strategies.size()
  // (every strategy meets the same conditions with the same seeds); empty for a sweep.
  std::vector<Strategy> strategies;
  std::size_t conditions() const {
    return strategies.empty() ? points.size() : points.size() / strategies.size();
  }
};

/// Reads and validates `path`: every key declared, of the right type and in range; each varied
/// key a numeric parameter of the scenario (top level or sectors.NAME.field of a sector the base
/// scenario has), varied by one [vary] table only, each level, min and max in that parameter's
/// range; levels for a grid, min < max for a sampled design; then builds the design and each
/// point's scenario. Throws sim::InputError with file:line:col, the key and what was expected for
/// every problem, before anything runs.
Experiment load_experiment(const std::filesystem::path& path);

/// Reads a stress test: the uncertainties file (validated as strictly, every varied key checked
/// against every strategy) and each strategy scenario; the design's conditions crossed with the
/// strategies. Throws sim::InputError for every problem before anything runs: also for strategies
/// of different horizons or the same name, and for a KPI that `record = "summary"` cannot measure.
Experiment load_stress(const std::vector<std::filesystem::path>& strategies,
                       const std::filesystem::path& uncertainties);

}  // namespace twinsim
