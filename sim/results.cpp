#include "sim/results.hpp"

namespace sim {

void ResultTable::resize(std::vector<MetricSpec> metric_specs, std::size_t n_runs,
                         std::size_t n_steps) {
  metrics = std::move(metric_specs);
  runs = n_runs;
  steps = n_steps;
  time.assign(n_steps, 0.0);
  seeds.assign(n_runs, 0);
  values.assign(metrics.size() * n_runs * n_steps, std::numeric_limits<double>::quiet_NaN());
}

}  // namespace sim
