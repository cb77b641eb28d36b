// Test support: model parameters from the defaults plus overrides, validated exactly as `--set`.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "models/parameters.hpp"
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

}  // namespace test_support
