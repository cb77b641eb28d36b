// `twinsim compare`: an intervention world against its counterfactual, replicate by replicate on
// the same random streams, and the additionality accounting of the difference (docs/impact.md).
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "analysis/impact.hpp"
#include "analysis/plots.hpp"
#include "app/commands.hpp"
#include "io/file_kind.hpp"
#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "models/impact.hpp"
#include "models/memory_check.hpp"
#include "models/observables.hpp"
#include "models/patterns.hpp"
#include "sim/ensemble.hpp"
#include "sim/rng.hpp"
#include "twinsim/version.hpp"

namespace twinsim::app {

namespace {
constexpr const char* kNoProject = "no-project";
}  // namespace

void add_compare_command(CLI::App& app, CompareOptions& o) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Run a scenario against its counterfactual on the same random numbers and report what the "
      "project added, for whom and at whose expense (docs/impact.md)");
  cmd->add_option("scenario", o.scenario, "Scenario file (.toml): the intervention world")
      ->required();
  cmd->add_option("--against", o.against,
                  "The counterfactual: no-project (the same scenario with project.enabled=false) "
                  "or another scenario file with the same horizon")
      ->default_str(kNoProject);
  cmd->add_option("--plot", o.plot,
                  "Also draw the figures (PNG and SVG, with gnuplot) into this folder: jobs in "
                  "both worlds, the displacement ratio, the net effect, links (docs/impact.md)")
      ->type_name("DIR");
  add_replicate_options(cmd, o.common,
                        "HDF5 file to write (default: the scenario's file name with _compare.h5, "
                        "in the current folder)",
                        "Override a key in both worlds, e.g. --set market.growth_per_year=-0.05 "
                        "(repeatable)");
}

