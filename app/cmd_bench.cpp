// `twinsim bench`: how fast one run is, and how much memory it takes, for generated scenarios of
// growing size and for the reference scenarios (docs/performance.md). A benchmark, not a test:
// it prints figures, it checks nothing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "models/model.hpp"
#include "models/schedule.hpp"
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
      ->delimiter(',')
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            const auto n = whole_number(text);
            if (!n || *n < 10) return "expected whole numbers of firms of at least 10, got " + text;
            return {};
          },
          ""));
  cmd->add_option("--base", o.base,
                  "The scenario scaled to each size: every sector's firms in both clusters times "
                  "the same factor (default scenarios/india_2006.toml: three sectors, one of them "
                  "tiered, associations, BDS providers, a donor crisis, the project running)");
  cmd->add_option("--months", o.months, "Months simulated at each size (default 120)")
      ->check(CLI::Range(1, 1200));
  cmd->add_option("--reference", o.reference,
                  "Folder of the reference scenarios timed at their own size and horizon (default "
                  "scenarios; none: skip them)");
  cmd->add_option("--seed", o.seed, "Seed of every run (default 1)")
      ->check(scenario_value("run.seed"));
  cmd->add_flag("--phases", o.phases,
                "Also time every phase of the month's schedule and the recording of the metrics: "
                "a second table, ns per firm-month by phase and row");
  cmd->add_flag("--machine", o.machine,
                "First measure what the machine charges for the work a model does: a simple "
                "loop's iteration, and a random memory access within 256 KB, 4 MB and 256 MB "
                "(what a link to a firm stored far away costs)");
}

