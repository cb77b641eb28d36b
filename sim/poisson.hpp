// Poisson counts whose mean may be 0: boost::random::poisson_distribution requires a mean > 0 (an
// assertion in debug builds), while a rate of 0 in a scenario simply means no events.
#pragma once

#include <boost/random/poisson_distribution.hpp>

namespace sim {

/// A Poisson(mean) count; 0, drawing nothing, when mean <= 0 (or NaN). For mean > 0 it draws
/// exactly what boost::random::poisson_distribution<int, double>(mean) draws.
class PoissonCount {
 public:
  explicit PoissonCount(double mean) : none_(!(mean > 0)), dist_(none_ ? 1.0 : mean) {}
  template <class Engine>
  int operator()(Engine& engine) const {
    return none_ ? 0 : dist_(engine);
  }

 private:
  bool none_;
  boost::random::poisson_distribution<int, double> dist_;
};

}  // namespace sim
