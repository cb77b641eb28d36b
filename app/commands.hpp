// The subcommands of `twinsim`. Each registers its options on the parsed command line and runs
// when chosen. Bad input throws sim::InputError (exit status 2); failures while running throw
// other exceptions (exit status 1).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/stop_signals.hpp"
#include "models/model.hpp"
#include "models/parameters.hpp"
#include "models/scenario_file.hpp"
#include "sim/output_files.hpp"
#include "sim/params.hpp"
#include "sim/progress.hpp"
#include "sim/results.hpp"

namespace twinsim::app {

/// `items` joined with `separator` between them.
inline std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

/// Runs `runs` replicates of `p` (replicate r with seed base_seed + r) on `threads` threads into a
/// new result table: the monthly metrics and, when `recording` asks for it, the firm panel. With
/// `signals`, no run starts once a stop was requested (Interrupted is thrown instead).
sim::ResultTable run_replicates(const Params& p, std::size_t runs, std::uint64_t base_seed,
                                const Recording& recording, unsigned threads,
                                sim::Progress* progress, const StopOnSignals* signals = nullptr);
/// What run and compare say when a signal stops them: nothing was written.
inline constexpr const char* kNothingWritten =
    "nothing was written (run and compare write their file once every run is done; a sweep "
    "keeps its finished runs and resumes)";

/// The options every command that runs replicates shares: output file, seeds, overrides, threads.
struct ReplicateOptions {
  std::string output;
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> replicates;
  std::vector<std::string> overrides;
  bool force = false;
  unsigned threads = 0;
  bool check = false;  // --check: the model's invariants every month
};
/// Registers --check (the model's invariants checked every month, models/invariants.hpp).
void add_check_option(CLI::App* cmd, bool& check);
/// The most worker threads -j takes: more would fail to start, part way through, on most machines.
constexpr unsigned kMaxThreads = 1024;
/// Checks an option's value as `--set KEY=VALUE` would check it (the declaration's type and
/// range), so that a bad value is refused by the option that gave it, naming that option.
CLI::Validator scenario_value(const std::string& key);
/// `text` as a whole number: digits only, within unsigned long long; nothing otherwise.
std::optional<unsigned long long> whole_number(const std::string& text);
/// Registers -o/--output (described by `output_help`), --force and -j on `cmd`.
void add_output_options(CLI::App* cmd, std::string& output, bool& force, unsigned& threads,
                        const std::string& output_help);
/// Registers the output options, --check and --seed, --replicates, --set (described by `set_help`).
void add_replicate_options(CLI::App* cmd, ReplicateOptions& o, const std::string& output_help,
                           const std::string& set_help);
/// The overrides with --seed and --replicates added as overrides like any other, so that they are
/// validated the same way and recorded in the resolved scenario stored with the results.
std::vector<std::string> overrides_of(const ReplicateOptions& o);
/// The -j value `requested`, or all cores when it was not given (0).
unsigned worker_threads(unsigned requested);
/// Says (on standard output) which files a killed TwinSim had left that taking `lock` removed.
void say_removed(const sim::OutputLock& lock);

struct RunOptions {
  std::string scenario;
  ReplicateOptions common;
  std::string record;  // "firms" or "firms:EVERY": per-firm panel
};
void add_run_command(CLI::App& app, RunOptions& options);
int run_command(const RunOptions& options);

struct CheckOptions {
  std::string scenario;
  std::vector<std::string> overrides;
};
void add_check_command(CLI::App& app, CheckOptions& options);
int check_command(const CheckOptions& options);

struct DocsOptions {
  std::string what;
};
void add_docs_command(CLI::App& app, DocsOptions& options);
int docs_command(const DocsOptions& options);

struct ValidateOptions {
  std::string scenario;  // base scenario; empty: <scenario_dir>/default.toml
  std::optional<std::int64_t> replicates;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::vector<std::string> only;  // pattern ids; empty: all
  std::string scenario_dir = "scenarios";
  double firm_scale = 1.0;
  double level = 0.9;
  bool strict = false;
  unsigned threads = 0;
};
void add_validate_command(CLI::App& app, ValidateOptions& options);
/// Runs the pattern checks and prints their table; returns 0, or 1 with --strict when a pattern
/// does not hold.
int validate_command(const ValidateOptions& options);

struct CompareOptions {
  std::string scenario;
  std::string against = "no-project";  // or a scenario file
  std::string plot;                    // folder for the figures; empty: none
  ReplicateOptions common;
  bool quiet = false;  // print nothing (twinsim serve's downloads)
};
void add_compare_command(CLI::App& app, CompareOptions& options);
/// Runs both worlds, prints the impact report and writes the comparison file.
int compare_command(const CompareOptions& options);

struct SweepOptions {
  std::string experiment;
  std::string output;
  std::string log;  // failed runs, one line each; empty: none
  bool force = false;
  bool resume = false;  // finish OUTPUT.partial
  unsigned threads = 0;
  bool check = false;  // --check: the model's invariants every month
};
/// Registers what sweep and stress share: -o, --force, -j, --log, --resume and --check.
void add_design_run_options(CLI::App* cmd, SweepOptions& options, const std::string& output_help);
void add_sweep_command(CLI::App& app, SweepOptions& options);
/// Runs every design point of the experiment and writes the sweep file.
int sweep_command(const SweepOptions& options);

struct StressOptions {
  std::vector<std::string> strategies;
  std::string uncertainties;
  SweepOptions run;                  // output, --force, --resume, -j, --log
  std::vector<std::string> metrics;  // regret and outcomes; empty: jobs_south
  bool lower_is_better = false;
};
void add_stress_command(CLI::App& app, StressOptions& options);
/// Runs every strategy under every sampled condition into one file, then prints the stress
/// analysis (analyze_command on that file).
int stress_command(const StressOptions& options);

struct BenchOptions {
  std::vector<std::size_t> firms = {1000, 10000, 100000};
  std::string base = "scenarios/india_2006.toml";
  int months = 120;
  std::string reference = "scenarios";  // "none": skip the reference scenarios
  std::uint64_t seed = 1;
  bool phases = false;   // also: where the time goes, phase by phase
  bool machine = false;  // first: the machine's loop and memory-access costs
};
void add_bench_command(CLI::App& app, BenchOptions& options);
/// Times one run (and measures its peak memory) per size and per reference scenario.
int bench_command(const BenchOptions& options);

struct ServeOptions {
  std::string scenario;  // empty: the teaching scenarios built into the binary
  int port = 8080;
  std::string host = "127.0.0.1";
  std::vector<std::string> allow_hosts;  // names the class's browsers use, besides addresses
  std::size_t max_sessions = 32;
};
void add_serve_command(CLI::App& app, ServeOptions& options);
/// Serves the classroom view until interrupted.
int serve_command(const ServeOptions& options);

struct AnalyzeOptions {
  std::string file;
  std::vector<std::string> metrics;  // empty: the headline metrics
  std::string plot;                  // folder for figures; empty: none
  std::string salib;                 // folder for SALib's inputs (sweeps); empty: none
  std::string report;                // HTML report; empty: none
  bool force = false;
  bool lower_is_better = false;  // stress files: a lower value of the metrics is better
};
void add_analyze_command(CLI::App& app, AnalyzeOptions& options);
/// Prints the ensemble statistics (and KPIs) of an output file, and draws figures with --plot.
/// Throws sim::InputError for a file it cannot read (missing, damaged, foreign, inconsistent).
int analyze_command(const AnalyzeOptions& options);

}  // namespace twinsim::app
