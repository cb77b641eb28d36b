// `twinsim bench`: how fast one run is, and how much memory it takes, for generated scenarios of
// growing size and for the reference scenarios (docs/performance.md). A benchmark, not a test:
// it prints figures, it checks nothing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "models/model.hpp"
#include "sim/error.hpp"
#include "twinsim/version.hpp"

namespace twinsim::app {

void add_bench_command(CLI::App& app, BenchOptions& o) {
  auto* cmd = app.add_subcommand(
      "bench",
      "Time one run and measure its peak memory for scenarios of growing size and for the "
      "reference scenarios (docs/performance.md)");
  cmd->add_option("--firms", o.firms,
                  "Sizes to generate: initial firms of both clusters (default 1000, 10000, "
                  "100000; add 1000000 for the national scale: about 5 minutes)")
      ->delimiter(',');
  cmd->add_option("--base", o.base,
                  "The scenario scaled to each size: every sector's firms in both clusters times "
                  "the same factor (default scenarios/india_2006.toml: three sectors, one of them "
                  "tiered, associations, BDS providers, a donor crisis, the project running)");
  cmd->add_option("--months", o.months, "Months simulated at each size (default 120)")
      ->check(CLI::Range(1, 1200));
  cmd->add_option("--reference", o.reference,
                  "Folder of the reference scenarios timed at their own size and horizon (default "
                  "scenarios; none: skip them)");
  cmd->add_option("--seed", o.seed, "Seed of every run (default 1)");
}

namespace {

// What a child process measured: wall time of the run and the firm-months it simulated.
struct Measured {
  double seconds = 0;
  double firm_months = 0;
  std::size_t firms = 0;  // firms at the start
  long start_kb = 0;      // peak resident memory of the child before the run
  long peak_kb = 0;       // and after it
};

long peak_resident_kb() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Runs `p` once in a child process (so that its peak memory is its own), on one thread.
Measured measure(const Params& p, std::uint64_t seed) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("bench: cannot create a pipe");
  std::fflush(stdout);
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("bench: cannot fork");
  if (child == 0) {
    ::close(fds[0]);
    Measured m;
    for (const SectorParams& s : p.sectors)
      m.firms += static_cast<std::size_t>(s.firms_south + s.firms_north);
    m.start_kb = peak_resident_kb();
    const auto start = std::chrono::steady_clock::now();
    const sim::RunRecord rec = simulate_recorded(p, seed, 0, {});
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Firm-months: the live firms of both clusters, month by month.
    const auto& metrics = rec.series.metrics();
    for (std::size_t k = 0; k < metrics.size(); ++k)
      if (metrics[k].name == "firms_south" || metrics[k].name == "firms_north")
        for (double v : rec.series.series(k)) m.firm_months += v;
    m.peak_kb = peak_resident_kb();
    const bool ok = ::write(fds[1], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
    ::_exit(ok ? 0 : 1);
  }
  ::close(fds[1]);
  Measured m;
  const bool got = ::read(fds[0], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("bench: the run failed (status " + std::to_string(status) + ")");
  return m;
}

// Overrides that scale every sector of `p` so that both clusters start with about `firms` firms.
std::vector<std::string> scaled_to(const Params& p, std::size_t firms, int months) {
  double total = 0;
  for (const SectorParams& s : p.sectors)
    total += static_cast<double>(s.firms_south + s.firms_north);
  std::vector<std::string> out = firm_scale_overrides(p, static_cast<double>(firms) / total);
  out.push_back("horizon_months=" + std::to_string(months));
  return out;
}

void print_row(const std::string& what, const Measured& m, int months) {
  const double peak_mb = static_cast<double>(m.peak_kb) / 1024.0;
  const double per_firm =
      1024.0 * static_cast<double>(m.peak_kb - m.start_kb) / static_cast<double>(m.firms);
  std::printf("| %s | %zu | %d | %.3f | %.2f | %.0f | %.0f | %.0f |\n", what.c_str(), m.firms,
              months, m.seconds, 1000.0 * m.seconds / months, 1e9 * m.seconds / m.firm_months,
              peak_mb, per_firm);
  std::fflush(stdout);
}

}  // namespace

int bench_command(const BenchOptions& o) {
  const LoadedScenario base = load_input(o.base, {});
  std::vector<std::pair<std::string, Params>> sized;
  for (std::size_t n : o.firms) {
    if (n < 10) throw sim::InputError("--firms " + std::to_string(n) + ": at least 10");
    sized.emplace_back(std::to_string(n),
                       load_input(o.base, scaled_to(base.params, n, o.months)).params);
  }
  std::vector<std::pair<std::string, Params>> reference;
  if (o.reference != "none")
    for (const char* name : {"india_2006", "vietnam_2009", "proposed_design"})
      reference.emplace_back(
          name, load_input(std::filesystem::path(o.reference) / (std::string(name) + ".toml"), {})
                    .params);

  std::printf(
      "TwinSim %s (commit %s): one run on one thread per row, in a child process; ns per "
      "firm-month: wall time / the live firms of both clusters summed over the months; peak: the "
      "child's peak resident memory; bytes per firm: its growth during the run / firms at the "
      "start\n\n",
      kVersion, kGitCommit);
  std::printf(
      "| Scenario | Firms | Months | Wall s | ms per month | ns per firm-month | Peak MB "
      "| Bytes per firm |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& [name, p] : sized) print_row("scaled to " + name, measure(p, o.seed), o.months);
  for (const auto& [name, p] : reference)
    print_row(name, measure(p, o.seed), static_cast<int>(p.horizon_months));
  return 0;
}

}  // namespace twinsim::app
