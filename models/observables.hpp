// What the model records every month. Declared once here: the output file, docs/output-format.md
// and the terminal summary all follow from this list.
#pragma once

#include <span>
#include <vector>

#include "models/world.hpp"
#include "sim/metrics.hpp"

namespace twinsim {

/// The recorded metrics, in recording order.
const std::vector<sim::MetricSpec>& metric_specs();

/// The metrics shown in the terminal summary of `twinsim run` (names from metric_specs()).
const std::vector<const char*>& summary_metrics();

/// Computes every metric for the current state of `w` into `out` (size metric_specs().size()).
void observe(const World& w, std::span<double> out);

}  // namespace twinsim