namespace {

// What a child process measured: wall time of the run and the firm-months it simulated.
struct Measured {
  double seconds = 0;
  double firm_months = 0;
  std::size_t firms = 0;  // firms at the start
  long start_kb = 0;      // peak resident memory of the child before the run
  long peak_kb = 0;       // and after it
  // With --phases: seconds per timed part (ModelRun::timed_parts order).
  static constexpr std::size_t kMaxParts = 64;
  std::array<double, kMaxParts> part_seconds{};
  std::size_t parts = 0;
};

long peak_resident_kb() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Runs `p` once in a child process (so that its peak memory is its own), on one thread; with
// `phases`, timing every part of the month.
Measured measure(const Params& p, std::uint64_t seed, bool phases) {
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
    ModelRun run(p, seed, 0, {});
    if (phases) run.time_phases();
    for (std::size_t month = 0; month < run.months(); ++month) run.step(month);
    const sim::RunRecord rec = run.take_record();
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.parts = std::min(run.part_seconds().size(), Measured::kMaxParts);
    std::copy_n(run.part_seconds().begin(), m.parts, m.part_seconds.begin());
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

// The machine's costs, for reading the tables: a loop iteration over slots that skips some (as a
// system's pass over a population does) and a dependent random access (a pointer chase, as a walk
// to a linked firm's data is) within working sets in L2, in L3 and beyond.
void print_machine() {
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  std::printf("The machine: ns per operation (median of 3)\n\n| Operation | ns |\n|---|---|\n");
  auto median3 = [](auto&& f) {
    std::array<double, 3> t{f(), f(), f()};
    std::sort(t.begin(), t.end());
    return t[1];
  };
  {
    std::vector<std::uint8_t> alive(4096);
    for (std::size_t i = 0; i < alive.size(); ++i) alive[i] = i % 3 != 0;
    std::vector<std::uint32_t> out(alive.size());
    const double ns = median3([&] {
      const auto start = Clock::now();
      constexpr int kRepeats = 20000;
      std::uint32_t sum = 0;
      for (int r = 0; r < kRepeats; ++r)
        for (std::size_t i = 0; i < alive.size(); ++i) {
          out[i] = sum;
          if (alive[i]) sum += static_cast<std::uint32_t>(i);
        }
      volatile std::uint32_t keep = sum;
      (void)keep;
      return 1e9 * seconds_since(start) / (kRepeats * static_cast<double>(alive.size()));
    });
    std::printf("| loop over 4096 slots, skipping a third | %.2f |\n", ns);
  }
  for (const std::size_t kb : {256, 4096, 262144}) {
    // One random cycle through every element (Sattolo's shuffle), so that each access depends on
    // the one before it and no prefetcher can guess it.
    std::vector<std::uint32_t> next(kb * 1024 / sizeof(std::uint32_t));
    for (std::size_t i = 0; i < next.size(); ++i) next[i] = static_cast<std::uint32_t>(i);
    std::uint64_t state = 88172645463325252ull;
    for (std::size_t i = next.size() - 1; i > 0; --i) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      std::swap(next[i], next[state % i]);
    }
    const double ns = median3([&] {
      constexpr long kSteps = 5'000'000;
      const auto start = Clock::now();
      std::uint32_t at = 0;
      for (long s = 0; s < kSteps; ++s) at = next[at];
      volatile std::uint32_t keep = at;
      (void)keep;
      return 1e9 * seconds_since(start) / kSteps;
    });
    std::printf("| random dependent access within %zu KB | %.1f |\n", kb, ns);
  }
  std::printf("\n");
  std::fflush(stdout);
}

// Names of the parts ModelRun times: the schedule's phases, the events, the metrics.
std::vector<std::string> timed_parts(const Params& p) {
  std::vector<std::string> names = build_schedule(p).phase_names();
  names.emplace_back("events");
  names.emplace_back("metrics");
  return names;
}

// One row per timed part, one column per measured row: ns per firm-month, and the part's share of
// the run's time; parts under 0.5% in every column are summed into "other".
void print_phases(const std::vector<std::string>& parts,
                  const std::vector<std::pair<std::string, Measured>>& rows) {
  std::printf(
      "\nWhere the time goes: ns per firm-month in each phase (share of the run)\n\n| Phase |");
  for (const auto& [name, m] : rows) std::printf(" %s |", name.c_str());
  std::printf("\n|---|");
  for (std::size_t c = 0; c < rows.size(); ++c) std::printf("---|");
  std::printf("\n");
  auto cell = [](const Measured& m, double seconds) {
    std::printf(" %.0f (%.1f%%) |", 1e9 * seconds / m.firm_months, 100.0 * seconds / m.seconds);
  };
  std::vector<double> other(rows.size(), 0.0);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    bool shown = false;
    for (const auto& [name, m] : rows)
      shown |= k < m.parts && m.part_seconds[k] >= 0.005 * m.seconds;
    if (!shown) {
      for (std::size_t c = 0; c < rows.size(); ++c)
        if (k < rows[c].second.parts) other[c] += rows[c].second.part_seconds[k];
      continue;
    }
    std::printf("| %s |", parts[k].c_str());
    for (const auto& [name, m] : rows) cell(m, k < m.parts ? m.part_seconds[k] : 0.0);
    std::printf("\n");
  }
  std::printf("| other |");
  for (std::size_t c = 0; c < rows.size(); ++c) cell(rows[c].second, other[c]);
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

int bench_command(const BenchOptions& o) {
  const LoadedScenario base = load_input(o.base, {});
  std::vector<std::pair<std::string, Params>> sized;
  for (std::size_t n : o.firms) {
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
  if (o.machine) print_machine();
  std::printf(
      "| Scenario | Firms | Months | Wall s | ms per month | ns per firm-month | Peak MB "
      "| Bytes per firm |\n|---|---|---|---|---|---|---|---|\n");
  std::vector<std::pair<std::string, Measured>> rows;
  for (const auto& [name, p] : sized) {
    rows.emplace_back("scaled to " + name, measure(p, o.seed, o.phases));
    print_row(rows.back().first, rows.back().second, o.months);
  }
  for (const auto& [name, p] : reference) {
    rows.emplace_back(name, measure(p, o.seed, o.phases));
    print_row(rows.back().first, rows.back().second, static_cast<int>(p.horizon_months));
  }
  if (o.phases && !rows.empty()) print_phases(timed_parts(base.params), rows);
  return 0;
}

}  // namespace twinsim::app
