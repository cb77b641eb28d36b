// Hands independent runs out to the threads of this process and, in an MPI job, to every rank, one
// at a time since runs differ in length, and brings every outcome back to one place: the calling
// thread of rank 0, which alone keeps the results (docs/sweeps.md). What a run computes depends
// only on its index, so the results are the same for any number of threads or ranks.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "sim/progress.hpp"
#include "sim/run_outcome.hpp"

namespace sim {

namespace mpi {
class Job;
}

struct Dispatch {
  /// Computes run r's values ([metric][step]); a std::exception it throws fails that run alone.
  std::function<std::vector<double>(std::size_t)> compute;
  /// Receives each finished run on rank 0's calling thread, in the order they finish.
  std::function<void(RunOutcome&&)> deliver;
  /// Called on rank 0's calling thread about every `tick_seconds` while runs go on, and once at
  /// the end (to write finished runs in batches).
  std::function<void()> tick;
  double tick_seconds = 1.0;
  /// Threads that compute in this process (>= 1).
  unsigned threads = 1;
  /// When it becomes true, no further run is handed out; the runs in flight still finish and are
  /// delivered (a signal handler may set it).
  const std::atomic<bool>* stop = nullptr;
  Progress* progress = nullptr;
};

/// Computes the runs `todo` (indices, handed out in this order) and delivers each outcome (see
/// Dispatch). Without `job`, or in a job of one rank, everything happens in this process. In a job
/// of several ranks, call it on every rank with the same `todo`: rank 0 hands out the runs,
/// computes with `threads` threads beside that, and receives every outcome; the other ranks compute
/// one run at a time until rank 0 has no more. Returns the number of runs delivered (0 on other
/// ranks).
std::size_t dispatch_runs(std::span<const std::size_t> todo, const Dispatch& d,
                          const mpi::Job* job);

}  // namespace sim
