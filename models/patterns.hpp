// Pattern checks: the review's findings and the empirical regularities the model must reproduce
// (issue 3; docs/validation.md), each in the vocabulary of analysis/validation.hpp, read with the
// model's own codes (Cluster, ProjectPhase).
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/validation.hpp"
#include "sim/results.hpp"

namespace twinsim {

/// Every pattern the model is checked against, in table order (docs/validation.md).
const std::vector<analysis::Pattern>& patterns();

/// The last step of the project in run `run`: the step before project_phase first reads
/// ProjectPhase::ended; npos (std::size_t(-1)) when the project does not end within the horizon.
std::size_t project_last_step(const sim::ResultTable& t, std::size_t run);

}  // namespace twinsim
