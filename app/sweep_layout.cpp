#include "app/sweep_layout.hpp"

#include <algorithm>
#include <span>

#include "models/observables.hpp"
#include "sim/error.hpp"

namespace twinsim::app {

sim::ResultTable sweep_layout(const Experiment& e, const std::string& source) {
  const std::size_t points = e.points.size(), replicates = e.replicates;
  const std::size_t runs = points * replicates;
  const auto months = static_cast<std::size_t>(e.point_params.front().horizon_months);
  for (const Params& p : e.point_params)
    if (static_cast<std::size_t>(p.horizon_months) != months)
      throw sim::InputError(source +
                            ": horizon_months varies between design points; every "
                            "run of a sweep must have the same horizon");
  sim::ResultTable table;
  table.metrics = metric_specs();
  table.runs = runs;
  table.steps = months;
  table.time.resize(months);
  table.seeds.resize(runs);
  for (std::size_t m = 0; m < months; ++m) table.time[m] = static_cast<double>(m + 1);
  for (std::size_t r = 0; r < runs; ++r) table.seeds[r] = e.seed + r % replicates;
  table.summary_only = e.summary_only;
  for (std::size_t k = 0; k < e.varied.size(); ++k) {
    sim::ResultTable::RunParameter rp{e.varied[k].name, e.varied[k].key, std::vector<double>(runs)};
    for (std::size_t r = 0; r < runs; ++r) rp.values[r] = e.points[r / replicates][k];
    // The range each parameter was varied over: what scaled sensitivity measures need.
    const sim::Factor& f = e.factors[k];
    rp.min = f.levels.empty() ? f.min : *std::min_element(f.levels.begin(), f.levels.end());
    rp.max = f.levels.empty() ? f.max : *std::max_element(f.levels.begin(), f.levels.end());
    table.run_parameters.push_back(std::move(rp));
  }
  std::vector<double> point(runs), replicate(runs);
  for (std::size_t r = 0; r < runs; ++r) {
    point[r] = static_cast<double>(r / replicates);
    replicate[r] = static_cast<double>(r % replicates);
  }
  table.run_parameters.push_back({"point", "design point (index into the design)", point});
  if (!e.strategies.empty()) {
    // A stress test: point p is condition p / S under strategy p % S (docs/stress.md).
    const std::size_t strategies = e.strategies.size();
    std::vector<double> strategy(runs), condition(runs);
    for (std::size_t r = 0; r < runs; ++r) {
      strategy[r] = static_cast<double>((r / replicates) % strategies);
      condition[r] = static_cast<double>((r / replicates) / strategies);
    }
    table.run_parameters.push_back(
        {"strategy", "index into the root attribute strategies", strategy});
    table.run_parameters.push_back(
        {"condition", "the sampled conditions (every strategy meets each)", condition});
  }
  if (e.design == sim::DesignKind::saltelli) {
    // Which of Saltelli's matrices each run's point belongs to, and its row: what an estimator
    // of Sobol indices needs besides the outputs (docs/sweeps.md).
    const std::size_t block = e.varied.size() + 2;
    std::vector<double> matrix(runs), sample(runs);
    for (std::size_t r = 0; r < runs; ++r) {
      matrix[r] = static_cast<double>((r / replicates) % block);
      sample[r] = static_cast<double>((r / replicates) / block);
    }
    table.run_parameters.push_back(
        {"saltelli_matrix", "0: A, i in 1..k: AB_i (A with column i from B), k + 1: B", matrix});
    table.run_parameters.push_back({"saltelli_sample", "row of the matrix", sample});
  }
  if (e.design == sim::DesignKind::morris) {
    // Each run's trajectory, step, and the parameter moved at that step (-1 at a trajectory's
    // base point): what elementary effects are computed from (docs/sweeps.md).
    const std::size_t steps = e.varied.size() + 1;
    std::vector<double> trajectory(runs), step(runs), moved(runs);
    for (std::size_t r = 0; r < runs; ++r) {
      const std::size_t pt = r / replicates;
      trajectory[r] = static_cast<double>(pt / steps);
      step[r] = static_cast<double>(pt % steps);
      moved[r] = -1;
      if (pt % steps != 0)
        for (std::size_t k = 0; k < e.varied.size(); ++k)
          if (e.points[pt][k] != e.points[pt - 1][k]) moved[r] = static_cast<double>(k);
    }
    table.run_parameters.push_back(
        {"morris_trajectory", "trajectory of the run's point", trajectory});
    table.run_parameters.push_back(
        {"morris_step", "step within the trajectory (0: its base)", step});
    table.run_parameters.push_back(
        {"morris_factor",
         "index (in [vary] order) of the parameter moved at this step; -1 at the "
         "base point",
         moved});
  }
  table.run_parameters.push_back({"replicate", "replicate of the design point", replicate});
  return table;
}

void write_design_attributes(const io::h5::File& file, const Experiment& e) {
  file.write_attribute("experiment", e.text);
  file.write_attribute("design", e.design_name);
  // What analysis needs to read the design without parsing the experiment: the varied parameters
  // in [vary] order, how each reads in words, and the replicates per point.
  std::vector<std::string> varied;
  for (const VariedParameter& v : e.varied) varied.push_back(v.name);
  file.write_attribute("varied", std::span<const std::string>(varied));
  file.write_attribute("replicates", static_cast<std::int64_t>(e.replicates));
  const io::h5::Group parameters = file.open_group("parameters");
  for (const VariedParameter& v : e.varied) {
    const io::h5::Dataset d = parameters.open_dataset(v.name);
    d.write_attribute("label", v.label);
    d.write_attribute("display_unit", v.unit);
    d.write_attribute("display_scale", v.scale);
  }
  if (e.strategies.empty()) return;
  // A stress test: each strategy's name, file, resolved scenario and logframe.
  std::vector<std::string> names;
  for (const Strategy& s : e.strategies) names.push_back(s.name);
  file.write_attribute("strategies", std::span<const std::string>(names));
  const io::h5::Group all = file.create_group("strategies");
  for (const Strategy& s : e.strategies) {
    const io::h5::Group g = all.create_group(s.name);
    g.write_attribute("file", s.file.string());
    g.write_attribute("scenario", s.toml);
    std::vector<std::string> kpis;
    for (const sim::Target& k : s.kpis) kpis.push_back(k.name);
    g.write_attribute("kpis", std::span<const std::string>(kpis));
    const io::h5::Group logframe = g.create_group("logframe");
    for (const sim::Target& k : s.kpis) {
      const io::h5::Group kpi = logframe.create_group(k.name);
      kpi.write_attribute("metric", k.metric);
      kpi.write_attribute("month", static_cast<double>(k.step + 1));
      kpi.write_attribute("target", k.target);
      kpi.write_attribute("direction", std::string_view(k.at_least ? "at_least" : "at_most"));
      if (k.baseline) kpi.write_attribute("baseline", *k.baseline);
    }
  }
}

}  // namespace twinsim::app
