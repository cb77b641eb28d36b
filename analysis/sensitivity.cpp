#include "analysis/sensitivity.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "analysis/summary.hpp"

namespace analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fixed(double x, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

/// A column's value as an index: a whole number in [0, limit]; throws otherwise.
std::size_t as_index(double x, double limit, const char* what) {
  if (!(x >= 0 && x <= limit && x == std::floor(x)))
    throw std::invalid_argument(std::string(what) + " must be a whole number in [0, " +
                                fixed(limit, 0) + "], got " + fixed(x, 3));
  return static_cast<std::size_t>(x);
}

/// Replicates averaged per design point: `point[run]` in [0, points), NaN outputs left out.
struct PointMeans {
  std::vector<double> mean;
  std::vector<std::size_t> first_run;  // a run of each point (for its factor values)
  std::size_t failed_runs = 0;
  std::size_t incomplete_points = 0;
  std::size_t empty_points = 0;
};

PointMeans average_replicates(std::span<const std::size_t> point, std::size_t points,
                              std::span<const double> output, const char* design) {
  PointMeans out;
  std::vector<double> sum(points, 0.0);
  std::vector<std::size_t> runs(points, 0), ok(points, 0);
  out.first_run.assign(points, 0);
  for (std::size_t r = 0; r < point.size(); ++r) {
    const std::size_t p = point[r];
    if (runs[p]++ == 0) out.first_run[p] = r;
    if (std::isfinite(output[r])) {
      sum[p] += output[r];
      ++ok[p];
    } else {
      ++out.failed_runs;
    }
  }
  out.mean.assign(points, kNaN);
  for (std::size_t p = 0; p < points; ++p) {
    if (runs[p] == 0)
      throw std::invalid_argument(std::string(design) + ": design point " + std::to_string(p) +
                                  " has no run");
    if (ok[p] == 0)
      ++out.empty_points;
    else
      out.mean[p] = sum[p] / static_cast<double>(ok[p]);
    if (ok[p] > 0 && ok[p] < runs[p]) ++out.incomplete_points;
  }
  return out;
}

/// Mean and standard deviation (n - 1 denominator; NaN below 2 values) of the finite values.
struct Moments {
  double mean = kNaN;
  double sd = kNaN;
  std::size_t n = 0;
};
Moments moments(std::span<const double> values) {
  Moments m;
  double sum = 0;
  for (double x : values)
    if (std::isfinite(x)) {
      sum += x;
      ++m.n;
    }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  double ss = 0;
  for (double x : values)
    if (std::isfinite(x)) ss += (x - m.mean) * (x - m.mean);
  if (m.n > 1) m.sd = std::sqrt(ss / static_cast<double>(m.n - 1));
  return m;
}

void check_bootstrap(const BootstrapOptions& options) {
  if (options.resamples > 0 && !(options.level > 0 && options.level < 1))
    throw std::invalid_argument("bootstrap level must lie in (0, 1)");
}

/// Fills `e`'s interval from the bootstrap estimates `boot` (consumed: sorted in place).
void set_interval(BootstrapEstimate& e, std::vector<double>& boot, double level) {
  std::erase_if(boot, [](double x) { return !std::isfinite(x); });
  const Moments m = moments(boot);
  if (m.n < 2) {
    e.lo = e.hi = e.half_width = kNaN;
    return;
  }
  e.half_width = boost::math::quantile(boost::math::normal(), 0.5 + level / 2) * m.sd;
  std::sort(boot.begin(), boot.end());
  e.lo = quantile(boot, (1 - level) / 2);
  e.hi = quantile(boot, (1 + level) / 2);
}

std::string factor_name(const std::vector<std::string>& names, std::size_t i) {
  return i < names.size() ? names[i] : "factor " + std::to_string(i);
}

/// Population variance of columns A and B (the first and last) of `y` together; exactly 0 when
/// they hold a single value.
double ab_variance(const Eigen::MatrixXd& y) {
  const auto a = y.col(0).array();
  const auto b = y.col(y.cols() - 1).array();
  if (std::min(a.minCoeff(), b.minCoeff()) == std::max(a.maxCoeff(), b.maxCoeff())) return 0;
  const auto twice = static_cast<double>(2 * y.rows());
  const double mean = (a.sum() + b.sum()) / twice;
  return ((a - mean).square().sum() + (b - mean).square().sum()) / twice;
}

/// S1 and ST of every factor from the rows of `y` (columns A, AB_1..AB_k, B; centred).
void sobol_estimate(const Eigen::MatrixXd& y, std::vector<double>& s1, std::vector<double>& st) {
  const auto k = static_cast<std::size_t>(y.cols() - 2);
  const auto a = y.col(0).array();
  const auto b = y.col(y.cols() - 1).array();
  s1.assign(k, 0.0);
  st.assign(k, 0.0);
  const double var = ab_variance(y);
  if (var == 0) return;  // no variance: no factor has an effect
  for (std::size_t i = 0; i < k; ++i) {
    const auto ab = y.col(static_cast<Eigen::Index>(i + 1)).array();
    s1[i] = (b * (ab - a)).mean() / var;
    st[i] = 0.5 * (a - ab).square().mean() / var;
  }
}

}  // namespace

