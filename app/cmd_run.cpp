#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <thread>

#include "analysis/logframe.hpp"
#include "analysis/summary.hpp"
#include "app/commands.hpp"
#include "io/result_file.hpp"
#include "models/memory_check.hpp"
#include "models/model.hpp"
#include "models/observables.hpp"
#include "sim/ensemble.hpp"
#include "sim/progress.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "twinsim/version.hpp"

namespace twinsim::app {

void add_run_command(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand(
      "run", "Run a scenario's replicates, print a summary and write an HDF5 file");
  cmd->add_option("scenario", o.scenario,
                  "Scenario file (.toml), or a TwinSim .h5 file to re-run exactly what produced it")
      ->required();
  add_replicate_options(
      cmd, o.common,
      "HDF5 file to write (default: the scenario's file name with .h5, in the current folder)",
      "Override a scenario key, e.g. --set market.growth_per_year=-0.02 (repeatable)");
  cmd->add_option("--record", o.record,
                  "Also write every firm's state every EVERY months (default 12) under "
                  "/agents/firms (docs/output-format.md)")
      ->type_name("firms[:EVERY]");
}

void add_output_options(CLI::App* cmd, std::string& output, bool& force, unsigned& threads,
                        const std::string& output_help) {
  cmd->add_option("-o,--output", output, output_help);
  cmd->add_flag("--force", force, "Overwrite the output file if it exists");
  cmd->add_option("-j,--threads", threads,
                  "Worker threads, at most " + std::to_string(kMaxThreads) +
                      " (default: all cores); results do not depend on it")
      ->check(CLI::Range(0u, kMaxThreads));
}

CLI::Validator scenario_value(const std::string& key) {
  return CLI::Validator(
      [key](std::string& text) -> std::string {
        try {
          (void)sim::parse_scenario("", key, schema().param_set(), {key + "=" + text});
        } catch (const sim::InputError& e) {
          return e.diagnostics().empty() ? e.what() : e.diagnostics().front().message;
        }
        return {};
      },
      "");
}

std::optional<unsigned long long> whole_number(const std::string& text) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
    return std::nullopt;
  try {
    return std::stoull(text);
  } catch (const std::out_of_range&) {
    return std::nullopt;
  }
}

void add_check_option(CLI::App* cmd, bool& check) {
  cmd->add_flag("--check", check,
                "Check the model's accounting identities and bounds every month (docs/model.md, "
                "Invariants); a broken one fails the run. Always on in debug builds");
}

void add_replicate_options(CLI::App* cmd, ReplicateOptions& o, const std::string& output_help,
                           const std::string& set_help) {
  add_output_options(cmd, o.output, o.force, o.threads, output_help);
  add_check_option(cmd, o.check);
  cmd->add_option("--seed", o.seed, "Base random seed; replicate r uses seed + r (sets run.seed)")
      ->check(scenario_value("run.seed"));
  cmd->add_option("--replicates", o.replicates, "Number of replicates (sets run.replicates)")
      ->check(scenario_value("run.replicates"));
  cmd->add_option("--set", o.overrides, set_help)->type_name("KEY=VALUE");
}

std::vector<std::string> overrides_of(const ReplicateOptions& o) {
  std::vector<std::string> overrides = o.overrides;
  if (o.seed) overrides.push_back("run.seed=" + std::to_string(*o.seed));
  if (o.replicates) overrides.push_back("run.replicates=" + std::to_string(*o.replicates));
  return overrides;
}

