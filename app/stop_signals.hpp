// SIGINT (Ctrl-C) and SIGTERM (kill, a batch system's time limit) during long work: the first asks
// the work to stop once the runs in flight have finished; a second ends the process at once.
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>

namespace twinsim::app {

/// A command stopped by SIGINT or SIGTERM with nothing worth keeping (run and compare write their
/// file only once every run is done). main prints "interrupted by SIG...: " + what(), exit status
/// 128 + signal.
struct Interrupted : std::runtime_error {
  Interrupted(int number, const std::string& what) : std::runtime_error(what), signal(number) {}
  int signal;
};

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
  /// Throws Interrupted(signal(), what) once a signal has been received.
  void throw_if_requested(const std::string& what) const;
};

}  // namespace twinsim::app
