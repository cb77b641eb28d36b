// Test support: model parameters from the defaults plus overrides, validated exactly as `--set`.
#pragma once

#include <catch2/catch.hpp>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "models/observables.hpp"
#include "models/parameters.hpp"
#include "sim/recorder.hpp"
#include "sim/scenario.hpp"

namespace test_support {

using Changes = std::vector<std::pair<std::string, sim::ParamValue>>;

/// The scenario `toml` (empty: all defaults) with `base` and then `changes` applied.
inline twinsim::Params params_from(const std::string& toml, const Changes& base,
                                   const Changes& changes = {}) {
  std::vector<std::string> overrides;
  for (const auto* list : {&base, &changes})
    for (const auto& [key, value] : *list) overrides.push_back(key + "=" + sim::to_toml(value));
  const sim::ParamValues values =
      sim::parse_scenario(toml, "test", twinsim::schema().param_set(), overrides);
  return twinsim::schema().bind(values);
}

/// The model's defaults with `base` and then `changes` applied (later ones win).
inline twinsim::Params params_with(const Changes& base, const Changes& changes = {}) {
  return params_from("", base, changes);
}

/// The recorded series of metric `name`, as users read it from /timeseries.
inline std::vector<double> series(const sim::Recorder& r, const std::string& name) {
  const auto s = r.series(r.index_of(name));
  return {s.begin(), s.end()};
}

/// Sum of `v` over the months [from, to).
inline double sum(const std::vector<double>& v, std::size_t from, std::size_t to) {
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(from),
                         v.begin() + static_cast<std::ptrdiff_t>(to), 0.0);
}

/// Mean of `v` over the months [from, to) (from < to).
inline double mean(const std::vector<double>& v, std::size_t from, std::size_t to) {
  return sum(v, from, to) / static_cast<double>(to - from);
}

/// Index of the firm panel's variable `name` (fails the test when there is none).
inline std::size_t firm_panel_index(const std::string& name) {
  const auto& vars = twinsim::firm_panel_variables();
  for (std::size_t v = 0; v < vars.size(); ++v)
    if (vars[v].name == name) return v;
  FAIL("no firm panel variable " << name);
  return vars.size();
}

}  // namespace test_support
