// What the model records every month. Declared once here: the output file, docs/output-format.md
// and the terminal summary all follow from this list.
#pragma once

#include <span>
#include <vector>

#include "models/world.hpp"
#include "sim/metrics.hpp"
#include "sim/panel.hpp"

namespace twinsim {

/// The recorded metrics, in recording order.
const std::vector<sim::MetricSpec>& metric_specs();

/// The metrics shown in the terminal summary of `twinsim run` (names from metric_specs()).
const std::vector<const char*>& summary_metrics();

/// Computes every metric for the current state of `w` into `out` (size metric_specs().size()).
void observe(const World& w, std::span<double> out);

/// The variables of the per-firm panel (`twinsim run --record firms:EVERY`), in recording order.
const std::vector<sim::MetricSpec>& firm_panel_variables();

/// Takes the firm panel's snapshot of `w` at `step` (the panel must be due at that step).
void record_firm_panel(const World& w, std::size_t step, sim::PanelRecorder& panel);

}  // namespace twinsim
