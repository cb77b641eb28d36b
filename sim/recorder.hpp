// Observers: named metrics recorded every step into buffers allocated once, before the run.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/metrics.hpp"

namespace sim {

/// Holds one run's recorded series, metric-major ([metric][step]); all memory is allocated by the
/// constructor, so recording during the run never allocates.
class Recorder {
 public:
  Recorder(std::vector<MetricSpec> metrics, std::size_t steps);

  /// Stores the values of every metric (in declaration order) at `step`. Throws std::out_of_range
  /// for a step beyond the horizon and std::invalid_argument for a wrong number of values.
  void record(std::size_t step, std::span<const double> values);

  const std::vector<MetricSpec>& metrics() const { return metrics_; }
  std::size_t steps() const { return steps_; }
  /// The series of metric `m` (NaN where nothing was recorded).
  std::span<const double> series(std::size_t m) const {
    return {data_.data() + m * steps_, steps_};
  }
  /// Index of the metric named `name` (for tests and tools, not for the step loop).
  std::size_t index_of(const std::string& name) const;

 private:
  std::vector<MetricSpec> metrics_;
  std::size_t steps_;
  std::vector<double> data_;
};

}  // namespace sim
