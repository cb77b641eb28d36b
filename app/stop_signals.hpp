// SIGINT (Ctrl-C) and SIGTERM (kill, a batch system's time limit) during long work: the first asks
// the work to stop once the runs in flight have finished; a second ends the process at once.
#pragma once

#include <atomic>

namespace twinsim::app {

/// Installs the handlers for its lifetime (one at a time per process) and restores the previous
/// ones when destroyed.
class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  /// Becomes true at the first signal.
  const std::atomic<bool>& requested() const;
  /// The first signal received (SIGINT or SIGTERM), 0 when none.
  int signal() const;
};

}  // namespace twinsim::app
