// `twinsim sweep`: every design point of an experiment file, each with its replicates, into one
// HDF5 file (docs/sweeps.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <span>

#include "app/commands.hpp"
#include "app/experiment.hpp"
#include "models/model.hpp"
#include "models/observables.hpp"
#include "sim/ensemble.hpp"
#include "sim/h5.hpp"
#include "sim/output.hpp"
#include "twinsim/version.hpp"

namespace twinsim::app {

namespace {
// Throws when a recorded metric is NaN or infinite: a run with a non-finite outcome has failed.
void check_finite(const sim::Recorder& series) {
  for (std::size_t m = 0; m < series.metrics().size(); ++m) {
    const auto v = series.series(m);
    for (std::size_t t = 0; t < v.size(); ++t)
      if (!std::isfinite(v[t]))
        throw std::runtime_error("metric " + series.metrics()[m].name + " is " +
                                 (std::isnan(v[t]) ? "NaN" : "infinite") + " in month " +
                                 std::to_string(t + 1));
  }
}
}  // namespace

void add_sweep_command(CLI::App& app, SweepOptions& o) {
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run every design point of an experiment file, with its replicates, into one HDF5 "
      "file (docs/sweeps.md)");
  cmd->add_option("experiment", o.experiment,
                  "Experiment file (.toml), e.g. scenarios/sweeps/*.toml")
      ->required();
  add_output_options(cmd, o.output, o.force, o.threads,
                     "HDF5 file to write (default: the experiment's file name with .h5, in the "
                     "current folder)");
  cmd->add_option("--log", o.log,
                  "Also write each failed run (run, point, replicate, reason) to this text file");
}

int sweep_command(const SweepOptions& o) {
  const Experiment e = load_experiment(o.experiment);
  std::filesystem::path output = o.output;
  if (output.empty()) output = std::filesystem::path(o.experiment).stem().string() + ".h5";
  sim::check_output_path(output, o.force);

  const std::size_t points = e.points.size(), replicates = e.replicates;
  const std::size_t runs = points * replicates;
  const auto months = static_cast<std::size_t>(e.point_params.front().horizon_months);
  for (const Params& p : e.point_params)
    if (static_cast<std::size_t>(p.horizon_months) != months)
      throw sim::InputError(o.experiment +
                            ": horizon_months varies between design points; every "
                            "run of a sweep must have the same horizon");
  const unsigned threads = worker_threads(o.threads);
  std::printf("TwinSim %s: sweep '%s' (%s) over base scenario %s\n", kVersion, e.name.c_str(),
              o.experiment.c_str(), e.base.string().c_str());
  std::printf(
      "%s design, %zu point%s x %zu replicate%s = %zu runs of %zu months, seeds %llu..%llu "
      "(replicate r of every point: seed + r), %u thread%s\n",
      e.design_name.c_str(), points, points == 1 ? "" : "s", replicates, replicates == 1 ? "" : "s",
      runs, months, static_cast<unsigned long long>(e.seed),
      static_cast<unsigned long long>(e.seed + replicates - 1), threads, threads == 1 ? "" : "s");
  std::fflush(stdout);

  // Run r of the file is point r / replicates, replicate r % replicates.
  sim::ResultTable table;
  table.resize(metric_specs(), runs, months);
  for (std::size_t m = 0; m < months; ++m) table.time[m] = static_cast<double>(m + 1);
  for (std::size_t r = 0; r < runs; ++r) table.seeds[r] = e.seed + r % replicates;
  table.summary_only = e.summary_only;
  for (std::size_t k = 0; k < e.varied.size(); ++k) {
    sim::ResultTable::RunParameter rp{e.varied[k].name, e.varied[k].key, std::vector<double>(runs)};
    for (std::size_t r = 0; r < runs; ++r) rp.values[r] = e.points[r / replicates][k];
    table.run_parameters.push_back(std::move(rp));
  }
  std::vector<double> point(runs), replicate(runs);
  for (std::size_t r = 0; r < runs; ++r) {
    point[r] = static_cast<double>(r / replicates);
    replicate[r] = static_cast<double>(r % replicates);
  }
  table.run_parameters.push_back({"point", "design point (index into the design)", point});
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

  const auto start = std::chrono::steady_clock::now();
  std::vector<sim::RunFailure> failures;
  {
    sim::Progress progress(runs, "runs");
    // A run that throws, or whose metrics hold a NaN, fails alone: its rows stay NaN, the sweep
    // goes on, and the file records why.
    failures = sim::for_each_run_keeping_going(
        runs, threads,
        [&](std::size_t r) {
          sim::RunRecord rec =
              simulate_recorded(e.point_params[r / replicates], table.seeds[r], 0, {});
          check_finite(rec.series);
          sim::store_run(table, r, std::move(rec));
        },
        &progress);
  }
  std::vector<double> failed(runs, 0.0);
  std::vector<std::string> reasons;
  for (const sim::RunFailure& f : failures) {
    failed[f.run] = 1.0;
    reasons.push_back("run " + std::to_string(f.run) + ": " + f.reason);
  }
  table.run_parameters.push_back({"failed", "1 when the run failed (its metrics are NaN)", failed});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const sim::RunSetMeta meta{e.name, e.base_toml, e.seed, kVersion, kGitCommit};
  sim::write_file_atomically(output, o.force, [&](const sim::h5::File& file) {
    sim::write_results(file, table, meta);
    file.write_attribute("experiment", e.text);
    file.write_attribute("design", e.design_name);
    if (!reasons.empty()) file.write_attribute("failures", std::span<const std::string>(reasons));
  });
  if (!o.log.empty()) {
    std::ofstream log(o.log);
    if (!log) throw std::runtime_error(o.log + ": cannot write the log");
    log << "run\tpoint\treplicate\treason\n";
    for (const sim::RunFailure& f : failures)
      log << f.run << '\t' << f.run / replicates << '\t' << f.run % replicates << '\t' << f.reason
          << '\n';
  }
  if (!failures.empty())
    std::printf(
        "%zu of %zu runs failed (NaN in their rows; /parameters/failed; reasons in the "
        "root attribute failures%s). First: %s\n",
        failures.size(), runs, o.log.empty() ? "" : (" and " + o.log).c_str(),
        reasons.front().c_str());
  std::printf(
      "Simulated in %.2f s (%.1f runs/s). Wrote %s: /parameters/<name> and the %s of "
      "%zu metrics for %zu runs (docs/sweeps.md)\n",
      seconds, static_cast<double>(runs) / seconds, output.string().c_str(),
      e.summary_only ? "/summary" : "/timeseries and /summary", table.metrics.size(), runs);
  return 0;
}

}  // namespace twinsim::app