SaltelliOutputs split_saltelli(std::span<const double> matrix, std::span<const double> sample,
                               std::span<const double> output, std::size_t factors) {
  if (matrix.size() != sample.size() || matrix.size() != output.size())
    throw std::invalid_argument("split_saltelli: matrix, sample and output differ in length");
  if (factors == 0) throw std::invalid_argument("split_saltelli: no factors");
  const std::size_t block = factors + 2;
  std::size_t rows = 0;
  std::vector<std::size_t> point(matrix.size());
  for (std::size_t r = 0; r < matrix.size(); ++r) {
    const std::size_t m =
        as_index(matrix[r], static_cast<double>(factors + 1), "split_saltelli: saltelli_matrix");
    // Every point has a run, so a row is below runs / (k + 2).
    const std::size_t j = as_index(sample[r], static_cast<double>(matrix.size() / block),
                                   "split_saltelli: saltelli_sample");
    point[r] = j * block + m;
    rows = std::max(rows, j + 1);
  }
  const PointMeans means = average_replicates(point, rows * block, output, "split_saltelli");
  SaltelliOutputs out;
  out.runs = matrix.size();
  out.failed_runs = means.failed_runs;
  out.incomplete_points = means.incomplete_points;
  out.empty_points = means.empty_points;
  out.a.resize(rows);
  out.b.resize(rows);
  out.ab.assign(factors, std::vector<double>(rows));
  for (std::size_t j = 0; j < rows; ++j) {
    out.a[j] = means.mean[j * block];
    for (std::size_t i = 0; i < factors; ++i) out.ab[i][j] = means.mean[j * block + 1 + i];
    out.b[j] = means.mean[j * block + factors + 1];
  }
  return out;
}

