#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/commands.hpp"
#include "models/patterns.hpp"
#include "sim/progress.hpp"
#include "twinsim/version.hpp"

namespace twinsim::app {

void add_validate_command(CLI::App& app, ValidateOptions& o) {
  auto* cmd =
      app.add_subcommand("validate",
                         "Check the model against the review's findings and empirical regularities "
                         "(docs/validation.md): runs each pattern's scenarios and prints a table");
  cmd->add_option("scenario", o.scenario,
                  "Base scenario of the patterns that do not name their own (default: "
                  "SCENARIO_DIR/default.toml)");
  cmd->add_option("--replicates", o.replicates,
                  "Replicates of every variant (default: the base scenario's run.replicates)")
      ->check(scenario_value("run.replicates"));
  cmd->add_option("--seed", o.seed,
                  "Base seed; replicate r of every variant uses seed + r (default: run.seed)")
      ->check(scenario_value("run.seed"));
  cmd->add_option(
         "--set", o.overrides,
         "Override a key in every scenario run, e.g. --set twinning.dissolution_per_year=0.5 "
         "(repeatable)")
      ->type_name("KEY=VALUE");
  cmd->add_option("--only", o.only, "Only these patterns, e.g. --only P1,F1")
      ->delimiter(',')
      ->type_name("ID,...");
  cmd->add_option("--scenario-dir", o.scenario_dir,
                  "Folder of the named scenarios the patterns run (default: scenarios)");
  cmd->add_option("--firm-scale", o.firm_scale,
                  "Multiply every sector's initial firm counts by this factor, in every scenario "
                  "run (e.g. 0.1 for a quick check)")
      ->check(CLI::Range(0.001, 100.0));
  cmd->add_option("--level", o.level, "Confidence level of the intervals (default 0.9)")
      ->check(CLI::Range(0.5, 0.999));
  cmd->add_flag("--strict", o.strict, "Exit with status 1 when a pattern does not hold");
  cmd->add_option("-j,--threads", o.threads,
                  "Worker threads, at most " + std::to_string(kMaxThreads) +
                      " (default: all cores); results do not depend on it")
      ->check(CLI::Range(0u, kMaxThreads));
}

namespace {

// A variant resolved to parameters, and its runs once done.
struct Job {
  analysis::Variant variant;
  Params params;
  sim::ResultTable table;
};

// Overrides that scale every sector's initial firm counts of the scenario at `path`.
std::vector<std::string> scale_overrides(const std::filesystem::path& path,
                                         const std::vector<std::string>& overrides, double scale) {
  if (scale == 1.0) return {};
  return firm_scale_overrides(load_input(path, overrides).params, scale);
}

}  // namespace

int validate_command(const ValidateOptions& o) {
  const std::filesystem::path dir = o.scenario_dir;
  const std::filesystem::path base =
      o.scenario.empty() ? dir / "default.toml" : std::filesystem::path(o.scenario);

  // The patterns asked for; an unknown id lists the valid ones.
  std::vector<const analysis::Pattern*> chosen;
  for (const auto& p : twinsim::patterns())
    if (o.only.empty() || std::find(o.only.begin(), o.only.end(), p.id) != o.only.end())
      chosen.push_back(&p);
  for (const auto& id : o.only) {
    const auto& all = twinsim::patterns();
    if (std::none_of(all.begin(), all.end(), [&](const auto& p) { return p.id == id; })) {
      std::string valid;
      for (const auto& p : all) valid += (valid.empty() ? "" : ", ") + p.id;
      throw sim::InputError("--only " + id + ": no such pattern (valid: " + valid + ")");
    }
  }

  // The distinct variants, each loaded and validated before anything runs.
  const LoadedScenario base_scenario = load_input(base, o.overrides);
  const auto runs =
      static_cast<std::size_t>(o.replicates.value_or(base_scenario.params.run.replicates));
  const auto base_seed = o.seed.value_or(static_cast<std::uint64_t>(base_scenario.params.run.seed));
  if (runs < 2) throw sim::InputError("--replicates must be at least 2 for an interval");
  std::vector<Job> jobs;
  std::map<std::string, std::size_t> job_of;       // variant key -> index into jobs
  std::map<std::string, std::size_t> job_of_toml;  // resolved scenario -> index into jobs
  for (const analysis::Pattern* p : chosen) {
    for (const analysis::Variant& v : p->variants) {
      if (const auto it = job_of.find(v.key()); it != job_of.end()) {
        jobs[it->second].variant.firm_panel |= v.firm_panel;
        continue;
      }
      const std::filesystem::path path = v.scenario.empty() ? base : dir / v.scenario;
      std::vector<std::string> overrides = o.overrides;
      const auto scaled = scale_overrides(path, overrides, o.firm_scale);
      overrides.insert(overrides.end(), scaled.begin(), scaled.end());
      overrides.insert(overrides.end(), v.overrides.begin(), v.overrides.end());
      LoadedScenario loaded = load_input(path, overrides);
      // Variants that resolve to the same scenario (an override restating the file) share runs.
      const auto [same, fresh] =
          job_of_toml.try_emplace(sim::to_toml(schema().param_set(), loaded.values), jobs.size());
      job_of[v.key()] = same->second;
      if (!fresh) {
        jobs[same->second].variant.firm_panel |= v.firm_panel;
        continue;
      }
      jobs.push_back({v, std::move(loaded.params), {}});
    }
  }

  const unsigned threads = worker_threads(o.threads);
  std::printf("TwinSim %s: validate, base scenario %s\n", kVersion, base.string().c_str());
  std::printf(
      "%zu patterns, %zu variants x %zu replicates (seeds %llu..%llu, the same in every "
      "variant), %u thread%s\n",
      chosen.size(), jobs.size(), runs, static_cast<unsigned long long>(base_seed),
      static_cast<unsigned long long>(base_seed + runs - 1), threads, threads == 1 ? "" : "s");
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  {
    sim::Progress progress(jobs.size() * runs, "runs");
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      Job& job = jobs[j];
      const Params& p = job.params;
      const auto months = static_cast<std::size_t>(p.horizon_months);
      std::fprintf(stderr, "[%zu/%zu] %s: %zu runs x %zu months\n", j + 1, jobs.size(),
                   job.variant.key().c_str(), runs, months);
      const Recording recording{job.variant.firm_panel ? std::size_t{1} : std::size_t{0}};
      job.table = run_replicates(p, runs, base_seed, recording, threads, &progress);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<analysis::PatternResult> results;
  for (const analysis::Pattern* p : chosen) {
    std::vector<const sim::ResultTable*> tables;
    for (const analysis::Variant& v : p->variants)
      tables.push_back(&jobs[job_of.at(v.key())].table);
    results.push_back({p, p->evaluate(tables, o.level)});
  }
  const auto held = static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return r.holds(); }));

  std::printf(
      "\nEach measure: mean over %zu replicates and its %g%% t-interval; differences "
      "between variants are paired by seed.\n\n",
      runs, o.level * 100);
  std::fputs(analysis::validation_table(results, o.level).c_str(), stdout);
  std::printf("\n%zu of %zu patterns hold (a pattern holds when all its measures do).\n", held,
              results.size());
  std::printf("Simulated in %.1f s. Patterns and criteria: docs/validation.md\n", seconds);
  return o.strict && held < results.size() ? 1 : 0;
}

}  // namespace twinsim::app
