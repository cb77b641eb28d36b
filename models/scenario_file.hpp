// Scenario files as the model reads them: a TOML file, or the scenario stored in a TwinSim result
// file (to re-run it exactly), validated against the model's declarations and cross-checked, with
// overrides applied; and what a scenario says about its runs (logframe targets, scaled firms).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "models/parameters.hpp"
#include "sim/params.hpp"
#include "sim/results.hpp"

namespace twinsim {

/// A scenario read from a TOML file, or from the `scenario` attribute of a TwinSim HDF5 file (to
/// re-run it exactly), validated and with overrides applied.
struct LoadedScenario {
  std::string source;       // the path as given
  sim::ParamValues values;  // resolved: defaults filled in, overrides applied
  Params params;            // bound from `values`
};

/// Loads and validates `path` with `overrides` ("key=value"); also runs the model's cross-checks.
LoadedScenario load_input(const std::filesystem::path& path,
                          const std::vector<std::string>& overrides);
/// As load_input, for a scenario's TOML text; `source` names it in messages.
LoadedScenario load_text(std::string_view text, const std::string& source,
                         const std::vector<std::string>& overrides);

/// The logframe's KPIs of `p` measured within `months`, as the targets of a result file (step:
/// the KPI's month - 1, the horizon when it names none); those beyond `months` are left out and,
/// when `beyond` is given, listed there ("name (month M)").
std::vector<sim::Target> logframe_targets(const Params& p, std::size_t months,
                                          std::vector<std::string>* beyond);
/// Overrides that multiply every sector's initial firms in both clusters of `p` by `scale`
/// (rounded, at least 1): `sectors.NAME.firms_south=...` and `firms_north`.
std::vector<std::string> firm_scale_overrides(const Params& p, double scale);

}  // namespace twinsim