SobolIndices sobol_indices(std::span<const double> yA, std::span<const double> yB,
                           std::span<const std::vector<double>> yAB, const SobolOptions& options) {
  const std::size_t n = yA.size(), k = yAB.size();
  if (k == 0) throw std::invalid_argument("sobol_indices: no factors");
  check_bootstrap(options.bootstrap);
  if (yB.size() != n) throw std::invalid_argument("sobol_indices: yA and yB differ in length");
  for (const auto& col : yAB)
    if (col.size() != n)
      throw std::invalid_argument("sobol_indices: yAB_i and yA differ in length");

  // Rows whose k + 2 outputs are all finite, as one matrix: A, AB_1..AB_k, B.
  std::vector<std::size_t> keep;
  for (std::size_t j = 0; j < n; ++j) {
    bool ok = std::isfinite(yA[j]) && std::isfinite(yB[j]);
    for (const auto& col : yAB) ok = ok && std::isfinite(col[j]);
    if (ok) keep.push_back(j);
  }
  SobolIndices out;
  out.rows = keep.size();
  out.dropped_rows = n - keep.size();
  out.first.assign(k, BootstrapEstimate{kNaN, kNaN, kNaN, kNaN});
  out.total = out.first;
  std::string& warn = out.warning;
  auto say = [&warn](const std::string& s) { warn += (warn.empty() ? "" : " ") + s; };
  if (out.dropped_rows > 0)
    say(std::to_string(out.dropped_rows) + " of " + std::to_string(n) +
        " rows left out (a NaN output).");
  if (out.rows < 2) {
    out.variance = kNaN;
    say("Fewer than 2 rows: no indices.");
    return out;
  }
  const auto rows = static_cast<Eigen::Index>(out.rows);
  Eigen::MatrixXd y(rows, static_cast<Eigen::Index>(k + 2));
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::size_t j = keep[static_cast<std::size_t>(r)];
    y(r, 0) = yA[j];
    for (std::size_t i = 0; i < k; ++i) y(r, static_cast<Eigen::Index>(i + 1)) = yAB[i][j];
    y(r, static_cast<Eigen::Index>(k + 1)) = yB[j];
  }
  out.variance = ab_variance(y);
  if (out.variance == 0) {
    for (auto* v : {&out.first, &out.total})
      for (auto& e : *v) e = BootstrapEstimate{0, 0, 0, 0};
    say("The output does not vary (V = 0): every index set to 0.");
    return out;
  }
  // SALib centres (and scales) the outputs before estimating: S1's estimator is not invariant
  // under a shift of the outputs, and centring lowers its variance.
  y.array() -= y.mean();
  std::vector<double> s1, st;
  sobol_estimate(y, s1, st);
  for (std::size_t i = 0; i < k; ++i) {
    out.first[i].value = s1[i];
    out.total[i].value = st[i];
  }

  const BootstrapOptions& boot = options.bootstrap;
  if (boot.resamples > 0) {
    boost::random::mt19937_64 gen(boot.seed);
    boost::random::uniform_int_distribution<int> pick(0, static_cast<int>(rows - 1));
    std::vector<std::vector<double>> b1(k), bt(k);
    std::vector<int> idx(out.rows);
    Eigen::MatrixXd resample(rows, y.cols());
    for (std::size_t b = 0; b < boot.resamples; ++b) {
      for (int& x : idx) x = pick(gen);
      resample = y(idx, Eigen::all);
      sobol_estimate(resample, s1, st);
      for (std::size_t i = 0; i < k; ++i) {
        b1[i].push_back(s1[i]);
        bt[i].push_back(st[i]);
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      set_interval(out.first[i], b1[i], boot.level);
      set_interval(out.total[i], bt[i], boot.level);
    }
    // The rule for "too small a sample": some interval wider than +/- max_half_width.
    double widest = 0;
    std::string where;
    for (std::size_t i = 0; i < k; ++i) {
      for (const auto& [e, what] :
           {std::pair{&out.first[i], "S1"}, std::pair{&out.total[i], "ST"}}) {
        if (std::isfinite(e->half_width) && e->half_width > widest) {
          widest = e->half_width;
          where = std::string(what) + " of " + factor_name(options.names, i);
        }
      }
    }
    if (widest > options.max_half_width)
      say("Sample too small for stable indices: the interval of " + where + " is +/- " +
          fixed(widest, 3) + " (more than " + fixed(options.max_half_width, 3) +
          "); use more base samples N.");
  }
  double sum1 = 0;
  for (std::size_t i = 0; i < k; ++i) sum1 += out.first[i].value;
  if (sum1 > 1 + options.max_half_width)
    say("First-order indices sum to " + fixed(sum1, 3) + " > 1: sampling noise; use more base " +
        "samples N.");
  for (std::size_t i = 0; i < k; ++i)
    if (out.first[i].value > out.total[i].value + options.max_half_width)
      say("S1 of " + factor_name(options.names, i) + " exceeds its ST by " +
          fixed(out.first[i].value - out.total[i].value, 3) + ": sampling noise.");
  return out;
}

