#include "io/run_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace io {

using namespace sim;  // the engine's types and errors, which these files write and read
namespace {

namespace fs = std::filesystem;

// An open-file-description lock on the whole file: a second writer is refused, while readers (who
// take HDF5's flock, a separate kind of lock) are not. Returns the descriptor holding it.
int lock_for_writing(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw InputError(path.string() + ": cannot open for writing");
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_SETLK, &lock) != 0) {
    ::close(fd);
    throw InputError(path.string() +
                     ": another process is writing this file (a sweep still running?)");
  }
  return fd;
}

}  // namespace

void RunFile::create(const OutputLock& lock, const fs::path& path, const ResultTable& header,
                     const RunSetMeta& meta, const std::function<void(const h5::File&)>& extra) {
  write_file_atomically(lock, path, false, [&](const h5::File& file) {
    create_results_layout(file, header, meta);
    const h5::Group parameters = file.open_group("parameters");
    const h5::Dataset run = file.open_dataset("run");
    auto status = [&](const h5::Dataset& d, const std::string& description) {
      d.write_attribute("description", description);
      d.attach_scale(run, 0);
    };
    status(parameters.create_preallocated("completed", h5::ElementType::int64, {header.runs}),
           "1 once the run's results are in this file, 0 before (a sweep still running or "
           "stopped; finish it with --resume)");
    status(parameters.create_preallocated("failed", h5::ElementType::float64, {header.runs}),
           "1 when the run failed (its metrics are NaN), 0 when it did not, NaN before it ran");
    status(parameters.create_preallocated_strings("failure", header.runs, kReasonWidth),
           "Why the run failed (empty when it did not), cut to " + std::to_string(kReasonWidth) +
               " bytes");
    extra(file);
  });
}

