#include "analysis/sensitivity.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "sim/design.hpp"

namespace {

using analysis::BootstrapEstimate;

constexpr double kPi = std::numbers::pi;
const double kNaN = std::nan("");

// Ishigami & Homma (1990): y = sin x1 + a sin^2 x2 + b x3^4 sin x1, x uniform on [-pi, pi]^3.
constexpr double kA = 7, kB = 0.1;
double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + kA * std::sin(x[1]) * std::sin(x[1]) +
         kB * std::pow(x[2], 4) * std::sin(x[0]);
}

// Its indices, from its variance decomposition: V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8,
// V13 = b^2 pi^8 (1 / 18 - 1 / 50), V = V1 + V2 + V13 (docs/analysis.md).
struct Ishigami {
  double v1 = 0.5 * std::pow(1 + kB * std::pow(kPi, 4) / 5, 2);
  double v2 = kA * kA / 8;
  double v13 = kB * kB * std::pow(kPi, 8) * (1.0 / 18 - 1.0 / 50);
  double v = v1 + v2 + v13;
  double s1[3] = {v1 / v, v2 / v, 0};
  double st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
};

std::vector<sim::Factor> ishigami_factors() {
  std::vector<sim::Factor> f(3);
  for (std::size_t i = 0; i < 3; ++i) {
    f[i].name = "x" + std::to_string(i + 1);
    f[i].min = -kPi;
    f[i].max = kPi;
  }
  return f;
}

// The per-run columns a Saltelli sweep records (app/sweep_layout.cpp): run = point * replicates +
// replicate, matrix = point % (k + 2), sample = point / (k + 2).
struct SaltelliRuns {
  std::vector<double> matrix, sample, output;
};
SaltelliRuns saltelli_runs(const std::vector<std::vector<double>>& points, std::size_t k,
                           std::size_t replicates, const std::vector<double>& noise = {0}) {
  SaltelliRuns r;
  for (std::size_t p = 0; p < points.size(); ++p)
    for (std::size_t rep = 0; rep < replicates; ++rep) {
      r.matrix.push_back(static_cast<double>(p % (k + 2)));
      r.sample.push_back(static_cast<double>(p / (k + 2)));
      r.output.push_back(ishigami(points[p]) + noise[rep % noise.size()]);
    }
  return r;
}

analysis::SobolIndices ishigami_indices(std::size_t n) {
  const auto points = sim::make_design(sim::DesignKind::saltelli, ishigami_factors(), n, 1);
  const SaltelliRuns runs = saltelli_runs(points, 3, 1);
  const auto outputs = analysis::split_saltelli(runs.matrix, runs.sample, runs.output, 3);
  return analysis::sobol_indices(outputs, {.names = {"x1", "x2", "x3"}});
}

}  // namespace

TEST_CASE("Sobol estimators: a hand-computed case, invariant to a shift of the outputs",
          "[sensitivity]") {
  // Outputs of mean 0: V = mean of (1,1,4,4,1,1,4,4) = 2.5; mean(yB (yAB - yA)) = (-1 - 1 + 2 + 2)
  // / 4 = 0.5; mean((yA - yAB)^2) / 2 = 0.5.
  std::vector<double> a{1, -1, 2, -2}, b{-1, 1, -2, 2};
  std::vector<std::vector<double>> ab{{2, -2, 1, -1}};
  const auto s = analysis::sobol_indices(a, b, ab, {.bootstrap = {.resamples = 0}});
  CHECK(s.variance == Approx(2.5));
  CHECK(s.first[0].value == Approx(0.2));
  CHECK(s.total[0].value == Approx(0.2));
  CHECK(s.rows == 4);
  for (auto* v : {&a, &b, &ab[0]})
    for (double& x : *v) x += 10;
  const auto shifted = analysis::sobol_indices(a, b, ab, {.bootstrap = {.resamples = 0}});
  CHECK(shifted.first[0].value == Approx(0.2));
  CHECK(shifted.total[0].value == Approx(0.2));
}