SobolIndices sobol_indices(const SaltelliOutputs& outputs, const SobolOptions& options) {
  return sobol_indices(outputs.a, outputs.b, outputs.ab, options);
}

MorrisEffects morris_effects(const MorrisRuns& runs, std::span<const FactorRange> ranges,
                             const BootstrapOptions& options) {
  const std::size_t n = runs.output.size(), k = runs.values.size();
  if (k == 0) throw std::invalid_argument("morris_effects: no factors");
  check_bootstrap(options);
  if (ranges.size() != k)
    throw std::invalid_argument("morris_effects: " + std::to_string(ranges.size()) +
                                " ranges for " + std::to_string(k) + " factors");
  if (runs.trajectory.size() != n || runs.step.size() != n || runs.moved.size() != n)
    throw std::invalid_argument("morris_effects: run columns differ in length");
  for (const auto& col : runs.values)
    if (col.size() != n)
      throw std::invalid_argument("morris_effects: run columns differ in length");
  for (const FactorRange& r : ranges)
    if (!(r.max > r.min)) throw std::invalid_argument("morris_effects: a factor's max <= min");

  const std::size_t steps = k + 1;
  std::size_t trajectories = 0;
  std::vector<std::size_t> point(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t t =
        as_index(runs.trajectory[r], static_cast<double>(n / steps), "morris_effects: trajectory");
    const std::size_t s = as_index(runs.step[r], static_cast<double>(k), "morris_effects: step");
    point[r] = t * steps + s;
    trajectories = std::max(trajectories, t + 1);
  }
  const PointMeans means =
      average_replicates(point, trajectories * steps, runs.output, "morris_effects");
  MorrisEffects out;
  out.runs = n;
  out.failed_runs = means.failed_runs;
  out.factors.resize(k);
  std::vector<std::vector<double>> ee(k);
  for (std::size_t p = 0; p < trajectories * steps; ++p) {
    if (p % steps == 0) continue;
    const std::size_t r = means.first_run[p], prev = means.first_run[p - 1];
    const double moved = runs.moved[r];
    std::size_t changed = 0, m = k;
    for (std::size_t i = 0; i < k; ++i) {
      if (runs.values[i][r] != runs.values[i][prev]) {
        ++changed;
        m = i;
      }
    }
    if (moved < 0) {
      if (changed != 0)
        throw std::invalid_argument("morris_effects: step " + std::to_string(p % steps) +
                                    " of trajectory " + std::to_string(p / steps) +
                                    " changes a factor but says none moved");
      ++out.unmoved_steps;
      continue;
    }
    if (changed != 1 || as_index(moved, static_cast<double>(k - 1), "morris_effects: moved") != m)
      throw std::invalid_argument("morris_effects: step " + std::to_string(p % steps) +
                                  " of trajectory " + std::to_string(p / steps) +
                                  " does not move exactly the factor it names");
    if (!std::isfinite(means.mean[p]) || !std::isfinite(means.mean[p - 1])) {
      ++out.dropped_effects;
      continue;
    }
    const double d = (runs.values[m][r] - runs.values[m][prev]) / (ranges[m].max - ranges[m].min);
    ee[m].push_back((means.mean[p] - means.mean[p - 1]) / d);
  }

  std::string& warn = out.warning;
  auto say = [&warn](const std::string& s) { warn += (warn.empty() ? "" : " ") + s; };
  if (out.dropped_effects > 0)
    say(std::to_string(out.dropped_effects) + " elementary effects left out (a NaN output).");
  boost::random::mt19937_64 gen(options.seed);
  std::size_t fewest = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 0; i < k; ++i) {
    MorrisFactor& f = out.factors[i];
    const std::vector<double>& e = ee[i];
    f.effects = e.size();
    fewest = std::min(fewest, e.size());
    f.mu_star.lo = f.mu_star.hi = f.mu_star.half_width = kNaN;
    if (e.empty()) {
      f.mu = f.mu_star.value = f.sigma = kNaN;
      continue;
    }
    const auto count = static_cast<double>(e.size());
    const Moments m = moments(e);
    f.mu = m.mean;
    f.sigma = m.sd;
    double sum_abs = 0;
    for (double x : e) sum_abs += std::fabs(x);
    f.mu_star.value = sum_abs / count;
    if (options.resamples == 0) continue;
    boost::random::uniform_int_distribution<std::size_t> pick(0, e.size() - 1);
    std::vector<double> boot(options.resamples);
    for (double& b : boot) {
      double s = 0;
      for (std::size_t j = 0; j < e.size(); ++j) s += std::fabs(e[pick(gen)]);
      b = s / count;
    }
    set_interval(f.mu_star, boot, options.level);
  }
  // The usual rule of thumb is 10 or more trajectories; fewer effects per factor leave mu_star
  // and sigma rough.
  if (fewest < 10)
    say("Few elementary effects (" + std::to_string(fewest) +
        " for some factor; 10 or more recommended): use more trajectories.");
  return out;
}

