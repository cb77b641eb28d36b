// The logframe report: each outcome KPI against its target, over replicates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/output.hpp"

namespace analysis {

/// One KPI: metric `metric` at the end of month `month` (1-based) must be >= target (at_least)
/// or <= target.
struct Kpi {
  std::string name;
  std::string metric;
  double target = 0;
  bool at_least = true;
  std::size_t month = 0;
  std::optional<double> baseline;
};

/// The outcome of one KPI over the runs of a table.
struct KpiOutcome {
  double mean = 0, lo = 0, hi = 0;  // mean and central interval of the metric at the month
  std::size_t met = 0;              // runs that met the target
  std::size_t runs = 0;             // runs with a value (NaN: failed run, left out)
};

/// Evaluates `kpi` on `table` (`level` 0.9: 5% and 95% quantiles). Throws std::out_of_range for an
/// unknown metric or a month outside 1..steps.
KpiOutcome evaluate(const sim::ResultTable& table, const Kpi& kpi, double level = 0.9);

/// A plain-text table, one row per KPI: name, metric, month, baseline, target, mean, interval,
/// and in how many runs the target was met.
std::string logframe_table(const sim::ResultTable& table, const std::vector<Kpi>& kpis,
                           double level = 0.9);

}  // namespace analysis
