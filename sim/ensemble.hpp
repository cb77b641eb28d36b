// Runs a set of independent runs on several threads. Each run writes only its own rows of the
// result table, so the result is the same for any thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/output.hpp"
#include "sim/progress.hpp"
#include "sim/recorder.hpp"

namespace sim {

/// Calls `run(r)` for r = 0..runs-1 on `threads` worker threads (>= 1; runs are handed out one at
/// a time, since they differ in length) and stores each returned Recorder in `table` (already
/// resized to runs x steps with the same metrics). The first exception thrown by a run stops the
/// hand-out and is rethrown here after all workers have joined.
inline void run_ensemble(ResultTable& table, unsigned threads,
                         const std::function<Recorder(std::size_t)>& run, Progress* progress) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    while (!failed) {
      const std::size_t r = next++;
      if (r >= table.runs) return;
      try {
        const Recorder rec = run(r);
        for (std::size_t m = 0; m < table.metrics.size(); ++m) {
          const auto src = rec.series(m);
          std::copy(src.begin(), src.end(), table.series(m, r).begin());
        }
        if (progress) progress->advance();
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const unsigned n = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(table.runs)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace sim