std::vector<MainEffect> main_effects(std::span<const std::vector<double>> values,
                                     std::span<const double> output,
                                     const MainEffectOptions& options) {
  const std::size_t n = output.size();
  if (options.bins == 0) throw std::invalid_argument("main_effects: bins must be >= 1");
  std::vector<MainEffect> out;
  double total_mean = 0, total_ss = 0;
  std::size_t finite = 0;
  for (double y : output)
    if (std::isfinite(y)) {
      total_mean += y;
      ++finite;
    }
  total_mean /= static_cast<double>(finite);
  for (double y : output)
    if (std::isfinite(y)) total_ss += (y - total_mean) * (y - total_mean);

  for (const auto& x : values) {
    if (x.size() != n) throw std::invalid_argument("main_effects: columns differ in length");
    std::vector<double> sorted(x.begin(), x.end());
    for (double v : sorted)
      if (std::isnan(v)) throw std::invalid_argument("main_effects: a factor value is NaN");
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> distinct = sorted;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

    MainEffect effect;
    effect.by_level = distinct.size() <= options.max_levels;
    // Lower edges of the bins: every level, or the values at ranks b n / bins (ties joined).
    std::vector<double> edges;
    if (effect.by_level) {
      edges = distinct;
    } else {
      for (std::size_t b = 0; b < options.bins; ++b) edges.push_back(sorted[b * n / options.bins]);
      edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    }
    std::vector<std::vector<double>> ys(edges.size());
    std::vector<double> lo(edges.size(), kNaN), hi(edges.size(), kNaN);
    for (std::size_t r = 0; r < n; ++r) {
      const auto b = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), x[r]) -
                                              edges.begin() - 1);
      ys[b].push_back(std::isfinite(output[r]) ? output[r] : kNaN);
      lo[b] = std::isnan(lo[b]) ? x[r] : std::min(lo[b], x[r]);
      hi[b] = std::isnan(hi[b]) ? x[r] : std::max(hi[b], x[r]);
    }
    double between = 0;
    for (std::size_t b = 0; b < edges.size(); ++b) {
      MainEffectBin bin;
      bin.lo = lo[b];
      bin.hi = hi[b];
      bin.output = t_interval(ys[b], options.level);
      bin.sd = moments(ys[b]).sd;
      if (bin.output.n > 0)
        between += static_cast<double>(bin.output.n) * (bin.output.mean - total_mean) *
                   (bin.output.mean - total_mean);
      effect.bins.push_back(bin);
    }
    effect.explained = total_ss > 0 ? between / total_ss : kNaN;
    out.push_back(std::move(effect));
  }
  return out;
}

}  // namespace analysis
