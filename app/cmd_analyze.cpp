// `twinsim analyze`: the answers in an output file without writing scripts (docs/analysis.md).
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "analysis/compare_data.hpp"
#include "analysis/ensemble.hpp"
#include "analysis/gnuplot.hpp"
#include "analysis/impact.hpp"
#include "analysis/logframe.hpp"
#include "analysis/patterns.hpp"
#include "analysis/summary.hpp"
#include "analysis/sweep_analysis.hpp"
#include "analysis/sweep_data.hpp"
#include "app/commands.hpp"
#include "models/observables.hpp"
#include "sim/error.hpp"
#include "sim/h5.hpp"
#include "sim/output.hpp"

namespace twinsim::app {
namespace {

namespace fs = std::filesystem;

// The metrics to report: those asked for, checked against the file, or `defaults`.
std::vector<std::string> chosen_metrics(const std::vector<std::string>& asked,
                                        const std::vector<sim::MetricSpec>& in_file,
                                        const std::vector<const char*>& defaults) {
  auto has = [&](const std::string& name) {
    for (const sim::MetricSpec& m : in_file)
      if (m.name == name) return true;
    return false;
  };
  std::vector<std::string> names;
  if (asked.empty()) {
    for (const char* name : defaults)
      if (has(name)) names.emplace_back(name);
    return names;
  }
  for (const std::string& name : asked) {
    if (!has(name)) {
      std::string known;
      for (const sim::MetricSpec& m : in_file) known += (known.empty() ? "" : ", ") + m.name;
      throw sim::InputError("--metric " + name + ": no such metric in the file (it has: " + known +
                            ")");
    }
    names.push_back(name);
  }
  return names;
}

// The folder for figures: created if missing; an existing figure is replaced only with --force.
fs::path plot_folder(const AnalyzeOptions& o, const std::vector<std::string>& figures) {
  const fs::path dir = fs::absolute(o.plot);
  if (!analysis::find_gnuplot())
    throw sim::InputError("--plot needs gnuplot (Debian: apt-get install gnuplot-nox)");
  fs::create_directories(dir);
  if (!o.force)
    for (const std::string& f : figures)
      if (fs::exists(dir / (f + ".png")))
        throw sim::InputError((dir / (f + ".png")).string() +
                              " exists; pass --force to draw over it");
  return dir;
}

int analyze_runs(const AnalyzeOptions& o) {
  const sim::ResultTable table = sim::read_result_table(o.file);
  const sim::RunSetMeta meta = sim::read_result_meta(o.file);
  const std::vector<std::string> names =
      chosen_metrics(o.metrics, table.metrics, summary_metrics());
  std::vector<std::string> figures;
  for (const std::string& n : names) figures.push_back("trajectory_" + n);
  const fs::path dir = o.plot.empty() ? fs::path() : plot_folder(o, figures);

  std::printf("%s: scenario '%s', %zu run%s of %zu months (seeds %llu..%llu), TwinSim %s\n\n",
              o.file.c_str(), meta.scenario_name.c_str(), table.runs, table.runs == 1 ? "" : "s",
              table.steps, static_cast<unsigned long long>(meta.base_seed),
              static_cast<unsigned long long>(meta.base_seed + table.runs - 1),
              meta.program_version.c_str());
  std::printf("At the end of month %zu, over runs:\n\n", table.steps);
  std::fputs(analysis::ensemble_table(table, names).c_str(), stdout);
  if (!table.targets.empty()) {
    std::printf("\nLogframe: each KPI against its target (mean and 90%% interval over runs):\n\n");
    std::fputs(analysis::logframe_table(table, table.targets).c_str(), stdout);
  }
  if (!dir.empty()) {
    const auto gnuplot = *analysis::find_gnuplot();
    const std::string caption = "Scenario " + meta.scenario_name + ", " +
                                std::to_string(table.runs) + " runs (" + o.file +
                                "); bands: quantiles over runs. TwinSim " + meta.program_version;
    for (const std::string& n : names)
      analysis::plot_trajectory(dir, gnuplot, table, analysis::metric_index(table, n), caption);
    std::printf("\nFigures (PNG and SVG, with their data and gnuplot scripts) in %s\n",
                dir.string().c_str());
  }
  return 0;
}

int analyze_comparison(const AnalyzeOptions& o) {
  const analysis::CompareData d = analysis::read_compare(o.file);
  const std::vector<std::string> names =
      chosen_metrics(o.metrics, d.intervention.metrics, summary_metrics());
  std::vector<std::string> figures;
  for (const std::string& n : names) {
    figures.push_back("trajectory_" + n + "_intervention");
    figures.push_back("trajectory_" + n + "_counterfactual");
  }
  const fs::path dir = o.plot.empty() ? fs::path() : plot_folder(o, figures);
  const sim::ResultTable& with = d.intervention;
  const std::size_t months = with.steps;
  std::printf("%s: scenario '%s' against %s, %zu paired run%s of %zu months, TwinSim %s\n",
              o.file.c_str(), d.intervention_meta.scenario_name.c_str(), d.against.c_str(),
              with.runs, with.runs == 1 ? "" : "s", months,
              d.intervention_meta.program_version.c_str());
  const std::pair<const char*, const sim::ResultTable*> worlds[] = {
      {"intervention", &d.intervention}, {"counterfactual", &d.counterfactual}};
  for (const auto& [world, table] : worlds) {
    std::printf("\nThe %s world at the end of month %zu, over runs:\n\n", world, months);
    std::fputs(analysis::ensemble_table(*table, names).c_str(), stdout);
  }
  if (!d.intervention.targets.empty()) {
    std::printf("\nLogframe of the intervention: each KPI against its target:\n\n");
    std::fputs(analysis::logframe_table(d.intervention, d.intervention.targets).c_str(), stdout);
  }
  analysis::ReportMonths at;
  at.horizon = months - 1;
  for (std::size_t r = 0; r < with.runs; ++r)
    at.project_end.push_back(std::min(analysis::project_last_step(with, r), months - 1));
  std::printf(
      "\nWhat the project added (mean over runs [90%% interval of the mean]; docs/impact.md):\n\n");
  std::fputs(analysis::impact_report(d.outcomes, at, months).c_str(), stdout);
  if (!dir.empty()) {
    const auto gnuplot = *analysis::find_gnuplot();
    for (const auto& [world, table] : worlds) {
      const std::string caption = std::string("The ") + world + " world of " + o.file + ", " +
                                  std::to_string(table->runs) +
                                  " runs; bands: quantiles over runs. TwinSim";
      for (const std::string& n : names)
        analysis::plot_trajectory(dir, gnuplot, *table, analysis::metric_index(*table, n), caption,
                                  std::string("_") + world);
    }
    std::printf("\nFigures (PNG and SVG, with their data and gnuplot scripts) in %s\n",
                dir.string().c_str());
  }
  return 0;
}

// The southern jobs, split by clients and others: what most sweeps are about.
const std::vector<const char*> kSweepMetrics = {"jobs_south", "jobs_south_assisted",
                                                "jobs_south_nonassisted"};

int analyze_sweep(const AnalyzeOptions& o) {
  const analysis::SweepData d = analysis::read_sweep(o.file);
  const std::vector<std::string> names = chosen_metrics(o.metrics, d.metrics, kSweepMetrics);
  const bool saltelli = !d.saltelli_matrix.empty(), morris = !d.morris_trajectory.empty();
  std::vector<std::string> figures;
  for (const std::string& n : names) {
    figures.push_back("main_effects_" + n);
    if (saltelli) figures.push_back("sobol_" + n);
    if (morris) figures.push_back("morris_" + n);
  }
  const fs::path dir = o.plot.empty() ? fs::path() : plot_folder(o, figures);
  if (!o.salib.empty() && fs::exists(fs::path(o.salib) / "params.txt") && !o.force)
    throw sim::InputError(o.salib + "/params.txt exists; pass --force to write over it");

  std::size_t points = 0;
  for (double p : d.point) points = std::max(points, static_cast<std::size_t>(p) + 1);
  std::printf("%s: a %s sweep of %zu points x %zu replicates = %zu runs; varied:", o.file.c_str(),
              d.design.c_str(), points, d.replicates, d.runs);
  for (const auto& f : d.factors)
    std::printf(" %s (%s, %s..%s)", f.name.c_str(), f.key.c_str(),
                analysis::format_number(f.min).c_str(), analysis::format_number(f.max).c_str());
  std::printf("\n");
  if (d.not_completed > 0)
    std::printf("A partial file: %zu of %zu runs are not in it yet, left out below.\n",
                d.not_completed, d.runs);
  if (d.failed > 0)
    std::printf("%zu run%s failed (/parameters/failure says why), left out below.\n", d.failed,
                d.failed == 1 ? "" : "s");
  std::printf(
      "Each metric at the horizon; replicates averaged per design point; failed runs left out "
      "of their point's mean (docs/analysis.md).\n");

  const std::string caption = o.file + ": " + d.design + " sweep, " + std::to_string(d.runs) +
                              " runs, replicates averaged per point. TwinSim";
  const auto gnuplot = dir.empty() ? fs::path() : *analysis::find_gnuplot();
  for (const std::string& name : names) {
    const std::size_t m = d.metric(name);
    std::printf("\n== %s (%s): %s\n\nMain effects:\n\n", name.c_str(), d.metrics[m].unit.c_str(),
                d.metrics[m].description.c_str());
    const auto effects = analysis::sweep_main_effects(d, m);
    std::fputs(analysis::main_effects_table(d, effects).c_str(), stdout);
    if (!dir.empty()) analysis::plot_main_effects(dir, gnuplot, d, m, effects, caption);
    if (saltelli) {
      const auto s = analysis::sweep_sobol(d, m);
      std::printf("\nSobol indices (%zu rows of Saltelli's matrices; V = %s):\n\n", s.rows,
                  analysis::format_number(s.variance).c_str());
      std::fputs(analysis::sobol_table(d, s).c_str(), stdout);
      if (!s.warning.empty()) std::printf("Warning: %s\n", s.warning.c_str());
      if (!dir.empty()) analysis::plot_sobol(dir, gnuplot, d, m, s, caption);
    }
    if (morris) {
      const auto e = analysis::sweep_morris(d, m);
      std::printf("\nMorris elementary effects (per whole range of each parameter):\n\n");
      std::fputs(analysis::morris_table(d, e).c_str(), stdout);
      if (!e.warning.empty()) std::printf("Warning: %s\n", e.warning.c_str());
      if (!dir.empty()) analysis::plot_morris(dir, gnuplot, d, m, e, caption);
    }
  }
  if (!dir.empty())
    std::printf("\nFigures (PNG and SVG, with their data and gnuplot scripts) in %s\n",
                dir.string().c_str());
  if (!o.salib.empty()) {
    std::vector<std::size_t> ms;
    for (const std::string& n : names) ms.push_back(d.metric(n));
    const auto files = analysis::export_salib(o.salib, d, ms);
    std::printf("\nSALib's inputs in %s:", o.salib.c_str());
    for (const auto& f : files) std::printf(" %s", f.c_str());
    std::printf(" (docs/analysis.md, \"SALib\")\n");
  }
  return 0;
}

}  // namespace

void add_analyze_command(CLI::App& app, AnalyzeOptions& o) {
  auto* cmd = app.add_subcommand(
      "analyze", "Ensemble statistics, KPIs and figures of an output file (docs/analysis.md)");
  cmd->add_option("file", o.file,
                  "A file written by twinsim run, compare or sweep (also a sweep's OUT.h5.partial)")
      ->required();
  cmd->add_option("--metric", o.metrics,
                  "A metric to report (repeatable; default: the headline metrics)");
  cmd->add_option("--plot", o.plot, "Draw figures (PNG and SVG) into this folder (gnuplot)");
  cmd->add_option("--salib", o.salib,
                  "Sweeps: also write the design and outputs as SALib reads them into this folder");
  cmd->add_flag("--force", o.force, "Draw over figures (and SALib files) that exist");
}

int analyze_command(const AnalyzeOptions& o) {
  if (!fs::exists(o.file)) throw sim::InputError(o.file + ": no such file");
  if (analysis::is_sweep_file(o.file)) return analyze_sweep(o);
  if (analysis::is_compare_file(o.file)) return analyze_comparison(o);
  return analyze_runs(o);
}

}  // namespace twinsim::app
