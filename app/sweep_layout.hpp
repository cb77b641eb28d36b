// What a sweep file holds before any run: its shape, each run's seed and design point, and the
// design's own data (docs/sweeps.md).
#pragma once

#include "app/experiment.hpp"
#include "sim/output.hpp"

namespace twinsim::app {

/// The sweep file's table without values: metrics, runs (point x replicate, run r is point
/// r / replicates, replicate r % replicates), steps, time, seeds, and under /parameters each varied
/// parameter, `point`, the design's own columns (Saltelli matrix and row, Morris trajectory, step
/// and moved parameter) and `replicate`. Throws InputError when the horizon varies between points.
sim::ResultTable sweep_layout(const Experiment& e, const std::string& source);

}  // namespace twinsim::app