TEST_CASE("Sobol indices of the Ishigami function from TwinSim's Saltelli design",
          "[sensitivity]") {
  const Ishigami exact;
  const auto s = ishigami_indices(2048);
  REQUIRE(s.rows == 2048);
  CHECK(s.dropped_rows == 0);
  CHECK(s.warning.empty());
  for (std::size_t i = 0; i < 3; ++i) {
    const std::pair<const BootstrapEstimate&, double> pairs[] = {{s.first[i], exact.s1[i]},
                                                                 {s.total[i], exact.st[i]}};
    for (const auto& [e, truth] : pairs) {
      INFO("factor " << i << ": estimate " << e.value << " [" << e.lo << ", " << e.hi << "] +/- "
                     << e.half_width << ", analytic " << truth);
      // The analytic value inside the 95% percentile interval, and within SALib's half-width.
      CHECK(truth >= e.lo);
      CHECK(truth <= e.hi);
      CHECK(std::fabs(e.value - truth) <= e.half_width);
      // Intervals narrow enough to mean something (a test that could fail on a wrong estimator).
      CHECK(e.half_width < 0.1);
      CHECK(e.lo <= e.value);
      CHECK(e.value <= e.hi);
    }
  }
  // The same seed gives the same intervals; the variance is the output's, near the analytic V.
  const auto again = ishigami_indices(2048);
  CHECK(again.first[1].lo == s.first[1].lo);
  CHECK(again.total[2].hi == s.total[2].hi);
  CHECK(s.variance == Approx(exact.v).epsilon(0.05));
}

TEST_CASE("A small Saltelli sample is flagged as too small for stable indices", "[sensitivity]") {
  const auto s = ishigami_indices(16);
  CHECK(s.rows == 16);
  CHECK_THAT(s.warning, Catch::Contains("Sample too small"));
  CHECK_THAT(s.warning, Catch::Contains("use more base samples"));
}

TEST_CASE("A constant output gives zero indices and says so", "[sensitivity]") {
  const std::vector<double> a(8, 3.0), b(8, 3.0);
  const std::vector<std::vector<double>> ab{std::vector<double>(8, 3.0),
                                            std::vector<double>(8, 3.0)};
  const auto s = analysis::sobol_indices(a, b, ab);
  CHECK(s.variance == 0);
  CHECK(s.first[0].value == 0);
  CHECK(s.total[1].value == 0);
  CHECK(s.total[1].half_width == 0);
  CHECK_THAT(s.warning, Catch::Contains("does not vary"));
  CHECK_THROWS_AS(analysis::sobol_indices(a, b, ab, {.bootstrap = {.level = 95}}),
                  std::invalid_argument);
}

