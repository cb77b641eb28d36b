#include "analysis/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace analysis {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double student_t_quantile(double p, double dof) {
  if (!(p > 0 && p < 1) || !(dof >= 1)) {
    throw std::invalid_argument("student_t_quantile: need p in (0, 1) and dof >= 1");
  }
  return boost::math::quantile(boost::math::students_t(dof), p);
}

Estimate t_interval(std::span<const double> values, double level) {
  Estimate e;
  double sum = 0;
  for (double x : values) {
    if (std::isnan(x)) {
      ++e.missing;
    } else {
      sum += x;
      ++e.n;
    }
  }
  if (e.n == 0) {
    e.mean = e.lo = e.hi = kNaN;
    return e;
  }
  const auto n = static_cast<double>(e.n);
  e.mean = sum / n;
  if (e.n == 1) {
    e.lo = e.hi = e.mean;
    return e;
  }
  double ss = 0;
  for (double x : values)
    if (!std::isnan(x)) ss += (x - e.mean) * (x - e.mean);
  const double half = student_t_quantile((1 + level) / 2, n - 1) * std::sqrt(ss / (n - 1) / n);
  e.lo = e.mean - half;
  e.hi = e.mean + half;
  return e;
}

double hill_exponent(std::vector<double> values, std::size_t k) {
  std::erase_if(values, [](double x) { return !(x > 0); });
  if (k < 1 || values.size() < k + 1) return kNaN;
  std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k + 1),
                    values.end(), std::greater<>());
  const double threshold = values[k];
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i) sum += std::log(values[i] / threshold);
  return sum > 0 ? static_cast<double>(k) / sum : kNaN;
}

double excess_kurtosis(std::span<const double> values) {
  if (values.size() < 4) return kNaN;
  double mean = 0;
  for (double x : values) mean += x;
  mean /= static_cast<double>(values.size());
  double m2 = 0;
  double m4 = 0;
  for (double x : values) {
    const double d = (x - mean) * (x - mean);
    m2 += d;
    m4 += d * d;
  }
  m2 /= static_cast<double>(values.size());
  m4 /= static_cast<double>(values.size());
  return m2 > 0 ? m4 / (m2 * m2) - 3 : kNaN;
}

}  // namespace analysis