unsigned worker_threads(unsigned requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

void say_removed(const sim::OutputLock& lock) {
  for (const std::filesystem::path& file : lock.removed())
    std::printf("Removed %s, the temporary file of a TwinSim that was killed while writing %s\n",
                file.string().c_str(), lock.output().string().c_str());
}

namespace {
// "firms" or "firms:EVERY" -> months between snapshots (0 when nothing is asked).
std::size_t firm_panel_every(const std::string& record) {
  if (record.empty()) return 0;
  const std::string prefix = "firms";
  if (record == prefix) return 12;
  if (record.rfind(prefix + ":", 0) == 0) {
    const auto n = whole_number(record.substr(prefix.size() + 1));
    if (n && *n >= 1 && *n <= 1200) return static_cast<std::size_t>(*n);
  }
  throw sim::InputError(
      "--record " + record +
      ": expected firms or firms:EVERY with EVERY a number of months in [1, 1200]");
}
}  // namespace

sim::ResultTable run_replicates(const Params& p, std::size_t runs, std::uint64_t base_seed,
                                const Recording& recording, unsigned threads,
                                sim::Progress* progress, const StopOnSignals* signals) {
  const auto months = static_cast<std::size_t>(p.horizon_months);
  sim::ResultTable table;
  table.resize(metric_specs(), runs, months);
  for (std::size_t m = 0; m < months; ++m) table.time[m] = static_cast<double>(m + 1);
  for (std::size_t r = 0; r < runs; ++r) table.seeds[r] = sim::replicate_seed(base_seed, r);
  if (recording.firm_panel_every > 0) {
    table.panels.resize(1);
    table.panels[0].resize("firms", firm_panel_variables(), recording.firm_panel_every, months,
                           runs);
  }
  sim::run_ensemble(
      table, threads,
      [&](std::size_t r) {
        if (signals) signals->throw_if_requested(kNothingWritten);
        return simulate_recorded(p, table.seeds[r], 0, recording);
      },
      progress);
  return table;
}

int run_command(const RunOptions& o) {
  Recording recording{firm_panel_every(o.record)};
  recording.check_invariants |= o.common.check;
  const LoadedScenario s = load_input(o.scenario, overrides_of(o.common));

  std::filesystem::path output = o.common.output;
  if (output.empty()) output = std::filesystem::path(o.scenario).stem().string() + ".h5";
  sim::check_output_path(output, o.common.force);
  // Held until the file is written: one TwinSim at a time writes an output.
  const sim::OutputLock lock(output);

  const Params& p = s.params;
  const auto runs = static_cast<std::size_t>(p.run.replicates);
  const auto months = static_cast<std::size_t>(p.horizon_months);
  const auto base_seed = static_cast<std::uint64_t>(p.run.seed);
  const unsigned threads = worker_threads(o.common.threads);
  check_replicates_memory(s.source, p, nullptr, runs, threads, recording.firm_panel_every);

  std::printf("TwinSim %s: scenario '%s' (%s)\n", kVersion, p.scenario.name.c_str(),
              s.source.c_str());
  std::printf("%zu replicate%s x %zu months, seeds %llu..%llu, %u thread%s\n", runs,
              runs == 1 ? "" : "s", months, static_cast<unsigned long long>(base_seed),
              static_cast<unsigned long long>(base_seed + runs - 1), threads,
              threads == 1 ? "" : "s");
  say_removed(lock);
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  sim::ResultTable table;
  const StopOnSignals signals;
  {
    sim::Progress progress(runs, "runs");
    table = run_replicates(p, runs, base_seed, recording, threads, &progress, &signals);
  }
  signals.throw_if_requested(kNothingWritten);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The logframe's KPIs within the horizon become the file's targets (/logframe).
  std::vector<std::string> beyond;
  table.targets = logframe_targets(p, months, &beyond);

  const sim::RunSetMeta meta{p.scenario.name, sim::to_toml(schema().param_set(), s.values),
                             base_seed, kVersion, kGitCommit};
  // A signal while the file is being written abandons it: the existing file stays as it was.
  io::write_result_file(lock, table, meta, o.common.force,
                        [&] { signals.throw_if_requested(kNothingWritten); });

  std::vector<std::string> names(summary_metrics().begin(), summary_metrics().end());
  std::printf(
      "\nMeans over %zu replicate%s at the end of month 1 and month %zu; 90%% interval at month "
      "%zu:\n\n",
      runs, runs == 1 ? "" : "s", months, months);
  std::fputs(analysis::summary_table(table, names).c_str(), stdout);
  if (!p.kpis.empty()) {
    std::printf(
        "\nLogframe: each KPI against its target (mean and 90%% interval over replicates):\n\n");
    if (!table.targets.empty())
      std::fputs(analysis::logframe_table(table, table.targets).c_str(), stdout);
    if (!beyond.empty())
      std::printf("Not measured, beyond the %zu-month horizon: %s\n", months,
                  join(beyond, ", ").c_str());
  }
  std::printf("\nSimulated in %.2f s. Wrote %s: %zu metrics x %zu runs x %zu months\n", seconds,
              output.string().c_str(), table.metrics.size(), runs, months);
  std::printf("(layout: docs/output-format.md; re-run exactly with: twinsim run %s -o again.h5)\n",
              output.string().c_str());
  return 0;
}

}  // namespace twinsim::app