TEST_CASE("Saltelli runs: replicates averaged per point, failed runs left out and counted",
          "[sensitivity]") {
  const std::size_t n = 64, k = 3;
  const auto points = sim::make_design(sim::DesignKind::saltelli, ishigami_factors(), n, 1);
  // Three replicates whose noise averages to 0: the means are the noiseless outputs.
  SaltelliRuns runs = saltelli_runs(points, k, 3, {-0.3, 0.1, 0.2});
  auto out = analysis::split_saltelli(runs.matrix, runs.sample, runs.output, k);
  REQUIRE(out.a.size() == n);
  CHECK(out.runs == n * (k + 2) * 3);
  CHECK(out.failed_runs == 0);
  for (std::size_t j : {0ul, 17ul, 63ul}) {
    CHECK(out.a[j] == Approx(ishigami(points[j * (k + 2)])));
    CHECK(out.ab[1][j] == Approx(ishigami(points[j * (k + 2) + 2])));
    CHECK(out.b[j] == Approx(ishigami(points[j * (k + 2) + k + 1])));
  }

  // One replicate of point (row 5, AB_2) fails: the mean of the other two. Every replicate of
  // point (row 9, B) fails: row 9 is NaN and the estimator drops it.
  runs.output[(5 * (k + 2) + 2) * 3 + 0] = kNaN;
  for (std::size_t rep = 0; rep < 3; ++rep) runs.output[(9 * (k + 2) + k + 1) * 3 + rep] = kNaN;
  // The helper reads the columns, not the order of the runs: reverse them.
  std::reverse(runs.matrix.begin(), runs.matrix.end());
  std::reverse(runs.sample.begin(), runs.sample.end());
  std::reverse(runs.output.begin(), runs.output.end());
  out = analysis::split_saltelli(runs.matrix, runs.sample, runs.output, k);
  CHECK(out.failed_runs == 4);
  CHECK(out.incomplete_points == 1);
  CHECK(out.empty_points == 1);
  CHECK(out.ab[1][5] == Approx(ishigami(points[5 * (k + 2) + 2]) + 0.15));
  CHECK(std::isnan(out.b[9]));

  const auto s = analysis::sobol_indices(out);
  CHECK(s.rows == n - 1);
  CHECK(s.dropped_rows == 1);
  CHECK_THAT(s.warning, Catch::Contains("1 of 64 rows left out"));
  // The same as the indices of the 63 other rows.
  for (auto* v : {&out.a, &out.b, &out.ab[0], &out.ab[1], &out.ab[2]}) v->erase(v->begin() + 9);
  const auto without = analysis::sobol_indices(out);
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(s.first[i].value == without.first[i].value);
    CHECK(s.total[i].value == without.total[i].value);
  }
}

TEST_CASE("Saltelli runs: malformed columns are refused", "[sensitivity]") {
  const std::vector<double> matrix{0, 1, 2, 0, 1, 2}, sample{0, 0, 0, 1, 1, 1};
  const std::vector<double> y{1, 2, 3, 4, 5, 6};
  CHECK_NOTHROW(analysis::split_saltelli(matrix, sample, y, 1));
  // A missing point (row 1's B), a matrix beyond k + 1, a fractional row, unequal lengths.
  CHECK_THROWS_AS(analysis::split_saltelli(std::vector<double>{0, 1, 2, 0, 1},
                                           std::vector<double>{0, 0, 0, 1, 1},
                                           std::vector<double>{1, 2, 3, 4, 5}, 1),
                  std::invalid_argument);
  CHECK_THROWS_AS(analysis::split_saltelli(std::vector<double>{0, 1, 3, 0, 1, 2}, sample, y, 1),
                  std::invalid_argument);
  CHECK_THROWS_AS(analysis::split_saltelli(matrix, std::vector<double>{0, 0, 0.5, 1, 1, 1}, y, 1),
                  std::invalid_argument);
  CHECK_THROWS_AS(analysis::split_saltelli(matrix, sample, std::vector<double>{1, 2}, 1),
                  std::invalid_argument);
}

namespace {

// The per-run columns a Morris sweep records (app/sweep_layout.cpp).
struct MorrisColumns {
  std::vector<double> trajectory, step, moved, output;
  std::vector<std::vector<double>> values;  // [factor][run]
  analysis::MorrisRuns runs() const { return {trajectory, step, moved, values, output}; }
};

template <class Model>
MorrisColumns morris_columns(const std::vector<std::vector<double>>& points, std::size_t k,
                             std::size_t replicates, Model model,
                             const std::vector<double>& noise = {0}) {
  MorrisColumns c;
  c.values.resize(k);
  for (std::size_t p = 0; p < points.size(); ++p) {
    double moved = -1;
    if (p % (k + 1) != 0)
      for (std::size_t i = 0; i < k; ++i)
        if (points[p][i] != points[p - 1][i]) moved = static_cast<double>(i);
    for (std::size_t rep = 0; rep < replicates; ++rep) {
      c.trajectory.push_back(static_cast<double>(p / (k + 1)));
      c.step.push_back(static_cast<double>(p % (k + 1)));
      c.moved.push_back(moved);
      for (std::size_t i = 0; i < k; ++i) c.values[i].push_back(points[p][i]);
      c.output.push_back(model(points[p]) + noise[rep % noise.size()]);
    }
  }
  return c;
}

}  // namespace

