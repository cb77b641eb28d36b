#include "sim/design.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace sim {

namespace {

double value_in(const Factor& f, double u) {
  const double x = f.min + u * (f.max - f.min);
  return f.integer ? std::round(x) : x;
}

}  // namespace

std::vector<std::vector<double>> make_design(DesignKind kind, const std::vector<Factor>& factors,
                                             std::size_t samples, std::uint64_t seed) {
  std::vector<std::vector<double>> points;
  if (factors.empty()) throw std::invalid_argument("make_design: no factors");
  if (kind == DesignKind::grid) {
    std::size_t n = 1;
    for (const Factor& f : factors) {
      if (f.levels.empty())
        throw std::invalid_argument("make_design: factor " + f.name + " has no levels");
      n *= f.levels.size();
    }
    points.assign(n, std::vector<double>(factors.size()));
    for (std::size_t p = 0; p < n; ++p) {
      std::size_t rest = p;
      for (std::size_t k = factors.size(); k-- > 0;) {  // the last factor varies fastest
        points[p][k] = factors[k].levels[rest % factors[k].levels.size()];
        rest /= factors[k].levels.size();
      }
    }
    return points;
  }
  if (samples == 0) throw std::invalid_argument("make_design: a sampled design needs samples > 0");
  boost::random::mt19937_64 gen(seed);
  boost::random::uniform_01<double> uniform;
  points.assign(samples, std::vector<double>(factors.size()));
  if (kind == DesignKind::random) {
    for (std::size_t p = 0; p < samples; ++p)
      for (std::size_t k = 0; k < factors.size(); ++k)
        points[p][k] = value_in(factors[k], uniform(gen));
    return points;
  }
  // Latin hypercube: a random permutation of the strata per factor (Fisher-Yates).
  std::vector<std::size_t> strata(samples);
  for (std::size_t k = 0; k < factors.size(); ++k) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = samples - 1; i > 0; --i) {
      boost::random::uniform_int_distribution<std::size_t> pick(0, i);
      std::swap(strata[i], strata[pick(gen)]);
    }
    for (std::size_t p = 0; p < samples; ++p)
      points[p][k] = value_in(factors[k], (static_cast<double>(strata[p]) + uniform(gen)) /
                                              static_cast<double>(samples));
  }
  return points;
}

}  // namespace sim