namespace {

// The series of one outcome of one group, run r: a view into the group's [month][outcome] sums.
std::vector<double> column(const GroupSeries& g, std::size_t outcome, std::size_t months) {
  std::vector<double> v(months);
  for (std::size_t m = 0; m < months; ++m) v[m] = g.at(m, outcome);
  return v;
}

analysis::GroupTotals totals(const PairedSums& s, std::size_t outcome, std::size_t months) {
  return {column(s.clients_intervention, outcome, months),
          column(s.clients_counterfactual, outcome, months),
          column(s.clients_baseline, outcome, months),
          column(s.south_intervention, outcome, months),
          column(s.south_counterfactual, outcome, months),
          column(s.north_intervention, outcome, months),
          column(s.north_counterfactual, outcome, months)};
}

sim::ResultTable new_table(std::size_t runs, std::size_t months, std::uint64_t base_seed) {
  sim::ResultTable table;
  table.resize(metric_specs(), runs, months);
  for (std::size_t m = 0; m < months; ++m) table.time[m] = static_cast<double>(m + 1);
  for (std::size_t r = 0; r < runs; ++r) table.seeds[r] = sim::replicate_seed(base_seed, r);
  return table;
}

const char* component_description(const std::string& c) {
  if (c == "gross")
    return "The clients' value minus their value at the baseline (intervention world)";
  if (c == "deadweight")
    return "The same firms' value in the counterfactual world minus their value at the baseline";
  if (c == "additional")
    return "The clients' value, intervention minus counterfactual (gross - deadweight)";
  if (c == "displacement")
    return "The other southern firms' value, counterfactual minus intervention (their loss; "
           "negative: a gain)";
  if (c == "net")
    return "All southern firms' value, intervention minus counterfactual (gross - deadweight - "
           "displacement)";
  if (c == "displacement_ratio")
    return "displacement / additional when additional > 0, else NaN: the share of the clients' "
           "additional gain offset by the other firms' loss";
  return "All northern firms' value, intervention minus counterfactual (the effect outside the "
         "target cluster)";
}

void write_impact(const io::h5::Group& impact, const std::vector<analysis::OutcomeImpact>& out,
                  const std::vector<PairedSums>& sums, const std::vector<std::size_t>& ends,
                  std::size_t months) {
  const std::size_t runs = sums.size();
  impact.create_soft_link("run", "/intervention/run");
  impact.create_soft_link("time", "/intervention/time");
  const io::h5::Dataset run = impact.open_dataset("run");
  const io::h5::Dataset time = impact.open_dataset("time");
  const std::vector<std::size_t> shape = {runs, months};
  std::vector<double> data(runs * months);
  auto put = [&](const std::string& name, const std::string& unit, const std::string& what) {
    const io::h5::Dataset d = impact.write_dataset(name, data, shape);
    d.write_attribute("units", unit);
    d.write_attribute("description", what);
    d.attach_scale(run, 0);
    d.attach_scale(time, 1);
  };
  const auto& names = analysis::impact_component_names();
  for (std::size_t k = 0; k < out.size(); ++k) {
    const analysis::OutcomeImpact& o = out[k];
    for (std::size_t c = 0; c < names.size(); ++c) {
      for (std::size_t r = 0; r < runs; ++r) {
        const auto& v = analysis::component(o.runs[r], c);
        std::copy(v.begin(), v.end(), data.begin() + static_cast<std::ptrdiff_t>(r * months));
      }
      put(o.name + "_" + names[c], names[c] == "displacement_ratio" ? "1" : o.unit,
          std::string(impact_outcomes()[k].description) + ": " + component_description(names[c]));
    }
    const std::pair<const char*, GroupSeries PairedSums::*> groups[] = {
        {"clients_intervention", &PairedSums::clients_intervention},
        {"clients_counterfactual", &PairedSums::clients_counterfactual},
        {"clients_baseline", &PairedSums::clients_baseline},
        {"south_intervention", &PairedSums::south_intervention},
        {"south_counterfactual", &PairedSums::south_counterfactual},
        {"north_intervention", &PairedSums::north_intervention},
        {"north_counterfactual", &PairedSums::north_counterfactual}};
    for (const auto& [group, member] : groups) {
      for (std::size_t r = 0; r < runs; ++r)
        for (std::size_t m = 0; m < months; ++m) data[r * months + m] = (sums[r].*member).at(m, k);
      put(o.name + "_" + group, o.unit,
          std::string(impact_outcomes()[k].description) + ", summed over " + group);
    }
  }
  // Per run, a month on the time axis (1-based).
  auto put_month = [&](const char* name, auto month_of, const char* what) {
    std::vector<std::int64_t> month(runs);
    for (std::size_t r = 0; r < runs; ++r) month[r] = static_cast<std::int64_t>(month_of(r) + 1);
    const io::h5::Dataset d = impact.write_dataset(name, month);
    d.write_attribute("units", "months");
    d.write_attribute("description", what);
    d.attach_scale(run, 0);
  };
  put_month(
      "project_end_month", [&](std::size_t r) { return ends[r]; },
      "Month (on the time axis) at whose end each run's project effects are read: the last "
      "month before its project ended, or the horizon");
  put_month(
      "baseline_month", [&](std::size_t r) { return sums[r].baseline_month; },
      "Month (on the time axis) at whose end the clients' baseline is taken: the month "
      "before the project starts");
}

}  // namespace

