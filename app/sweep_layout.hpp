// What a sweep or stress file holds before any run: its shape, each run's seed and design point,
// and the design's own data (docs/sweeps.md, docs/stress.md).
#pragma once

#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "models/experiment.hpp"

namespace twinsim::app {

/// The sweep file's table without values: metrics, runs (point x replicate, run r is point
/// r / replicates, replicate r % replicates), steps, time, seeds, and under /parameters each varied
/// parameter, `point`, the design's own columns (Saltelli matrix and row, Morris trajectory, step
/// and moved parameter) and `replicate`. Throws InputError when the horizon varies between points.
sim::ResultTable sweep_layout(const Experiment& e, const std::string& source);

/// The root attributes of a sweep or stress file that describe its design (experiment, design,
/// varied, replicates; each varied parameter's label, display_unit, display_scale), and for a
/// stress test the attribute `strategies` and /strategies/<name> (file, scenario, kpis,
/// logframe/<kpi>).
void write_design_attributes(const io::h5::File& file, const Experiment& e);

}  // namespace twinsim::app
