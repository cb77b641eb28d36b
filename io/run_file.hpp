// A result file filled run by run while a long set of runs is under way (`twinsim sweep`): other
// processes can read it at any moment, a process killed while writing leaves it readable with every
// committed run intact, and a later process finishes the runs it lacks (docs/sweeps.md).
//
// How: every value is allocated in the file when it is created (io::create_results_layout), so
// that filling it writes values only and never changes the file's structure; each batch of runs is
// written, handed to the operating system, and only then marked completed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "sim/run_outcome.hpp"

namespace io {

class RunFile {
 public:
  /// Bytes of a failure reason kept in the file (longer reasons are cut).
  static constexpr std::size_t kReasonWidth = 160;

  /// Creates `path`: the layout of `header` (see create_results_layout) plus, under /parameters,
  /// `completed` (1 once the run is in the file), `failed` (1 when it failed, 0 when not, NaN
  /// before it ran) and `failure` (why it failed); then `extra(file)` adds what else belongs in it
  /// (attributes). Written under a temporary name and renamed, so `path` never holds less than
  /// this; `lock` is the lock of the output `path` is the partial file of (or of `path`). Throws
  /// h5::Error, or InputError when `path` exists.
  static void create(const sim::OutputLock& lock, const std::filesystem::path& path,
                     const sim::ResultTable& header, const sim::RunSetMeta& meta,
                     const std::function<void(const h5::File&)>& extra);

  /// Opens a file made by create() to write the runs it lacks, and locks it against a second
  /// writer. Throws InputError when it is not such a file (a dataset of another type or shape
  /// than create() made it) or another process writes it; h5::Error when HDF5 cannot read it (not
  /// HDF5, truncated, a dataset missing).
  explicit RunFile(const std::filesystem::path& path);
  ~RunFile();
  RunFile(const RunFile&) = delete;
  RunFile& operator=(const RunFile&) = delete;

  const h5::File& file() const { return file_; }
  std::size_t runs() const { return completed_flags_.size(); }
  std::size_t steps() const { return steps_; }
  std::size_t metrics() const { return series_.size(); }
  /// The metrics' names, in the order add() takes their values (the root attribute `metrics`).
  const std::vector<std::string>& metric_names() const { return metric_names_; }
  /// Whether each run is in the file (as of the last commit).
  bool completed(std::size_t run) const { return completed_flags_[run] != 0; }
  std::size_t completed_count() const;

  /// Checks a file an earlier process filled against `header`, the table this sweep makes (see
  /// create): /time, /parameters/seed and every /parameters column of `header` must hold the same
  /// values, every completed flag must be 0 or 1 and a completed run's failed flag 0, 1 or NaN;
  /// else InputError (a damaged file, or another experiment's). A completed run whose failed flag
  /// is NaN (a process killed while it marked it done), or that did not fail but whose results are
  /// missing or not finite (or whose summary is not its last month), is marked not completed (its
  /// failed flag NaN first), to be run again: returns those runs. Reads the values a block of runs
  /// at a time.
  std::vector<std::size_t> check_against(const sim::ResultTable& header);

  /// Keeps a finished run until the next commit. Throws std::invalid_argument when its run is out
  /// of range or completed already, or its values do not cover metrics x steps.
  void add(sim::RunOutcome outcome);
  std::size_t pending() const { return pending_.size(); }
  std::size_t pending_bytes() const { return pending_bytes_; }

  /// Writes the pending runs (in run order, neighbouring runs in one block) and their failure
  /// reasons, hands them to the operating system, then marks them done (completed, then the failed
  /// flag) and hands that over too: whenever the process is killed, each run is either done with
  /// all its values, or not completed with a NaN failed flag, or completed with its failed flag
  /// still NaN, which counts as not done. A run never has a failed flag of 0 or 1 without being
  /// completed. Returns the time
  /// spent, in seconds.
  double commit();
  /// Commits and closes the file.
  void close();

 private:
  void write_block(std::size_t first, std::size_t count, std::size_t from);
  void mark_done(std::size_t first, std::size_t count, std::size_t from);

  h5::File file_;
  std::size_t steps_ = 0;
  bool summary_only_ = false;
  std::vector<h5::Dataset> series_, summary_;
  h5::Dataset completed_, failed_, failure_;
  std::vector<std::int64_t> completed_flags_;
  std::vector<std::string> metric_names_;
  std::vector<sim::RunOutcome> pending_;
  std::size_t pending_bytes_ = 0;
  int lock_fd_ = -1;
  std::vector<double> block_;  // reused between commits
};

}  // namespace io
