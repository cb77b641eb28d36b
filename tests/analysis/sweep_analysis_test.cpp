// The estimators on the real file format: a sweep file written by the writer `twinsim sweep` uses
// (sim::RunFile), read back by the reader `twinsim analyze` uses (analysis::read_sweep), with
// outputs whose indices are known: the Ishigami function's analytic Sobol indices, a linear
// model's Morris effects (docs/analysis.md).
#include "analysis/sweep_analysis.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "io/run_file.hpp"
#include "sim/design.hpp"
#include "sim/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using test_support::TempDir;
constexpr double kPi = 3.14159265358979323846;

// Writes a sweep file of `design` over `factors` with `replicates` runs per point, whose one
// metric "y" (one month) is f(point, replicate), through the sweep's writer.
std::filesystem::path write_sweep(
    const std::filesystem::path& path, sim::DesignKind kind, const std::string& design_name,
    const std::vector<sim::Factor>& factors, std::size_t samples, std::size_t replicates,
    const std::function<double(const std::vector<double>&, std::size_t)>& f) {
  const auto points = sim::make_design(kind, factors, samples, 1, 4);
  const std::size_t runs = points.size() * replicates, k = factors.size();
  sim::ResultTable t;
  t.metrics = {{"y", "1", "the model's output"}};
  t.runs = runs;
  t.steps = 1;
  t.time = {1};
  t.seeds.assign(runs, 1);
  t.summary_only = true;
  for (std::size_t i = 0; i < k; ++i) {
    sim::ResultTable::RunParameter rp{factors[i].name, "x." + factors[i].name,
                                      std::vector<double>(runs)};
    for (std::size_t r = 0; r < runs; ++r) rp.values[r] = points[r / replicates][i];
    rp.min = factors[i].min;
    rp.max = factors[i].max;
    t.run_parameters.push_back(std::move(rp));
  }
  std::vector<double> point(runs), c1(runs), c2(runs), c3(runs);
  for (std::size_t r = 0; r < runs; ++r) {
    const std::size_t p = r / replicates;
    point[r] = static_cast<double>(p);
    c1[r] = static_cast<double>(kind == sim::DesignKind::saltelli ? p % (k + 2) : p / (k + 1));
    c2[r] = static_cast<double>(kind == sim::DesignKind::saltelli ? p / (k + 2) : p % (k + 1));
    c3[r] = -1;
    if (kind == sim::DesignKind::morris && p % (k + 1) != 0)
      for (std::size_t i = 0; i < k; ++i)
        if (points[p][i] != points[p - 1][i]) c3[r] = static_cast<double>(i);
  }
  t.run_parameters.push_back({"point", "design point", point});
  if (kind == sim::DesignKind::saltelli) {
    t.run_parameters.push_back({"saltelli_matrix", "matrix", c1});
    t.run_parameters.push_back({"saltelli_sample", "row", c2});
  } else {
    t.run_parameters.push_back({"morris_trajectory", "trajectory", c1});
    t.run_parameters.push_back({"morris_step", "step", c2});
    t.run_parameters.push_back({"morris_factor", "moved", c3});
  }
  const sim::OutputLock lock(path);
  io::RunFile::create(lock, path, t, {"test", "", 1, "test", "test"},
                      [&](const io::h5::File& file) {
                        file.write_attribute("experiment", "test");
                        file.write_attribute("design", design_name);
                        std::vector<std::string> names;
                        for (const sim::Factor& fa : factors) names.push_back(fa.name);
                        file.write_attribute("varied", std::span<const std::string>(names));
                        file.write_attribute("replicates", static_cast<std::int64_t>(replicates));
                      });
  io::RunFile file(path);
  for (std::size_t r = 0; r < runs; ++r)
    file.add({r, {f(points[r / replicates], r % replicates)}, {}});
  file.close();
  return path;
}

