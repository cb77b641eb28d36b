// A progress bar for long work, on standard error, shown only when standard output is a terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace sim {

/// Counts finished units of work ("runs") and redraws one status line at most ten times a second:
/// bar, done/total, rate and time left. Thread-safe. Silent when disabled.
class Progress {
 public:
  /// `enabled` defaults to "stdout and stderr are terminals".
  Progress(std::size_t total, std::string unit, bool enabled = terminal());
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Marks `n` more units as done.
  void advance(std::size_t n = 1);
  /// Erases the status line (called by the destructor too).
  void finish();

  static bool terminal();

 private:
  void draw(bool force);

  std::size_t total_;
  std::string unit_;
  bool enabled_;
  std::atomic<std::size_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex mutex_;
  bool finished_ = false;
};

}  // namespace sim