RunFile::RunFile(const fs::path& path) {
  lock_fd_ = lock_for_writing(path);
  // Every dataset written later is checked now: a damaged or foreign file is refused before any
  // run, not when the first results arrive (what HDF5 cannot read is an h5::Error, for the caller
  // to say what the file should have been).
  auto refuse = [&path](const std::string& what) {
    return InputError(path.string() + ": " + what +
                      "; not the file of an unfinished sweep or stress test");
  };
  try {
    file_ = h5::File::open_for_update(path);
    const h5::Group parameters = file_.open_group("parameters");
    const auto members = parameters.members();
    if (std::find(members.begin(), members.end(), "completed") == members.end())
      throw InputError(path.string() +
                       ": not a file a sweep fills run by run (it has no /parameters/completed)");
    completed_ = parameters.open_dataset("completed");
    failed_ = parameters.open_dataset("failed");
    failure_ = parameters.open_dataset("failure");
    completed_flags_ = completed_.read<std::int64_t>();
    const std::vector<std::size_t> runs_shape = {completed_flags_.size()};
    const h5::Dataset time = file_.open_dataset("time");
    if (completed_.shape() != runs_shape || time.shape().size() != 1)
      throw refuse("/parameters/completed or /time is not a list");
    steps_ = time.shape()[0];
    if (failed_.shape() != runs_shape || failure_.shape() != runs_shape)
      throw refuse("/parameters/failed and /parameters/failure do not list every run");
    bool failure_is_text = false;
    try {
      failure_is_text = failure_.string_width() > 0;
    } catch (const h5::Error&) {  // not fixed-length strings: said below as what it should be
    }
    if (!failure_is_text) throw refuse("/parameters/failure is not fixed-length text");
    if (!completed_.stores(h5::ElementType::int64) || !failed_.stores(h5::ElementType::float64))
      throw refuse("/parameters/completed or /parameters/failed is of another type");
    const auto root = file_.members();
    summary_only_ = std::find(root.begin(), root.end(), "timeseries") == root.end();
    const h5::Group summary = file_.open_group("summary");
    const h5::Group timeseries = summary_only_ ? h5::Group() : file_.open_group("timeseries");
    metric_names_ = file_.read_attribute<std::vector<std::string>>("metrics");
    for (const std::string& name : metric_names_) {
      summary_.push_back(summary.open_dataset(name));
      if (summary_.back().shape() != runs_shape ||
          !summary_.back().stores(h5::ElementType::float64))
        throw refuse(summary_.back().path() + " is not (run) of float64");
      if (summary_only_) continue;
      series_.push_back(timeseries.open_dataset(name));
      if (series_.back().shape() != std::vector<std::size_t>{runs(), steps_} ||
          !series_.back().stores(h5::ElementType::float64))
        throw refuse(series_.back().path() + " is not (run, time) of float64");
    }
    if (summary_only_) series_.resize(summary_.size());
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

RunFile::~RunFile() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::size_t RunFile::completed_count() const {
  return static_cast<std::size_t>(
      std::count_if(completed_flags_.begin(), completed_flags_.end(), [](auto c) { return c; }));
}

std::vector<std::size_t> RunFile::check_against(const ResultTable& header) {
  const std::string file = file_.file_name();
  auto refuse = [&](const std::string& what) {
    return InputError(file + ": " + what +
                      ": a damaged file, or another experiment's; start over with --force "
                      "(losing its runs)");
  };
  // Exact: the same experiment generates the same doubles, and HDF5 stores them bit for bit.
  auto same_column = [&](const std::string& path, const auto& expected) {
    using T = typename std::decay_t<decltype(expected)>::value_type;
    const h5::Dataset d = file_.open_dataset(path);
    if (d.shape() != std::vector<std::size_t>{expected.size()})
      throw refuse("/" + path + " does not hold " + std::to_string(expected.size()) + " values");
    const std::vector<T> found = d.read<T>();
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (!(found[i] == expected[i]))
        throw refuse("/" + path + " differs from what the " +
                     std::string(path == "time" ? "horizon" : "design") + " makes (entry " +
                     std::to_string(i) + ": " + format_number(static_cast<double>(found[i])) +
                     " in the file, " + format_number(static_cast<double>(expected[i])) +
                     " expected)");
  };
  if (header.runs != runs() || header.steps != steps_ || header.metrics.size() != metrics())
    throw refuse("it holds " + std::to_string(runs()) + " runs of " + std::to_string(steps_) +
                 " months and " + std::to_string(metrics()) + " metrics, not " +
                 std::to_string(header.runs) + " of " + std::to_string(header.steps) + " and " +
                 std::to_string(header.metrics.size()));
  same_column("time", header.time);
  same_column("parameters/seed", header.seeds);
  for (const ResultTable::RunParameter& rp : header.run_parameters)
    same_column("parameters/" + rp.name, rp.values);

  const std::vector<double> failed = failed_.read<double>();
  for (std::size_t r = 0; r < runs(); ++r) {
    if (completed_flags_[r] != 0 && completed_flags_[r] != 1)
      throw refuse("/parameters/completed of run " + std::to_string(r) + " is " +
                   std::to_string(completed_flags_[r]) + ", not 0 or 1");
    // NaN: the process was killed between marking it completed and writing its failed flag
    // (see commit), so it is not done: run again below.
    if (completed_flags_[r] == 1 &&
        !(failed[r] == 0.0 || failed[r] == 1.0 || std::isnan(failed[r])))
      throw refuse("/parameters/failed of run " + std::to_string(r) + ", completed, is " +
                   format_number(failed[r]) + ", not 0 or 1");
  }

  // A completed run that did not fail has a finite value in every month of every metric.
  std::vector<bool> damaged(runs(), false);
  constexpr std::size_t kRunsPerRead = 256;
  for (std::size_t first = 0; first < runs(); first += kRunsPerRead) {
    const std::size_t count = std::min(kRunsPerRead, runs() - first);
    for (std::size_t m = 0; m < metrics(); ++m) {
      const std::vector<double> last = summary_[m].read_block({first}, {count});
      const std::vector<double> values = summary_only_
                                             ? std::vector<double>{}
                                             : series_[m].read_block({first, 0}, {count, steps_});
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t r = first + i;
        if (completed_flags_[r] != 1 || damaged[r]) continue;
        if (std::isnan(failed[r])) {
          damaged[r] = true;
          continue;
        }
        if (failed[r] != 0.0) continue;
        bool ok = std::isfinite(last[i]);
        if (!summary_only_ && steps_ > 0) {
          const auto row = values.begin() + static_cast<std::ptrdiff_t>(i * steps_);
          ok = ok &&
               std::all_of(row, row + static_cast<std::ptrdiff_t>(steps_),
                           [](double v) { return std::isfinite(v); }) &&
               row[static_cast<std::ptrdiff_t>(steps_ - 1)] == last[i];
        }
        damaged[r] = !ok;
      }
    }
  }
  std::vector<std::size_t> again;
  for (std::size_t r = 0; r < runs(); ++r)
    if (damaged[r]) again.push_back(r);
  // In the file too, so that readers meanwhile, and a later --resume, see them as not done: first
  // their failed flags NaN (completed with a NaN flag already reads as not done), handed to the
  // operating system, then not completed.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::int64_t zero = 0;
  for (std::size_t r : again) failed_.write_block({r}, {1}, std::span<const double>(&nan, 1));
  if (!again.empty()) file_.flush();
  for (std::size_t r : again) {
    completed_.write_block({r}, {1}, std::span<const std::int64_t>(&zero, 1));
    completed_flags_[r] = 0;
  }
  // A run not done may hold the reason it failed with before the process was killed (reasons are
  // written with the values, before a run is marked done): cleared, as it may not fail again.
  const std::vector<std::string> reasons = failure_.read_strings();
  bool cleared = false;
  for (std::size_t r = 0; r < runs(); ++r)
    if (completed_flags_[r] == 0 && !reasons[r].empty()) {
      failure_.write_string(r, "");
      cleared = true;
    }
  if (!again.empty() || cleared) file_.flush();
  return again;
}

void RunFile::add(RunOutcome outcome) {
  if (outcome.run >= runs() || completed(outcome.run))
    throw std::invalid_argument("RunFile::add: run " + std::to_string(outcome.run) +
                                " is out of range or in the file already");
  if (outcome.failure.empty() && outcome.values.size() != metrics() * steps_)
    throw std::invalid_argument("RunFile::add: run " + std::to_string(outcome.run) + " has " +
                                std::to_string(outcome.values.size()) + " values, expected " +
                                std::to_string(metrics() * steps_));
  pending_bytes_ += outcome.values.size() * sizeof(double) + outcome.failure.size();
  pending_.push_back(std::move(outcome));
}

// Writes pending_[from, from + count), which hold the neighbouring runs first .. first + count - 1.
void RunFile::write_block(std::size_t first, std::size_t count, std::size_t from) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t m = 0; m < metrics(); ++m) {
    block_.assign(count * steps_, nan);
    for (std::size_t i = 0; i < count; ++i) {
      const RunOutcome& o = pending_[from + i];
      if (!o.values.empty())
        std::copy_n(o.values.begin() + static_cast<std::ptrdiff_t>(m * steps_), steps_,
                    block_.begin() + static_cast<std::ptrdiff_t>(i * steps_));
    }
    if (!summary_only_) series_[m].write_block({first, 0}, {count, steps_}, block_);
    // The summary is each run's last step.
    for (std::size_t i = 0; i < count; ++i)
      block_[i] = steps_ ? block_[i * steps_ + steps_ - 1] : nan;
    summary_[m].write_block({first}, {count}, std::span<const double>(block_.data(), count));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const RunOutcome& o = pending_[from + i];
    if (!o.failure.empty()) failure_.write_string(first + i, o.failure);
  }
}

