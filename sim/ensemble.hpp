// Runs a set of independent runs on several threads. Each run writes only its own rows of the
// result table, so the result is the same for any thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/output.hpp"
#include "sim/panel.hpp"
#include "sim/progress.hpp"
#include "sim/recorder.hpp"

namespace sim {

/// What one run hands back: its time series and its per-agent panels, one per entry of the
/// result table's `panels`, in the same order.
struct RunRecord {
  Recorder series;
  std::vector<PanelRecorder> panels;
};

/// Calls `run(r)` for r = 0..runs-1 on `threads` worker threads (>= 1; runs are handed out one at
/// a time, since they differ in length), copies each returned series into `table` (already
/// resized to runs x steps with the same metrics) and moves each panel into `table.panels[p]`
/// (already resized to the same runs; PanelTable::store checks that the panel matches). The first
/// exception thrown by a run, or by a mismatch, stops the hand-out and is rethrown here after all
/// workers have joined.
inline void run_ensemble(ResultTable& table, unsigned threads,
                         const std::function<RunRecord(std::size_t)>& run, Progress* progress) {
  for (const PanelTable& panel : table.panels) {
    if (panel.runs.size() != table.runs) {
      throw std::invalid_argument("run_ensemble: panel '" + panel.population + "' has " +
                                  std::to_string(panel.runs.size()) + " runs, the table " +
                                  std::to_string(table.runs));
    }
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    while (!failed) {
      const std::size_t r = next++;
      if (r >= table.runs) return;
      try {
        RunRecord record = run(r);
        for (std::size_t m = 0; m < table.metrics.size(); ++m) {
          const auto src = record.series.series(m);
          std::copy(src.begin(), src.end(), table.series(m, r).begin());
        }
        if (record.panels.size() != table.panels.size()) {
          throw std::invalid_argument("run_ensemble: run " + std::to_string(r) + " recorded " +
                                      std::to_string(record.panels.size()) +
                                      " panels, the table expects " +
                                      std::to_string(table.panels.size()));
        }
        // Each run stores only its own element of each panel's `runs`: no two threads touch one.
        for (std::size_t p = 0; p < table.panels.size(); ++p) {
          table.panels[p].store(r, std::move(record.panels[p]));
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

/// The same for runs that record no panels (`table.panels` must be empty).
inline void run_ensemble(ResultTable& table, unsigned threads,
                         const std::function<Recorder(std::size_t)>& run, Progress* progress) {
  run_ensemble(
      table, threads,
      [&run](std::size_t r) {
        return RunRecord{run(r), {}};
      },
      progress);
}

}  // namespace sim
