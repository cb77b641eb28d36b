#include "sim/recorder.hpp"

#include <limits>
#include <string>

namespace sim {

Recorder::Recorder(std::vector<MetricSpec> metrics, std::size_t steps)
    : metrics_(std::move(metrics)),
      steps_(steps),
      data_(metrics_.size() * steps, std::numeric_limits<double>::quiet_NaN()) {}

void Recorder::record(std::size_t step, std::span<const double> values) {
  if (step >= steps_)
    throw std::out_of_range("Recorder::record: step " + std::to_string(step) + " beyond horizon " +
                            std::to_string(steps_));
  if (values.size() != metrics_.size())
    throw std::invalid_argument("Recorder::record: expected " + std::to_string(metrics_.size()) +
                                " values, got " + std::to_string(values.size()));
  for (std::size_t m = 0; m < values.size(); ++m) data_[m * steps_ + step] = values[m];
}

std::size_t Recorder::index_of(const std::string& name) const {
  for (std::size_t m = 0; m < metrics_.size(); ++m)
    if (metrics_[m].name == name) return m;
  throw std::out_of_range("no recorded metric named '" + name + "'");
}

}  // namespace sim