// Marks pending_[from, from + count), runs first .. first + count - 1, done: completed first, then
// the failed flags, so that a run never shows a failed flag without being completed; a completed
// run whose flag is still NaN is not done (check_against runs it again).
void RunFile::mark_done(std::size_t first, std::size_t count, std::size_t from) {
  const std::vector<std::int64_t> ones(count, 1);
  completed_.write_block({first}, {count}, std::span<const std::int64_t>(ones));
  std::fill_n(completed_flags_.begin() + static_cast<std::ptrdiff_t>(first), count, 1);
  block_.resize(count);
  for (std::size_t i = 0; i < count; ++i)
    block_[i] = pending_[from + i].failure.empty() ? 0.0 : 1.0;
  failed_.write_block({first}, {count}, std::span<const double>(block_.data(), count));
}

namespace {
// Calls fn(first, count, from) for each block of neighbouring runs in `sorted` (sorted by run):
// sorted[from, from + count) holds runs first .. first + count - 1.
template <class Fn>
void for_each_block(const std::vector<RunOutcome>& sorted, Fn fn) {
  for (std::size_t from = 0; from < sorted.size();) {
    std::size_t count = 1;
    while (from + count < sorted.size() && sorted[from + count].run == sorted[from].run + count)
      ++count;
    fn(sorted[from].run, count, from);
    from += count;
  }
}
}  // namespace

double RunFile::commit() {
  if (pending_.empty()) return 0;
  const auto start = std::chrono::steady_clock::now();
  std::sort(pending_.begin(), pending_.end(),
            [](const RunOutcome& a, const RunOutcome& b) { return a.run < b.run; });
  for_each_block(pending_, [&](std::size_t first, std::size_t count, std::size_t from) {
    write_block(first, count, from);
  });
  file_.flush();
  // Only now, with every value handed over, are the runs marked done.
  for_each_block(pending_, [&](std::size_t first, std::size_t count, std::size_t from) {
    mark_done(first, count, from);
  });
  file_.flush();
  pending_.clear();
  pending_bytes_ = 0;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void RunFile::close() {
  commit();
  series_.clear();
  summary_.clear();
  completed_.close();
  failed_.close();
  failure_.close();
  file_.close();
}

}  // namespace io
