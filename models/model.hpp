// One run of the model: parameters and seed in, recorded metrics out. Touches no global state, so
// runs can go on in parallel threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/parameters.hpp"
#include "models/world.hpp"
#include "sim/ensemble.hpp"
#include "sim/recorder.hpp"
#include "sim/schedule.hpp"

namespace twinsim {

#ifdef NDEBUG
inline constexpr bool kDebugBuild = false;
#else
inline constexpr bool kDebugBuild = true;
#endif

/// What a run records beyond the monthly metrics, and whether it checks itself.
struct Recording {
  std::size_t firm_panel_every = 0;  // months between snapshots of every firm; 0: no panel
  // Check the model's invariants every month (models/invariants.hpp; twinsim run --check): a
  // broken one stops the run with InvariantError. Always on in debug builds.
  bool check_invariants = kDebugBuild;
};

/// One run, a month at a time: the world initialised from (p, seed, run), each step() runs the
/// month's schedule and records the metrics (and the panels `recording` asks for). Two runs built
/// with the same seed and run draw the same random numbers wherever their worlds agree, which is
/// what paired comparisons (models/impact.hpp) step side by side. Holds a copy of `p`.
class ModelRun {
 public:
  ModelRun(const Params& p, std::uint64_t seed, std::uint64_t run, const Recording& recording);
  ModelRun(const ModelRun&) = delete;
  ModelRun& operator=(const ModelRun&) = delete;

  std::size_t months() const { return months_; }
  /// Runs month `month` (0-based; months in order) and records it.
  void step(std::size_t month);
  const World& world() const { return world_; }
  /// Starts timing every phase of the schedule, the events and the recording of the metrics
  /// (twinsim bench --phases); from the next step on.
  void time_phases();
  /// Names of the timed parts: the schedule's phases in order, then "events", then "metrics".
  std::vector<std::string> timed_parts() const;
  /// Wall seconds spent in each timed part so far (timed_parts() order; empty unless timed).
  const std::vector<double>& part_seconds() const { return part_seconds_; }
  /// The record; the run is finished after this.
  sim::RunRecord take_record() { return std::move(record_); }

 private:
  Params params_;
  sim::Streams streams_;
  std::size_t months_;
  sim::RunRecord record_;
  std::vector<double> row_;
  World world_;
  sim::Schedule<Context> schedule_;
  Context ctx_;
  bool check_;
  std::vector<double> part_seconds_;  // empty: not timed
};

/// Simulates `p.horizon_months` months with random streams keyed by (seed, run) and returns every
/// metric of metric_specs() recorded at the end of each month.
sim::Recorder simulate(const Params& p, std::uint64_t seed, std::uint64_t run = 0);

/// As simulate, and also the panels `recording` asks for (firm panel: firm_panel_variables()).
sim::RunRecord simulate_recorded(const Params& p, std::uint64_t seed, std::uint64_t run,
                                 const Recording& recording);

}  // namespace twinsim