int compare_command(const CompareOptions& o) {
  // What a user reads; nothing when quiet (the file is the same).
  auto say = [&o](const char* format, auto... args) {
    if (!o.quiet) std::printf(format, args...);
  };
  const std::vector<std::string> overrides = overrides_of(o.common);
  const LoadedScenario with = load_input(o.scenario, overrides);
  const Params& p = with.params;
  std::vector<std::string> other = overrides;
  // The counterfactual runs the intervention's replicates and seeds, whatever its file says.
  other.push_back("run.seed=" + std::to_string(p.run.seed));
  other.push_back("run.replicates=" + std::to_string(p.run.replicates));
  const bool no_project = o.against == kNoProject;
  if (no_project) other.push_back("project.enabled=false");
  const LoadedScenario without = load_input(no_project ? o.scenario : o.against, other);
  const Params& q = without.params;
  if (q.horizon_months != p.horizon_months)
    throw sim::InputError(o.against + ": horizon_months is " + std::to_string(q.horizon_months) +
                          ", the intervention's (" + o.scenario + ") " +
                          std::to_string(p.horizon_months) +
                          ": the two worlds must have the same horizon");

  std::filesystem::path output = o.common.output;
  if (output.empty()) output = std::filesystem::path(o.scenario).stem().string() + "_compare.h5";
  sim::check_output_path(output, o.common.force);
  std::optional<std::filesystem::path> gnuplot;
  if (!o.plot.empty()) {
    gnuplot = analysis::find_gnuplot();
    if (!gnuplot)
      throw sim::InputError("--plot " + o.plot +
                            ": gnuplot is not on PATH; install it with apt-get install gnuplot-nox "
                            "(scripts/setup.sh does)");
    for (const std::string& name : analysis::plot_file_names()) {
      const std::filesystem::path file = std::filesystem::path(o.plot) / name;
      sim::check_output_kind(file);  // a regular file or nothing, even with --force
      if (std::filesystem::exists(file) && !o.common.force)
        throw sim::InputError(file.string() + ": exists; pass --force to overwrite the figures");
    }
    sim::check_output_folder(o.plot, "--plot " + o.plot);
  }
  // Held until the file is written: one TwinSim at a time writes an output.
  const sim::OutputLock lock(output);

  const auto runs = static_cast<std::size_t>(p.run.replicates);
  const auto months = static_cast<std::size_t>(p.horizon_months);
  const auto base_seed = static_cast<std::uint64_t>(p.run.seed);
  const unsigned threads = worker_threads(o.common.threads);
  check_replicates_memory(with.source, p, &q, runs, threads, 0);
  Recording recording;
  recording.check_invariants |= o.common.check;
  const std::string against_name =
      no_project ? "no project (" + p.scenario.name + " with project.enabled=false)"
                 : "'" + q.scenario.name + "' (" + o.against + ")";
  say("TwinSim %s: compare '%s' (%s) against %s\n", kVersion, p.scenario.name.c_str(),
      with.source.c_str(), against_name.c_str());
  say("%zu replicate%s x %zu months, seeds %llu..%llu, each run in both worlds on the same "
      "random streams, %u thread%s\n",
      runs, runs == 1 ? "" : "s", months, static_cast<unsigned long long>(base_seed),
      static_cast<unsigned long long>(base_seed + runs - 1), threads, threads == 1 ? "" : "s");
  if (!p.project.enabled)
    say("Note: the intervention scenario has no project (project.enabled=false): it has "
        "no clients, so every effect on clients is 0.\n");
  if (!o.quiet) say_removed(lock);
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  sim::ResultTable table_with = new_table(runs, months, base_seed);
  sim::ResultTable table_without = new_table(runs, months, base_seed);
  std::vector<PairedSums> sums(runs);
  // Not when quiet: twinsim serve's downloads run inside the server, which handles its signals.
  std::optional<StopOnSignals> signals;
  if (!o.quiet) signals.emplace();
  {
    sim::Progress progress(runs, "runs", !o.quiet && sim::Progress::terminal());
    sim::for_each_run(
        runs, threads,
        [&](std::size_t r) {
          if (signals) signals->throw_if_requested(kNothingWritten);
          PairedRecord rec = simulate_pair(p, q, table_with.seeds[r], 0, recording);
          sim::store_run(table_with, r, std::move(rec.intervention));
          sim::store_run(table_without, r, std::move(rec.counterfactual));
          sums[r] = std::move(rec.sums);
        },
        &progress);
  }
  if (signals) signals->throw_if_requested(kNothingWritten);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<analysis::OutcomeImpact> outcomes;
  for (std::size_t k = 0; k < kImpactOutcomes; ++k) {
    analysis::OutcomeImpact oi{impact_outcomes()[k].name, impact_outcomes()[k].unit, {}};
    for (std::size_t r = 0; r < runs; ++r)
      oi.runs.push_back(analysis::account_impact(totals(sums[r], k, months)));
    outcomes.push_back(std::move(oi));
  }
  analysis::ReportMonths at;
  at.horizon = months - 1;
  for (std::size_t r = 0; r < runs; ++r) {
    const std::size_t end = twinsim::project_last_step(table_with, r);
    at.project_end.push_back(end < months ? end : months - 1);
  }

  const sim::RunSetMeta meta_with{p.scenario.name, sim::to_toml(schema().param_set(), with.values),
                                  base_seed, kVersion, kGitCommit};
  const sim::RunSetMeta meta_without{q.scenario.name,
                                     sim::to_toml(schema().param_set(), without.values), base_seed,
                                     kVersion, kGitCommit};
  // A signal while the file is being written abandons it: the existing file stays as it was.
  const auto before_publish = [&] {
    if (signals) signals->throw_if_requested(kNothingWritten);
  };
  io::write_file_atomically(
      lock, output, o.common.force,
      [&](const io::h5::File& file) {
        file.write_attribute("format", io::kCompareFormat);
        file.write_attribute("program_version", std::string_view(kVersion));
        file.write_attribute("git_commit", std::string_view(kGitCommit));
        file.write_attribute("scenario_name", p.scenario.name);
        file.write_attribute("against", no_project ? std::string(kNoProject) : o.against);
        file.write_attribute("base_seed", base_seed);
        io::write_results(file.create_group("intervention"), table_with, meta_with);
        io::write_results(file.create_group("counterfactual"), table_without, meta_without);
        write_impact(file.create_group("impact"), outcomes, sums, at.project_end, months);
      },
      before_publish);

  const std::size_t baseline = sums.empty() ? months : sums.front().baseline_month;
  const std::string baseline_text =
      baseline < months ? "the clients at the end of month " + std::to_string(baseline + 1) +
                              ", before the project started"
                        : "none: the project does not start within the horizon";
  say("\nWhat the project added to the southern cluster: mean over %zu replicate%s [90%% interval "
      "of the mean].\nClients: the firms the project assisted (in the counterfactual, the same "
      "firms); others: every other southern firm.\nBaseline: %s. Formulas: docs/impact.md\n\n",
      runs, runs == 1 ? "" : "s", baseline_text.c_str());
  if (!o.quiet) std::fputs(analysis::impact_report(outcomes, at, months).c_str(), stdout);
  say("Simulated in %.2f s. Wrote %s: /intervention, /counterfactual (standard layout), "
      "/impact (docs/impact.md)\n",
      seconds, output.string().c_str());
  if (gnuplot) {
    std::fflush(stdout);
    analysis::JobsFigures jobs;
    for (std::size_t r = 0; r < runs; ++r)
      jobs.totals.push_back(totals(sums[r], kImpactJobs, months));
    jobs.impact = outcomes[kImpactJobs].runs;
    jobs.cooperation = outcomes[kImpactCooperation].runs;
    jobs.cross_border = outcomes[kImpactCrossBorder].runs;
    jobs.project_start = static_cast<std::size_t>(std::max<std::int64_t>(0, p.project.start_month));
    std::vector<std::size_t> ends = at.project_end;
    std::nth_element(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(ends.size() / 2),
                     ends.end());
    jobs.project_end = ends[ends.size() / 2];
    analysis::PlotCaption caption;
    caption.scenario = p.scenario.name;
    caption.against = no_project ? "no project" : q.scenario.name;
    caption.against_no_project = no_project;
    caption.replicates = runs;
    caption.program = std::string("TwinSim ") + kVersion;
    analysis::plot_comparison(o.plot, *gnuplot, jobs, caption);
    say("Figures (PNG and SVG) in %s: jobs, displacement_ratio, net_effect, links\n",
        o.plot.c_str());
  }
  return 0;
}

}  // namespace twinsim::app