TEST_CASE("Morris on a linear model: mu = c (max - min) exactly and sigma = 0", "[sensitivity]") {
  std::vector<sim::Factor> f(4);
  f[0] = {"a", {}, 0, 1, false};
  f[1] = {"b", {}, -2, 3, false};
  f[2] = {"c", {}, 10, 20, false};
  f[3] = {"d", {}, 0, 10, true};  // integer: rounding makes the moves unequal
  const std::vector<double> c{2, -1, 0.5, 3};
  auto linear = [&](const std::vector<double>& x) {
    double y = 0;
    for (std::size_t i = 0; i < 4; ++i) y += c[i] * x[i];
    return y;
  };
  const std::size_t r = 20;
  const auto points = sim::make_design(sim::DesignKind::morris, f, r, 11, 4);
  // Two replicates with opposite noise: their mean is the model.
  const MorrisColumns cols = morris_columns(points, 4, 2, linear, {-5.0, 5.0});
  std::vector<analysis::FactorRange> ranges;
  for (const auto& fi : f) ranges.push_back({fi.min, fi.max});
  const auto m = analysis::morris_effects(cols.runs(), ranges);
  CHECK(m.runs == points.size() * 2);
  CHECK(m.failed_runs == 0);
  CHECK(m.warning.empty());
  for (std::size_t i = 0; i < 4; ++i) {
    const double expected = c[i] * (f[i].max - f[i].min);
    INFO("factor " << i);
    CHECK(m.factors[i].effects == r);
    CHECK(m.factors[i].mu == Approx(expected).epsilon(1e-9));
    CHECK(m.factors[i].mu_star.value == Approx(std::fabs(expected)).epsilon(1e-9));
    CHECK(m.factors[i].sigma == Approx(0).margin(1e-9 * std::fabs(expected)));
    CHECK(m.factors[i].mu_star.half_width == Approx(0).margin(1e-9 * std::fabs(expected)));
  }
}

TEST_CASE("Morris: an interaction gives sigma > 0 to the interacting factors only",
          "[sensitivity]") {
  std::vector<sim::Factor> f(4);
  for (std::size_t i = 0; i < 4; ++i) f[i] = {"x" + std::to_string(i), {}, 0, 1, false};
  auto model = [](const std::vector<double>& x) { return x[0] + 4 * x[1] * x[2] + 2 * x[3]; };
  const auto points = sim::make_design(sim::DesignKind::morris, f, 30, 5, 4);
  const MorrisColumns cols = morris_columns(points, 4, 1, model);
  const std::vector<analysis::FactorRange> ranges(4, {0, 1});
  const auto m = analysis::morris_effects(cols.runs(), ranges);
  CHECK(m.factors[0].sigma == Approx(0).margin(1e-12));
  CHECK(m.factors[3].sigma == Approx(0).margin(1e-12));
  CHECK(m.factors[1].sigma > 0.5);
  CHECK(m.factors[2].sigma > 0.5);
  CHECK(m.factors[0].mu_star.value == Approx(1));
  CHECK(m.factors[3].mu_star.value == Approx(2));
  // mu* of x1 is 4 times the mean level of x2 where x1 moved: between 0 and 4, and its
  // bootstrap interval holds it.
  CHECK(m.factors[1].mu_star.value > 0);
  CHECK(m.factors[1].mu_star.value < 4);
  CHECK(m.factors[1].mu_star.lo <= m.factors[1].mu_star.value);
  CHECK(m.factors[1].mu_star.hi >= m.factors[1].mu_star.value);
  CHECK(m.factors[1].mu_star.half_width > 0);
}

