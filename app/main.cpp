// twinsim: the command line. Exit status 0 on success, 2 for bad usage or input, 1 for a failure
// while running.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "app/commands.hpp"
#include "sim/error.hpp"
#include "sim/mpi.hpp"
#include "twinsim/version.hpp"

int main(int argc, char** argv) {
  using namespace twinsim::app;
  CLI::App app{
      "TwinSim: agent-based simulation of cluster twinning projects.\n"
      "Start with: twinsim run scenarios/default.toml -o default.h5",
      "twinsim"};
  app.set_version_flag("--version", std::string("twinsim ") + twinsim::kVersion + " (commit " +
                                        twinsim::kGitCommit + ")");
  app.require_subcommand(1);
  // Every error starts as the commands' own do (set before the subcommands, which copy it).
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    return "twinsim: error: " + CLI::FailureMessage::simple(a, e);
  });
  RunOptions run;
  CheckOptions check;
  DocsOptions docs;
  ValidateOptions validate;
  CompareOptions compare;
  SweepOptions sweep;
  StressOptions stress;
  BenchOptions bench;
  AnalyzeOptions analyze;
  ServeOptions serve;
  add_run_command(app, run);
  add_compare_command(app, compare);
  add_sweep_command(app, sweep);
  add_stress_command(app, stress);
  add_analyze_command(app, analyze);
  add_check_command(app, check);
  add_docs_command(app, docs);
  add_validate_command(app, validate);
  add_bench_command(app, bench);
  add_serve_command(app, serve);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // No command, or a misspelt one (CLI11 says only "A subcommand is required"): name it and
    // the commands there are.
    if (e.get_exit_code() != 0 && app.get_subcommands().empty() &&
        (argc == 1 || argv[1][0] != '-')) {
      std::string known;
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        known += (known.empty() ? "" : ", ") + sub->get_name();
      const std::string what =
          argc == 1 ? std::string("no command given") : std::string(argv[1]) + ": no such command";
      std::fprintf(stderr,
                   "twinsim: error: %s (expected one of: %s)\nRun with --help for more "
                   "information.\n",
                   what.c_str(), known.c_str());
      return 2;
    }
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  // Under mpirun or srun only sweeps and stress tests share out their work; any other command
  // would run as N uncoordinated copies writing the same file.
  if (sim::mpi::started() && !app.got_subcommand("sweep") && !app.got_subcommand("stress") &&
      sim::mpi::launched_ranks() > 1) {
    if (sim::mpi::launched_rank() == 0)
      std::fprintf(stderr,
                   "twinsim: error: only `twinsim sweep` and `twinsim stress` run under MPI with "
                   "several ranks; "
                   "start this command without mpirun (it uses the cores of one machine: -j)\n");
    return 2;
  }
  try {
    if (app.got_subcommand("run")) return run_command(run);
    if (app.got_subcommand("compare")) return compare_command(compare);
    if (app.got_subcommand("sweep")) return sweep_command(sweep);
    if (app.got_subcommand("stress")) return stress_command(stress);
    if (app.got_subcommand("analyze")) return analyze_command(analyze);
    if (app.got_subcommand("check")) return check_command(check);
    if (app.got_subcommand("docs")) return docs_command(docs);
    if (app.got_subcommand("validate")) return validate_command(validate);
    if (app.got_subcommand("bench")) return bench_command(bench);
    if (app.got_subcommand("serve")) return serve_command(serve);
  } catch (const Interrupted& e) {
    const char* name = sigabbrev_np(e.signal);  // "INT", "TERM"
    std::fprintf(stderr, "twinsim: interrupted by SIG%s: %s\n", name ? name : "?", e.what());
    return 128 + e.signal;
  } catch (const sim::InputError& e) {
    if (e.diagnostics().empty()) {
      std::fprintf(stderr, "twinsim: error: %s\n", e.what());
    } else {
      for (const auto& d : e.diagnostics())
        std::fprintf(stderr, "%s: error: %s\n", "twinsim", d.to_string().c_str());
      std::fprintf(stderr, "twinsim: %zu problem%s; nothing was simulated\n",
                   e.diagnostics().size(), e.diagnostics().size() == 1 ? "" : "s");
    }
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "twinsim: failed: %s\n", e.what());
    return 1;
  }
  return 2;
}
