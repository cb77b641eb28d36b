// The logframe report: each outcome KPI against its target, over replicates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/results.hpp"

namespace analysis {

/// A KPI is a sim::Target: a recorded metric at a step, with its target.
using Kpi = sim::Target;

/// The outcome of one KPI over the runs of a table.
struct KpiOutcome {
  double mean = 0, lo = 0, hi = 0;  // mean and central interval of the metric at the month
  std::size_t met = 0;              // runs that met the target
  std::size_t runs = 0;             // runs with a value (NaN: failed run, left out)
};

/// Evaluates `kpi` on `table` (`level` 0.9: 5% and 95% quantiles). Throws std::out_of_range for an
/// unknown metric or a step beyond the run.
KpiOutcome evaluate(const sim::ResultTable& table, const Kpi& kpi, double level = 0.9);

/// A plain-text table, one row per KPI: name, metric, month (time at its step), baseline, target,
/// mean, interval, and in how many runs the target was met.
std::string logframe_table(const sim::ResultTable& table, const std::vector<Kpi>& kpis,
                           double level = 0.9);

}  // namespace analysis
