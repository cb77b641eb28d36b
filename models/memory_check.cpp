#include "models/memory_check.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "models/memory.hpp"
#include "models/scenario_file.hpp"
#include "sim/error.hpp"
#include "sim/memory.hpp"

namespace twinsim {
namespace {

// The process itself: code, libraries, HDF5's caches (measured: 23 MB of peak RSS for a run of 50
// firms).
constexpr double kProcessBytes = 32.0 * (1 << 20);
// What a sweep or stress test keeps per run besides its point: its row of the layout and of the
// partial file's bookkeeping (measured: 255 B per run, 2e4 points of 1 and 4 replicates).
constexpr double kBytesPerDesignRun = 256;
// Address space reserved per byte used: room for the population to double, malloc's arenas and
// thread stacks (measured: the least RLIMIT_AS a run of 3e5 to 1e6 firms completes under is 1.2
// times its estimate).
constexpr double kAddressSpacePerByte = 1.25;

std::string count(double n) {
  char text[32];
  std::snprintf(text, sizeof text, n < 1e6 ? "%.0f" : "%.2g", n);
  return text;
}

std::string plural(double n, const std::string& one, const std::string& many) {
  return count(n) + " " + (n == 1 ? one : many);
}

// The world of `p` in words: "64 sectors, 6.4e+08 firms".
std::string world_words(const Params& p) {
  return plural(static_cast<double>(p.sectors.size()), "sector", "sectors") + ", " +
         plural(initial_firms(p), "firm", "firms");
}

// What `bytes` of memory take of `limit`: under an address-space limit, what is reserved too.
double counted(double bytes, const sim::MemoryLimit& limit) {
  return limit.address_space ? bytes * kAddressSpacePerByte : bytes;
}

// Refuses when `need` bytes (said as `parts`) do not fit `limit`, with `hints` on what would.
void check(const std::string& source, const std::string& what, double need,
           const sim::MemoryLimit& limit, const std::string& parts,
           const std::vector<std::string>& hints) {
  if (counted(need, limit) <= limit.bytes) return;
  std::string message =
      source + ": this " + what + " needs about " + sim::format_bytes(counted(need, limit)) +
      (limit.address_space ? " of address space" : "") + " (" + parts + "), " +
      (limit.what == "physical memory" ? "this machine has " : "this process may use ") +
      sim::format_bytes(limit.bytes) + " (" + limit.what + ")";
  for (std::size_t i = 0; i < hints.size(); ++i) message += (i ? " or " : "; ") + hints[i];
  throw sim::InputError(message);
}

}  // namespace

void check_replicates_memory(const std::string& source, const Params& p, const Params* against,
                             std::size_t runs, unsigned threads, std::size_t panel_every) {
  const sim::MemoryLimit limit = sim::memory_limit();
  const double at_once = static_cast<double>(
      std::max<std::size_t>(1, std::min<std::size_t>(threads, std::max<std::size_t>(runs, 1))));
  const double per_thread = world_bytes(p) + (against ? world_bytes(*against) : 0);
  const double worlds = at_once * per_thread;
  const double results =
      static_cast<double>(runs) * run_results_bytes(p, panel_every, against != nullptr);
  std::string parts = world_words(p);
  if (against && world_bytes(*against) != world_bytes(p))
    parts += ", against " + world_words(*against);
  const double n = at_once * (against ? 2 : 1);
  parts += ": " + sim::format_bytes(worlds) + " for " + plural(n, "world", "worlds") +
           (n > 1 ? std::string(" at once, ") + (against ? "2" : "one") + " per thread" : "") +
           "; " + sim::format_bytes(results) + " for the results of " +
           plural(static_cast<double>(runs), "run", "runs");
  std::vector<std::string> hints;
  if (worlds >= results) hints.push_back("fewer firms");
  if (results > worlds)
    hints.push_back(panel_every > 0 ? "fewer replicates, fewer months or a sparser --record firms"
                                    : "fewer replicates or fewer months");
  if (at_once > 1 && counted(kProcessBytes + per_thread + results, limit) <= limit.bytes)
    hints.push_back("-j 1");
  check(source, "scenario", kProcessBytes + worlds + results, limit, parts, hints);
}

void check_design_memory(const std::string& source, const std::string& what, const Params& p,
                         double points, double runs, std::size_t factors) {
  const double bytes = points * design_point_bytes(p, factors) + runs * kBytesPerDesignRun;
  check(source, what, kProcessBytes + bytes, sim::memory_limit(),
        plural(points, "design point", "design points") + " of a scenario of " +
            plural(static_cast<double>(p.sectors.size()), "sector", "sectors") + ", " +
            plural(runs, "run", "runs") + ", held for the whole " + what,
        {"fewer design points (samples, or levels of a grid) or fewer replicates"});
}

void check_design_runs_memory(const std::string& source, const std::string& what,
                              const Experiment& e, unsigned threads) {
  if (e.point_params.empty()) return;
  const Params* largest = &e.point_params.front();
  double held = static_cast<double>(e.point_params.size() * e.replicates) * kBytesPerDesignRun;
  for (const Params& p : e.point_params) {
    held += design_point_bytes(p, e.factors.size());
    if (world_bytes(p) > world_bytes(*largest)) largest = &p;
  }
  const sim::MemoryLimit limit = sim::memory_limit();
  const double at_once = std::max(1u, threads);
  const double worlds = at_once * world_bytes(*largest);
  std::vector<std::string> hints = {"fewer firms"};
  if (at_once > 1 && counted(kProcessBytes + held + world_bytes(*largest), limit) <= limit.bytes)
    hints.push_back("-j 1");
  check(source, what, kProcessBytes + held + worlds, limit,
        "its largest world: " + world_words(*largest) + ": " + sim::format_bytes(worlds) + " for " +
            plural(at_once, "world", "worlds") + (at_once > 1 ? " at once, one per thread" : "") +
            "; " + sim::format_bytes(held) + " for its design points",
        hints);
}

}  // namespace twinsim