double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + 7 * std::sin(x[1]) * std::sin(x[1]) +
         0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function, from a sweep file", "[analysis][sweep]") {
  TempDir dir("twinsim-ishigami");
  const std::vector<sim::Factor> factors = {
      {"x1", {}, -kPi, kPi, false}, {"x2", {}, -kPi, kPi, false}, {"x3", {}, -kPi, kPi, false}};
  // Two replicates per point, +1 and -1 around the function: their mean is the function.
  const auto path =
      write_sweep(dir.path() / "ishigami.h5", sim::DesignKind::saltelli, "saltelli", factors, 1024,
                  2, [](const std::vector<double>& x, std::size_t rep) {
                    return ishigami(x) + (rep == 0 ? 1.0 : -1.0);
                  });
  const io::SweepData d = io::read_sweep(path);
  CHECK(d.design == "saltelli");
  CHECK(d.replicates == 2);
  CHECK(d.factors.size() == 3);
  const analysis::SobolIndices s = analysis::sweep_sobol(d, d.metric("y"));
  REQUIRE(s.rows == 1024);
  const double s1[] = {0.314, 0.442, 0.0}, st[] = {0.558, 0.442, 0.244};
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1 << ": S1 " << s.first[i].value << " [" << s.first[i].lo << ", "
             << s.first[i].hi << "], ST " << s.total[i].value << " [" << s.total[i].lo << ", "
             << s.total[i].hi << "]");
    // The analytic values lie within the bootstrap intervals, which are narrow.
    CHECK(s.first[i].lo <= s1[i]);
    CHECK(s1[i] <= s.first[i].hi);
    CHECK(s.total[i].lo <= st[i]);
    CHECK(st[i] <= s.total[i].hi);
    CHECK(s.first[i].half_width < 0.1);
  }
  CHECK(s.warning.empty());
  // Main effects: x2 explains most through its levels; x3 alone explains nearly nothing.
  const auto effects = analysis::sweep_main_effects(d, d.metric("y"));
  CHECK(effects[1].explained > effects[2].explained);
}

TEST_CASE("a small Saltelli sample is flagged", "[analysis][sweep]") {
  TempDir dir("twinsim-ishigami-small");
  const std::vector<sim::Factor> factors = {
      {"x1", {}, -kPi, kPi, false}, {"x2", {}, -kPi, kPi, false}, {"x3", {}, -kPi, kPi, false}};
  const auto path =
      write_sweep(dir.path() / "small.h5", sim::DesignKind::saltelli, "saltelli", factors, 16, 1,
                  [](const std::vector<double>& x, std::size_t) { return ishigami(x); });
  const io::SweepData d = io::read_sweep(path);
  CHECK_FALSE(analysis::sweep_sobol(d, 0).warning.empty());
}

TEST_CASE("Morris effects of a linear model, from a sweep file", "[analysis][sweep]") {
  TempDir dir("twinsim-morris-linear");
  const std::vector<sim::Factor> factors = {
      {"a", {}, 0, 10, false}, {"b", {}, -1, 1, false}, {"c", {}, 100, 200, true}};
  // y = 3 a - 2 b + 0 c: mu = mu* = coefficient x range (30, -4 in mu, 0), sigma 0.
  const auto path = write_sweep(
      dir.path() / "morris.h5", sim::DesignKind::morris, "morris", factors, 8, 1,
      [](const std::vector<double>& x, std::size_t) { return 3 * x[0] - 2 * x[1] + 0 * x[2]; });
  const io::SweepData d = io::read_sweep(path);
  const analysis::MorrisEffects e = analysis::sweep_morris(d, 0);
  REQUIRE(e.factors.size() == 3);
  CHECK(e.factors[0].mu == Approx(30).epsilon(1e-9));
  CHECK(e.factors[0].mu_star.value == Approx(30).epsilon(1e-9));
  CHECK(e.factors[1].mu == Approx(-4).epsilon(1e-9));
  CHECK(e.factors[1].mu_star.value == Approx(4).epsilon(1e-9));
  CHECK(e.factors[2].mu_star.value == Approx(0).margin(1e-9));
  for (const auto& f : e.factors) CHECK(f.sigma == Approx(0).margin(1e-9));
  CHECK(e.factors[0].effects == 8);
}