TEST_CASE("Morris: a failed run drops the effects into and out of its point", "[sensitivity]") {
  std::vector<sim::Factor> f(3);
  for (std::size_t i = 0; i < 3; ++i) f[i] = {"x" + std::to_string(i), {}, 0, 1, false};
  auto model = [](const std::vector<double>& x) { return x[0] + x[1] + x[2]; };
  const auto points = sim::make_design(sim::DesignKind::morris, f, 8, 3, 4);
  MorrisColumns cols = morris_columns(points, 3, 1, model);
  cols.output[1 * 4 + 2] = kNaN;  // trajectory 1, step 2 (of 0..3)
  const std::vector<analysis::FactorRange> ranges(3, {0, 1});
  const auto m = analysis::morris_effects(cols.runs(), ranges);
  CHECK(m.failed_runs == 1);
  CHECK(m.dropped_effects == 2);
  std::size_t effects = 0;
  for (const auto& fi : m.factors) effects += fi.effects;
  CHECK(effects == 8 * 3 - 2);
  CHECK_THAT(m.warning, Catch::Contains("2 elementary effects left out"));
  CHECK_THAT(m.warning, Catch::Contains("Few elementary effects"));
  // A step that moves another factor than it names is refused.
  cols.moved[1 * 4 + 2] = cols.moved[1 * 4 + 2] == 0 ? 1 : 0;
  CHECK_THROWS_AS(analysis::morris_effects(cols.runs(), ranges), std::invalid_argument);
}

TEST_CASE("Main effects by level on a grid and by quantile bin on a sampled design",
          "[sensitivity]") {
  std::vector<sim::Factor> grid(2);
  grid[0] = {"a", {0, 1, 2}, 0, 0, false};
  grid[1] = {"b", {-1, 0, 1, 2}, 0, 0, false};
  const auto points = sim::make_design(sim::DesignKind::grid, grid, 0, 0);
  std::vector<std::vector<double>> x(2);
  std::vector<double> y;
  for (const auto& p : points)
    for (double noise : {-1.0, 1.0}) {  // two replicates
      x[0].push_back(p[0]);
      x[1].push_back(p[1]);
      y.push_back(2 * p[0] + p[1] * p[1] + noise);
    }
  y[5] = kNaN;
  const auto effects = analysis::main_effects(x, y);
  REQUIRE(effects.size() == 2);
  CHECK(effects[0].by_level);
  REQUIRE(effects[0].bins.size() == 3);
  REQUIRE(effects[1].bins.size() == 4);
  // Mean of b^2 over the levels of b is 1.5: level a gives 2 a + 1.5.
  CHECK(effects[0].bins[2].lo == 2);
  CHECK(effects[0].bins[2].output.mean == Approx(5.5));
  CHECK(effects[0].bins[2].output.n == 8);
  CHECK(effects[1].bins[3].output.mean == Approx(2 + 4));
  // Run 5 is point 2 (a = 0, b = 1), replicate 1: left out of its bins and counted.
  CHECK(effects[0].bins[0].output.missing == 1);
  CHECK(effects[1].bins[2].output.missing == 1);
  CHECK(effects[0].bins[0].output.n == 7);

  std::vector<sim::Factor> ranges(2);
  ranges[0] = {"u", {}, 0, 1, false};
  ranges[1] = {"v", {}, 0, 1, false};
  const auto lhs = sim::make_design(sim::DesignKind::lhs, ranges, 200, 4);
  std::vector<std::vector<double>> u(2);
  std::vector<double> z;
  for (const auto& p : lhs) {
    u[0].push_back(p[0]);
    u[1].push_back(p[1]);
    z.push_back(10 * p[0]);
  }
  const auto sampled = analysis::main_effects(u, z, {.bins = 4});
  CHECK_FALSE(sampled[0].by_level);
  REQUIRE(sampled[0].bins.size() == 4);
  for (std::size_t b = 0; b < 4; ++b) {
    CHECK(sampled[0].bins[b].output.n == 50);
    CHECK(sampled[0].bins[b].output.mean == Approx(10 * (b + 0.5) / 4).margin(0.1));
    if (b > 0) CHECK(sampled[0].bins[b].lo > sampled[0].bins[b - 1].hi);
  }
  CHECK(sampled[0].explained > 0.9);
  CHECK(sampled[1].explained < 0.1);
}
