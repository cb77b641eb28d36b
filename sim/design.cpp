#include "sim/design.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
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
                                             std::size_t samples, std::uint64_t seed,
                                             std::size_t morris_levels) {
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
  if (kind == DesignKind::sobol || kind == DesignKind::saltelli) {
    const std::size_t k = factors.size();
    const std::size_t dims = kind == DesignKind::sobol ? k : 2 * k;
    // Boost's engine starts at point 1 of the standard sequence (0.5, 0.5, ...), not at the
    // origin. A Sobol design starts at the origin, so that 2^m points form a full net. A Saltelli
    // design skips the first 2^m >= N points (as SALib does): its first points would make A and
    // B equal (both the origin, or both 0.5 everywhere).
    boost::random::sobol sequence(dims);
    std::size_t skip = 1;
    while (skip < samples) skip *= 2;
    if (kind == DesignKind::saltelli)
      sequence.discard(static_cast<boost::uintmax_t>((skip - 1) * dims));
    // Coordinates in [0, 1): the engine's integers over 2^64.
    const double scale = std::ldexp(1.0, -64);
    std::vector<double> u(dims);
    for (std::size_t j = 0; j < samples; ++j) {
      const bool origin = kind == DesignKind::sobol && j == 0;
      for (double& x : u) x = origin ? 0.0 : static_cast<double>(sequence()) * scale;
      if (kind == DesignKind::sobol) {
        std::vector<double> point(k);
        for (std::size_t i = 0; i < k; ++i) point[i] = value_in(factors[i], u[i]);
        points.push_back(std::move(point));
        continue;
      }
      std::vector<double> a(k), b(k);
      for (std::size_t i = 0; i < k; ++i) {
        a[i] = value_in(factors[i], u[i]);
        b[i] = value_in(factors[i], u[k + i]);
      }
      points.push_back(a);
      for (std::size_t i = 0; i < k; ++i) {
        std::vector<double> ab = a;
        ab[i] = b[i];
        points.push_back(std::move(ab));
      }
      points.push_back(b);
    }
    return points;
  }
  boost::random::mt19937_64 gen(seed);
  boost::random::uniform_01<double> uniform;
  if (kind == DesignKind::random) {
    points.assign(samples, std::vector<double>(factors.size()));
    for (std::size_t p = 0; p < samples; ++p)
      for (std::size_t k = 0; k < factors.size(); ++k)
        points[p][k] = value_in(factors[k], uniform(gen));
    return points;
  }
  if (kind == DesignKind::morris) {
    if (morris_levels < 2 || morris_levels % 2 != 0)
      throw std::invalid_argument("make_design: Morris levels must be even and >= 2");
    const std::size_t k = factors.size();
    const double levels = static_cast<double>(morris_levels);
    const double delta = levels / (2.0 * (levels - 1.0));
    // Base levels 0, 1/(p-1), ..., up to 1 - delta, so that a move by delta stays within [0, 1].
    boost::random::uniform_int_distribution<std::size_t> base_level(0, morris_levels / 2 - 1);
    std::vector<double> u(k);
    std::vector<std::size_t> order(k);
    std::vector<int> up(k);
    for (std::size_t t = 0; t < samples; ++t) {
      for (std::size_t i = 0; i < k; ++i) {
        up[i] = uniform(gen) < 0.5 ? 1 : -1;
        const double low = static_cast<double>(base_level(gen)) / (levels - 1.0);
        u[i] = up[i] > 0 ? low : low + delta;  // a downward move starts delta higher
      }
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (std::size_t i = k - 1; i > 0; --i) {
        boost::random::uniform_int_distribution<std::size_t> pick(0, i);
        std::swap(order[i], order[pick(gen)]);
      }
      auto emit = [&] {
        std::vector<double> point(k);
        for (std::size_t i = 0; i < k; ++i) point[i] = value_in(factors[i], u[i]);
        points.push_back(std::move(point));
      };
      emit();
      for (std::size_t step = 0; step < k; ++step) {
        u[order[step]] += up[order[step]] * delta;
        emit();
      }
    }
    return points;
  }
  // Latin hypercube: a random permutation of the strata per factor (Fisher-Yates).
  points.assign(samples, std::vector<double>(factors.size()));
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
