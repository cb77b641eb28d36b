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
#include <system_error>
#include <thread>
#include <vector>

#include "sim/panel.hpp"
#include "sim/progress.hpp"
#include "sim/recorder.hpp"
#include "sim/results.hpp"

namespace sim {

/// What one run hands back: its time series and its per-agent panels, one per entry of the
/// result table's `panels`, in the same order.
struct RunRecord {
  Recorder series;
  std::vector<PanelRecorder> panels;
};

/// Calls `body(r)` for r = 0..runs-1 on `threads` worker threads (>= 1; runs are handed out one
/// at a time, since they differ in length) and advances `progress` after each. The first exception
/// thrown by a call stops the hand-out and is rethrown here after all workers have joined. `body`
/// must write only what belongs to run r, so that the result does not depend on `threads`.
inline void for_each_run(std::size_t runs, unsigned threads,
                         const std::function<void(std::size_t)>& body, Progress* progress) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    while (!failed) {
      const std::size_t r = next++;
      if (r >= runs) return;
      try {
        body(r);
        if (progress) progress->advance();
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const unsigned n = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(runs)));
  std::vector<std::thread> pool;
  pool.reserve(n - 1);
  for (unsigned t = 1; t < n; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      // The system gives no more threads (a limit on processes): the runs go on, on fewer, with
      // the same results.
      break;
    }
  }
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

/// Stores run r's record in `table` (already resized to runs x steps with the same metrics): its
/// series into the table's rows of run r, each panel into `table.panels[p].runs[r]`. Touches
/// nothing of another run.
inline void store_run(ResultTable& table, std::size_t r, RunRecord record) {
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    const auto src = record.series.series(m);
    std::copy(src.begin(), src.end(), table.series(m, r).begin());
  }
  if (record.panels.size() != table.panels.size()) {
    throw std::invalid_argument(
        "run " + std::to_string(r) + " recorded " + std::to_string(record.panels.size()) +
        " panels, the table expects " + std::to_string(table.panels.size()));
  }
  for (std::size_t p = 0; p < table.panels.size(); ++p)
    table.panels[p].store(r, std::move(record.panels[p]));
}

/// Calls `run(r)` for r = 0..runs-1 on `threads` worker threads (see for_each_run) and stores each
/// record in `table` (see store_run; its panels already resized to the same runs).
inline void run_ensemble(ResultTable& table, unsigned threads,
                         const std::function<RunRecord(std::size_t)>& run, Progress* progress) {
  for (const PanelTable& panel : table.panels) {
    if (panel.runs.size() != table.runs) {
      throw std::invalid_argument("run_ensemble: panel '" + panel.population + "' has " +
                                  std::to_string(panel.runs.size()) + " runs, the table " +
                                  std::to_string(table.runs));
    }
  }
  for_each_run(
      table.runs, threads, [&](std::size_t r) { store_run(table, r, run(r)); }, progress);
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
