// `twinsim analyze`: the answers in an output file without writing scripts (docs/analysis.md).
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "analysis/compare_data.hpp"
#include "analysis/ensemble.hpp"
#include "analysis/gnuplot.hpp"
#include "analysis/impact.hpp"
#include "analysis/logframe.hpp"
#include "analysis/report.hpp"
#include "analysis/stress.hpp"
#include "analysis/summary.hpp"
#include "analysis/sweep_analysis.hpp"
#include "app/commands.hpp"
#include "io/file_kind.hpp"
#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "io/sweep_file.hpp"
#include "models/observables.hpp"
#include "models/patterns.hpp"
#include "sim/error.hpp"
#include "sim/temporary_folder.hpp"

namespace twinsim::app {
namespace {

namespace fs = std::filesystem;

std::string strf(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string strf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char small[512];
  const int n = std::vsnprintf(small, sizeof small, format, args);
  va_end(args);
  if (n < 0) return {};
  if (static_cast<std::size_t>(n) < sizeof small)
    return std::string(small, static_cast<std::size_t>(n));
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  va_start(args, format);
  std::vsnprintf(big.data(), big.size(), format, args);
  va_end(args);
  big.resize(static_cast<std::size_t>(n));
  return big;
}

// What analyze prints, kept as the sections of its report (--report); and where its figures go:
// --plot's folder, or a temporary one when only the report needs them.
class Out {
 public:
  explicit Out(const AnalyzeOptions& o) : o_(o) {}
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;

  void print(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    if (report_.sections.empty()) report_.sections.emplace_back();
    report_.sections.back().text += text;
  }
  void section(const std::string& heading) { report_.sections.push_back({heading, {}, {}}); }
  // Records figure `name` (drawn into folder()) for the report.
  void figure(const std::string& name) {
    if (report_.sections.empty()) report_.sections.emplace_back();
    report_.sections.back().figures.push_back(folder_ / (name + ".svg"));
  }

  // Prepares the folder for `figures`: --plot's (created; existing figures only with --force), or
  // a temporary one for --report. Returns false when no figure is wanted.
  bool prepare(const std::vector<std::string>& figures) {
    if (o_.plot.empty() && o_.report.empty()) return false;
    const auto found = analysis::find_gnuplot();
    if (!found)
      throw sim::InputError(std::string(o_.plot.empty() ? "--report" : "--plot") +
                            " needs gnuplot (Debian: apt-get install gnuplot-nox)");
    gnuplot_ = *found;
    if (o_.plot.empty()) {
      temporary_.emplace("twinsim-report-");
      folder_ = temporary_->path();
      return true;
    }
    folder_ = fs::absolute(o_.plot);
    for (const std::string& f : figures) {
      // Each file a figure leaves is a regular file or nothing, even with --force.
      for (const char* ext : {".png", ".svg", ".dat", ".gp"})
        sim::check_output_kind(folder_ / (f + ext));
      if (!o_.force && fs::exists(folder_ / (f + ".png")))
        throw sim::InputError((folder_ / (f + ".png")).string() +
                              " exists; pass --force to draw over it");
    }
    sim::check_output_folder(o_.plot, "--plot " + o_.plot);
    fs::create_directories(folder_);
    return true;
  }
  const fs::path& folder() const { return folder_; }
  const fs::path& gnuplot() const { return gnuplot_; }
  bool plotting() const { return !o_.plot.empty(); }

  // Writes the report when --report asked for one.
  void finish(const std::string& title, const std::string& subtitle, const std::string& appendix) {
    if (plotting())
      print(strf("\nFigures (PNG and SVG, with their data and gnuplot scripts) in %s\n",
                 folder_.string().c_str()));
    if (o_.report.empty()) return;
    report_.title = title;
    report_.subtitle = subtitle;
    report_.appendix_title = "The scenario, resolved (every parameter)";
    report_.appendix_text = appendix;
    analysis::write_report(o_.report, report_, o_.force);
    std::printf("\nReport (one HTML file, figures inline): %s\n", o_.report.c_str());
  }