TEST_CASE("failed runs and runs not yet done are left out of their point's mean",
          "[analysis][sweep]") {
  TempDir dir("twinsim-sweep-nan");
  const std::vector<sim::Factor> factors = {{"a", {}, 0, 10, false}, {"b", {}, -1, 1, false}};
  const auto path = write_sweep(dir.path() / "m.h5", sim::DesignKind::morris, "morris", factors, 2,
                                2, [](const std::vector<double>& x, std::size_t rep) {
                                  return rep == 1 ? std::nan("") : x[0] + x[1];
                                });
  const io::SweepData d = io::read_sweep(path);
  const analysis::PointMeans pm = analysis::point_means(d, 0);
  REQUIRE(pm.output.size() == 6);
  for (std::size_t p = 0; p < 6; ++p) CHECK(pm.output[p] == pm.factors[0][p] + pm.factors[1][p]);
  CHECK(pm.empty_points == 0);
}

TEST_CASE("SALib's inputs: params, the design per point and the outputs per point",
          "[analysis][sweep]") {
  TempDir dir("twinsim-salib");
  const std::vector<sim::Factor> factors = {{"a", {}, 0, 10, false}, {"b", {}, -1, 1, false}};
  const auto path = write_sweep(dir.path() / "m.h5", sim::DesignKind::morris, "morris", factors, 2,
                                3, [](const std::vector<double>& x, std::size_t rep) {
                                  return x[0] + static_cast<double>(rep);  // mean: a + 1
                                });
  const io::SweepData d = io::read_sweep(path);
  const auto files = analysis::export_salib(dir.path() / "salib", d, {0}, false);
  CHECK(files == std::vector<std::string>{"params.txt", "X.txt", "Y_y.txt"});
  std::ifstream params(dir.path() / "salib" / "params.txt");
  std::string name;
  double lo = 0, hi = 0;
  params >> name >> lo >> hi;
  CHECK(name == "a");
  CHECK(lo == 0);
  CHECK(hi == 10);
  std::ifstream x(dir.path() / "salib" / "X.txt"), y(dir.path() / "salib" / "Y_y.txt");
  double a = 0, b = 0, out = 0;
  std::size_t rows = 0;
  while (x >> a >> b && y >> out) {
    CHECK(out == Approx(a + 1));
    ++rows;
  }
  CHECK(rows == 6);  // 2 trajectories x 3 points
}

TEST_CASE("a damaged sweep file is refused as bad input, not analysed", "[analysis][sweep]") {
  TempDir dir("twinsim-sweep-damaged");
  const std::vector<sim::Factor> factors = {{"a", {}, 0, 1, false}, {"b", {}, 0, 1, false}};
  int files = 0;
  // A Saltelli sweep of 8 points whose `column` holds `value` in run `run`. Found by
  // fuzz/hdf5_structure_fuzz: values that index nothing reached the analysis.
  auto damaged = [&](const std::string& column, std::size_t run, double value) {
    const auto path = write_sweep(dir.path() / (std::to_string(files++) + ".h5"),
                                  sim::DesignKind::saltelli, "saltelli", factors, 2, 1,
                                  [](const std::vector<double>& x, std::size_t) { return x[0]; });
    const auto file = io::h5::File::open_for_update(path);
    file.open_dataset("parameters/" + column).write_block({run}, {1}, std::vector<double>{value});
    return path;
  };
  for (double bad : {std::nan(""), -1.0, 8.0, 1e300, 0.5})
    CHECK_THROWS_WITH(io::read_sweep(damaged("point", 3, bad)),
                      Catch::Matchers::Contains("not the index of a design point"));
  CHECK_THROWS_WITH(io::read_sweep(damaged("point", 1, 0)),
                    Catch::Matchers::Contains("design point 1 has no run"));
  CHECK_THROWS_WITH(io::read_sweep(damaged("a", 0, std::nan(""))),
                    Catch::Matchers::Contains("/parameters/a holds a value or range that is not"));
  const io::SweepData d = io::read_sweep(damaged("saltelli_sample", 0, -5));
  CHECK_THROWS_AS(analysis::sweep_sobol(d, 0), sim::InputError);
}
