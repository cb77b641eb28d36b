#include "analysis/logframe.hpp"

#include <cmath>
#include <stdexcept>

#include "analysis/summary.hpp"

namespace analysis {

KpiOutcome evaluate(const sim::ResultTable& table, const Kpi& kpi, double level) {
  const std::size_t m = metric_index(table, kpi.metric);
  if (kpi.step >= table.steps)
    throw std::out_of_range("KPI " + kpi.name + ": step " + std::to_string(kpi.step) +
                            " beyond the run (" + std::to_string(table.steps) + " steps)");
  std::vector<double> values(table.runs);
  KpiOutcome out;
  for (std::size_t r = 0; r < table.runs; ++r) {
    const double v = table.series(m, r)[kpi.step];
    values[r] = v;
    if (std::isnan(v)) continue;
    ++out.runs;
    if (kpi.at_least ? v >= kpi.target : v <= kpi.target) ++out.met;
  }
  const Interval s = summarize(values, level);
  out.mean = s.mean;
  out.lo = s.lo;
  out.hi = s.hi;
  return out;
}

std::string logframe_table(const sim::ResultTable& table, const std::vector<Kpi>& kpis,
                           double level) {
  const int pct_lo = static_cast<int>(std::lround((1.0 - level) / 2.0 * 100));
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"KPI", "metric", "month", "baseline", "target", "mean",
                  std::to_string(pct_lo) + "%", std::to_string(100 - pct_lo) + "%", "met in"});
  for (const Kpi& k : kpis) {
    const KpiOutcome o = evaluate(table, k, level);
    rows.push_back({k.name, k.metric, format_number(table.time.at(k.step)),
                    k.baseline ? format_number(*k.baseline) : "-",
                    (k.at_least ? ">= " : "<= ") + format_number(k.target), format_number(o.mean),
                    format_number(o.lo), format_number(o.hi),
                    std::to_string(o.met) + "/" + std::to_string(o.runs) + " runs"});
  }
  return text_table(rows, 2);
}

}  // namespace analysis