 private:
  const AnalyzeOptions& o_;
  analysis::Report report_;
  fs::path folder_, gnuplot_;
  std::optional<sim::TemporaryFolder> temporary_;  // the figures of a report without --plot
};

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

int analyze_runs(const AnalyzeOptions& o, Out& out) {
  const sim::ResultTable table = io::read_result_table(o.file);
  const sim::RunSetMeta meta = io::read_result_meta(o.file);
  const std::vector<std::string> names =
      chosen_metrics(o.metrics, table.metrics, summary_metrics());
  std::vector<std::string> figures;
  for (const std::string& n : names) figures.push_back("trajectory_" + n);
  const bool draw = out.prepare(figures);

  out.print(strf("%s: scenario '%s', %zu run%s of %zu months (seeds %llu..%llu), TwinSim %s\n\n",
                 o.file.c_str(), meta.scenario_name.c_str(), table.runs, table.runs == 1 ? "" : "s",
                 table.steps, static_cast<unsigned long long>(meta.base_seed),
                 static_cast<unsigned long long>(meta.base_seed + table.runs - 1),
                 meta.program_version.c_str()));
  out.print(strf("At the end of month %zu, over runs:\n\n", table.steps));
  out.print(analysis::ensemble_table(table, names));
  if (!table.targets.empty()) {
    out.print(
        strf("\nLogframe: each KPI against its target (mean and 90%% interval over runs):\n\n"));
    out.print(analysis::logframe_table(table, table.targets));
  }
  if (draw) {
    out.section("Trajectories");
    const std::string caption = "Scenario " + meta.scenario_name + ", " +
                                std::to_string(table.runs) + " runs (" + o.file +
                                "); bands: quantiles over runs. TwinSim " + meta.program_version;
    for (const std::string& n : names) {
      analysis::plot_trajectory(out.folder(), out.gnuplot(), table,
                                analysis::metric_index(table, n), caption);
      out.figure("trajectory_" + n);
    }
  }
  out.finish("TwinSim analysis of " + o.file,
             "Scenario " + meta.scenario_name + ": " + std::to_string(table.runs) + " runs of " +
                 std::to_string(table.steps) + " months, TwinSim " + meta.program_version,
             meta.scenario_toml);
  return 0;
}

int analyze_comparison(const AnalyzeOptions& o, Out& out) {
  const analysis::CompareData d = analysis::read_compare(o.file);
  const std::vector<std::string> names =
      chosen_metrics(o.metrics, d.intervention.metrics, summary_metrics());
  std::vector<std::string> figures;
  for (const std::string& n : names) {
    figures.push_back("trajectory_" + n + "_intervention");
    figures.push_back("trajectory_" + n + "_counterfactual");
  }
  const bool draw = out.prepare(figures);
  const sim::ResultTable& with = d.intervention;
  const std::size_t months = with.steps;
  out.print(strf("%s: scenario '%s' against %s, %zu paired run%s of %zu months, TwinSim %s\n",
                 o.file.c_str(), d.intervention_meta.scenario_name.c_str(), d.against.c_str(),
                 with.runs, with.runs == 1 ? "" : "s", months,
                 d.intervention_meta.program_version.c_str()));
  const std::pair<const char*, const sim::ResultTable*> worlds[] = {
      {"intervention", &d.intervention}, {"counterfactual", &d.counterfactual}};
  for (const auto& [world, table] : worlds) {
    out.print(strf("\nThe %s world at the end of month %zu, over runs:\n\n", world, months));
    out.print(analysis::ensemble_table(*table, names));
  }
  if (!d.intervention.targets.empty()) {
    out.print(strf("\nLogframe of the intervention: each KPI against its target:\n\n"));
    out.print(analysis::logframe_table(d.intervention, d.intervention.targets));
  }
  analysis::ReportMonths at;
  at.horizon = months - 1;
  for (std::size_t r = 0; r < with.runs; ++r)
    at.project_end.push_back(std::min(twinsim::project_last_step(with, r), months - 1));
  out.section("What the project added");
  out.print(
      strf("\nWhat the project added (mean over runs [90%% interval of the mean]; "
           "docs/impact.md):\n\n"));
  out.print(analysis::impact_report(d.outcomes, at, months));
  if (draw) {
    out.section("Trajectories in both worlds");
    for (const auto& [world, table] : worlds) {
      const std::string caption = std::string("The ") + world + " world of " + o.file + ", " +
                                  std::to_string(table->runs) +
                                  " runs; bands: quantiles over runs. TwinSim";
      for (const std::string& n : names) {
        analysis::plot_trajectory(out.folder(), out.gnuplot(), *table,
                                  analysis::metric_index(*table, n), caption,
                                  std::string("_") + world);
        out.figure("trajectory_" + n + "_" + world);
      }
    }
  }
  out.finish("TwinSim analysis of " + o.file,
             "Scenario " + d.intervention_meta.scenario_name + " against " + d.against + ", " +
                 std::to_string(with.runs) + " paired runs of " + std::to_string(months) +
                 " months",
             d.intervention_meta.scenario_toml);
  return 0;
}

// The varied parameters with their keys and ranges, ending the header line; then how many runs
// are not in a partial file yet and how many failed.
void print_factors_and_status(Out& out, const io::SweepData& d) {
  for (const auto& f : d.factors)
    out.print(strf(" %s (%s, %s..%s)", f.name.c_str(), f.key.c_str(),
                   analysis::format_number(f.min).c_str(), analysis::format_number(f.max).c_str()));
  out.print("\n");
  if (d.not_completed > 0)
    out.print(strf("A partial file: %zu of %zu runs are not in it yet, left out below.\n",
                   d.not_completed, d.runs));
  if (d.failed > 0)
    out.print(strf("%zu run%s failed (/parameters/failure says why), left out below.\n", d.failed,
                   d.failed == 1 ? "" : "s"));
}

// The southern jobs, split by clients and others: what most sweeps are about.
const std::vector<const char*> kSweepMetrics = {"jobs_south", "jobs_south_assisted",
                                                "jobs_south_nonassisted"};

int analyze_sweep(const AnalyzeOptions& o, Out& out) {
  const io::SweepData d = io::read_sweep(o.file);
  const std::vector<std::string> names = chosen_metrics(o.metrics, d.metrics, kSweepMetrics);
  const bool saltelli = !d.saltelli_matrix.empty(), morris = !d.morris_trajectory.empty();
  std::vector<std::string> figures;
  for (const std::string& n : names) {
    figures.push_back("main_effects_" + n);
    if (saltelli) figures.push_back("sobol_" + n);
    if (morris) figures.push_back("morris_" + n);
  }
  const bool draw = out.prepare(figures);
  if (!o.salib.empty() && fs::exists(fs::path(o.salib) / "params.txt") && !o.force)
    throw sim::InputError(o.salib + "/params.txt exists; pass --force to write over it");
  if (!o.salib.empty()) sim::check_output_folder(o.salib, "--salib " + o.salib);

  std::size_t points = 0;
  for (double p : d.point) points = std::max(points, static_cast<std::size_t>(p) + 1);
  out.print(strf("%s: a %s sweep of %zu points x %zu replicates = %zu runs; varied:",
                 o.file.c_str(), d.design.c_str(), points, d.replicates, d.runs));
  print_factors_and_status(out, d);
  out.print(
      strf("Each metric at the horizon; replicates averaged per design point; failed runs left out "
           "of their point's mean (docs/analysis.md).\n"));

  const std::string caption = o.file + ": " + d.design + " sweep, " + std::to_string(d.runs) +
                              " runs, replicates averaged per point. TwinSim";
  for (const std::string& name : names) {
    const std::size_t m = d.metric(name);
    out.section(name + " (" + d.metrics[m].unit + ")");
    out.print(strf("\n== %s (%s): %s\n\nMain effects:\n\n", name.c_str(), d.metrics[m].unit.c_str(),
                   d.metrics[m].description.c_str()));
    const auto effects = analysis::sweep_main_effects(d, m);
    out.print(analysis::main_effects_table(d, effects));
    if (draw) {
      analysis::plot_main_effects(out.folder(), out.gnuplot(), d, m, effects, caption);
      out.figure("main_effects_" + name);
    }
    if (saltelli) {
      const auto s = analysis::sweep_sobol(d, m);
      out.print(strf("\nSobol indices (%zu rows of Saltelli's matrices; V = %s):\n\n", s.rows,
                     analysis::format_number(s.variance).c_str()));
      out.print(analysis::sobol_table(d, s));
      if (!s.warning.empty()) out.print(strf("Warning: %s\n", s.warning.c_str()));
      if (draw) {
        analysis::plot_sobol(out.folder(), out.gnuplot(), d, m, s, caption);
        out.figure("sobol_" + name);
      }
    }
    if (morris) {
      const auto e = analysis::sweep_morris(d, m);
      out.print("\nMorris elementary effects (per whole range of each parameter):\n\n");
      out.print(analysis::morris_table(d, e));
      if (!e.warning.empty()) out.print(strf("Warning: %s\n", e.warning.c_str()));
      if (draw) {
        analysis::plot_morris(out.folder(), out.gnuplot(), d, m, e, caption);
        out.figure("morris_" + name);
      }
    }
  }
  if (!o.salib.empty()) {
    std::vector<std::size_t> ms;
    for (const std::string& n : names) ms.push_back(d.metric(n));
    const auto files = analysis::export_salib(o.salib, d, ms, o.force);
    out.print(strf("\nSALib's inputs in %s:", o.salib.c_str()));
    for (const auto& f : files) out.print(strf(" %s", f.c_str()));
    out.print(strf(" (docs/analysis.md, \"SALib\")\n"));
  }
  out.finish(
      "TwinSim analysis of " + o.file,
      "A " + d.design + " sweep of " + std::to_string(d.runs) + " runs",
      "The experiment file:\n" + d.experiment + "\nThe base scenario, resolved:\n" + d.scenario);
  return 0;
}

// How each strategy of a stress test fares across the conditions (docs/stress.md).
int analyze_stress(const AnalyzeOptions& o, Out& out) {
  const analysis::StressData d = analysis::read_stress(o.file);
  const io::SweepData& w = d.sweep;
  const std::vector<std::string> names = chosen_metrics(o.metrics, w.metrics, {"jobs_south"});
  const std::size_t S = d.strategies.size();
  bool any_kpis = false;
  for (const auto& k : d.kpis) any_kpis = any_kpis || !k.empty();
  std::vector<std::string> figures;
  if (any_kpis) figures.push_back("stress_logframe");
  for (const std::string& n : names) figures.push_back("stress_" + n);
  for (std::size_t s = 0; s < S; ++s)
    if (!d.kpis[s].empty()) figures.push_back("prim_" + d.strategies[s]);
  const bool draw = out.prepare(figures);

  out.print(strf("%s: a stress test of %zu strateg%s (", o.file.c_str(), S, S == 1 ? "y" : "ies"));
  for (std::size_t s = 0; s < S; ++s)
    out.print(strf("%s%s: %s", s ? ", " : "", d.strategies[s].c_str(), d.files[s].c_str()));
  out.print(strf(
      ")\nunder %zu conditions (%s design) x %zu replicate%s = %zu runs; conditions:", d.conditions,
      w.design.c_str(), w.replicates, w.replicates == 1 ? "" : "s", w.runs));
  print_factors_and_status(out, w);
  out.print("Every strategy met every condition with the same seeds (replicate r: seed + r).\n");
  const std::string caption = o.file + ": " + std::to_string(S) + " strategies x " +
                              std::to_string(d.conditions) + " conditions x " +
                              std::to_string(w.replicates) + " replicates. TwinSim";

  out.section("Meeting the logframe");
  out.print(
      "\nThe chance of meeting the logframe: share of runs in which each KPI, and all of them, "
      "met its target [90% Wilson interval]:\n\n");
  const auto odds = analysis::logframe_odds(d);
  out.print(analysis::logframe_odds_table(d, odds));
  if (draw && any_kpis) {
    analysis::plot_logframe_odds(out.folder(), out.gnuplot(), d, odds, caption);
    out.figure("stress_logframe");
  }

  for (const std::string& name : names) {
    const std::size_t m = w.metric(name);
    const auto outcomes = analysis::stress_outcomes(d, m, o.lower_is_better);
    out.section(name + " (" + w.metrics[m].unit + ")");
    out.print(strf(
        "\n== %s (%s) at the horizon, %s is better: over each strategy's runs; and its regret in "
        "each condition (the distance of its mean over replicates to the best strategy's; 0 where "
        "it is the best):\n\n",
        name.c_str(), w.metrics[m].unit.c_str(), o.lower_is_better ? "lower" : "higher"));
    out.print(analysis::outcome_table(d, outcomes, o.lower_is_better));
    if (draw) {
      analysis::plot_outcome_cdfs(out.folder(), out.gnuplot(), d, m, caption);
      out.figure("stress_" + name);
    }
  }

  out.section("Where each strategy fails");
  out.print(
      "\nWhere each strategy fails (PRIM over the conditions: the box in which its runs miss the "
      "logframe most; docs/stress.md):\n\n");
  for (std::size_t s = 0; s < S; ++s) {
    if (d.kpis[s].empty()) {
      out.print(d.strategies[s] +
                " has no logframe ([kpis.NAME] in its scenario): nothing to "
                "fail.\n");
      continue;
    }
    if (analysis::runs_meeting_logframe(d, s).cases.empty()) {
      // Every run failed, or none is in a partial file yet: no case to look for a box in.
      out.print(d.strategies[s] + " has no run with a value (failed, or not run yet).\n");
      continue;
    }
    const analysis::FailureBox box = analysis::failure_box(d, s);
    out.print(analysis::failure_text(d, s, box));
    if (draw && box.failures > 0 && box.failures < box.cases) {
      analysis::plot_prim_tradeoff(out.folder(), out.gnuplot(), d, s, box, caption);
      out.figure("prim_" + d.strategies[s]);
    }
  }
  out.finish(
      "TwinSim stress test: " + o.file,
      std::to_string(S) + " strategies under " + std::to_string(d.conditions) +
          " sampled conditions, " + std::to_string(w.runs) + " runs",
      "The uncertainties file:\n" + w.experiment + "\nThe strategies, resolved:\n" + w.scenario);
  return 0;
}

}  // namespace

void add_analyze_command(CLI::App& app, AnalyzeOptions& o) {
  auto* cmd = app.add_subcommand(
      "analyze", "Ensemble statistics, KPIs and figures of an output file (docs/analysis.md)");
  cmd->add_option("file", o.file,
                  "A file written by twinsim run, compare, sweep or stress (also OUT.h5.partial)")
      ->required();
  cmd->add_option("--metric", o.metrics,
                  "A metric to report (repeatable; default: the headline metrics)");
  cmd->add_option("--plot", o.plot, "Draw figures (PNG and SVG) into this folder (gnuplot)");
  cmd->add_option("--salib", o.salib,
                  "Sweeps: also write the design and outputs as SALib reads them into this folder");
  cmd->add_option("--report", o.report,
                  "Also write one self-contained HTML file: the tables and figures (inline SVG)");
  cmd->add_flag("--force", o.force, "Draw over figures (and SALib files, a report) that exist");
  cmd->add_flag("--lower-is-better", o.lower_is_better,
                "Stress tests: a lower value of the --metric is better (regret, worst decile)");
}

int analyze_command(const AnalyzeOptions& o) {
  const io::FileKind kind = io::file_kind(o.file);
  if (kind == io::FileKind::other)
    throw sim::InputError(o.file + ": not a file TwinSim wrote (no format attribute twinsim/1 or " +
                          std::string(io::kCompareFormat) + ")");
  if (!o.report.empty()) {
    if (fs::exists(o.report) && !o.force)
      throw sim::InputError(o.report + ": exists; pass --force to overwrite it");
    const fs::path folder = fs::absolute(o.report).parent_path();
    if (!fs::is_directory(folder))
      throw sim::InputError(o.report + ": folder " + folder.string() + " does not exist");
    sim::check_output_folder(fs::path(o.report).parent_path(), "--report " + o.report);
    sim::check_output_path(o.report, true);  // a regular file or nothing, even with --force
  }
  // Options for another kind of file would be ignored: a file asked for and not written, or a
  // ranking asked for and not made.
  const char* what = kind == io::FileKind::stress       ? "a stress test (twinsim stress)"
                     : kind == io::FileKind::sweep      ? "a sweep (twinsim sweep)"
                     : kind == io::FileKind::comparison ? "a comparison (twinsim compare)"
                                                        : "a run file (twinsim run)";
  if (!o.salib.empty() && kind != io::FileKind::sweep)
    throw sim::InputError("--salib " + o.salib + ": SALib's inputs are written for sweep files; " +
                          o.file + " is " + what);
  if (o.lower_is_better && kind != io::FileKind::stress)
    throw sim::InputError("--lower-is-better: ranks the strategies of a stress test; " + o.file +
                          " is " + what);
  Out out(o);
  try {
    if (kind == io::FileKind::stress) return analyze_stress(o, out);
    if (kind == io::FileKind::sweep) return analyze_sweep(o, out);
    if (kind == io::FileKind::comparison) return analyze_comparison(o, out);
    return analyze_runs(o, out);
  } catch (const io::h5::Error& e) {
    // Its root reads, the rest does not (a dataset missing, of another shape or type): the file
    // is damaged or not all TwinSim's. analyze writes no HDF5, so every such error is the input's.
    throw sim::InputError(std::string(e.what()) + "; expected " + what + " as TwinSim writes it");
  }
}

}  // namespace twinsim::app
