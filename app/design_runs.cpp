#include "app/design_runs.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <sstream>

#include "app/commands.hpp"
#include "app/stop_signals.hpp"
#include "app/sweep_layout.hpp"
#include "io/run_file.hpp"
#include "models/experiment.hpp"
#include "models/memory_check.hpp"
#include "models/model.hpp"
#include "sim/dispatch.hpp"
#include "sim/error.hpp"
#include "sim/mpi.hpp"
#include "twinsim/version.hpp"

namespace twinsim::app {

namespace {
// Throws when a recorded metric is NaN or infinite: a run with a non-finite outcome has failed.
void check_finite(const sim::Recorder& series) {
  for (std::size_t m = 0; m < series.metrics().size(); ++m) {
    const auto v = series.series(m);
    for (std::size_t t = 0; t < v.size(); ++t)
      if (!std::isfinite(v[t]))
        throw std::runtime_error("metric " + series.metrics()[m].name + " is " +
                                 (std::isnan(v[t]) ? "NaN" : "infinite") + " in month " +
                                 std::to_string(t + 1));
  }
}
namespace fs = std::filesystem;

// Finished runs wait in memory at most this long, or up to this many bytes, before they are
// written: what a kill -9 can lose besides the runs in flight.
constexpr double kCommitSeconds = 1.0;
constexpr std::size_t kCommitBytes = std::size_t{64} << 20;

// The file a sweep fills while it runs, next to its final name.
fs::path partial_path(const fs::path& output) {
  return fs::path(output).concat(".partial");
}

// Refuses to finish `partial` with another experiment or another build than the one that started
// it: the runs would not be what an uninterrupted sweep gives.
void check_resumable(const fs::path& partial, const Experiment& e, const io::h5::File& file) {
  const std::string what =
      e.strategies.empty() ? "experiment or base scenario" : "uncertainties file or strategies";
  auto differs = [&](const char* attribute, const std::string& expected) {
    return !file.has_attribute(attribute) ||
           file.read_attribute<std::string>(attribute) != expected;
  };
  if (differs("experiment", e.text) || differs("scenario", e.base_toml))
    throw sim::InputError(partial.string() + " was started from another " + what +
                          "; finish it with those, or start over with --force (losing its runs)");
  if (differs("program_version", kVersion) || differs("git_commit", kGitCommit))
    throw sim::InputError(partial.string() + " was started by TwinSim " +
                          file.read_attribute<std::string>("program_version") + " (commit " +
                          file.read_attribute<std::string>("git_commit") + "), this is " +
                          kVersion + " (commit " + kGitCommit +
                          "): its runs could differ from this build's; finish it with that "
                          "build, or start over with --force (losing its runs)");
}

// What prepare_partial found.
enum class Start { nothing_to_do, fresh, resumed };

// Before any run, on rank 0, holding the output's lock: makes sure the partial file exists and
// fits the experiment.
Start prepare_partial(const SweepOptions& o, const DesignRuns& d, const Experiment& e,
                      const sim::OutputLock& lock, const sim::ResultTable& layout,
                      double& hdf5_seconds) {
  const fs::path& output = lock.output();
  const fs::path partial = partial_path(output);
  // Only a regular file is ever read as, replaced as or renamed to the partial file.
  sim::check_output_kind(partial);
  // The files an earlier command left are input: one HDF5 cannot read (not HDF5, truncated,
  // damaged) is bad input, said with what was expected, and left as it is.
  auto unreadable = [](const io::h5::Error& error, const std::string& expected) {
    return sim::InputError(std::string(error.what()) + "; expected " + expected);
  };
  const std::string partial_expected =
      "the partial file of an unfinished " + d.what + " (start over with --force, losing it)";
  if (o.resume && !fs::exists(partial) && fs::exists(output)) {
    try {
      const io::h5::File done = io::h5::File::open(output);
      auto differs = [&](const char* attribute, const std::string& expected) {
        return !done.has_attribute(attribute) ||
               done.read_attribute<std::string>(attribute) != expected;
      };
      if (differs("experiment", e.text) || differs("scenario", e.base_toml))
        throw sim::InputError(output.string() + " exists and holds another " + d.what +
                              "; nothing to resume (use -o to name another file)");
    } catch (const io::h5::Error& error) {
      throw unreadable(error,
                       "the file of a complete " + d.what + " (use -o to name another file)");
    }
    std::printf("%s is complete already: nothing to resume\n", output.string().c_str());
    return Start::nothing_to_do;
  }
  // The log is an output too: refused before any run, as the file is.
  if (!o.log.empty()) sim::check_output_path(o.log, o.force);
  if (!o.resume || !fs::exists(partial)) {
    sim::check_output_path(output, o.force);
    if (fs::exists(partial)) {
      if (!o.force) {
        std::size_t done = 0, runs = 0;
        try {
          const io::RunFile unfinished(partial);
          done = unfinished.completed_count();
          runs = unfinished.runs();
        } catch (const io::h5::Error& error) {
          throw unreadable(error, partial_expected);
        }
        throw sim::InputError(partial.string() + " holds an unfinished " + d.what + " (" +
                              std::to_string(done) + " of " + std::to_string(runs) +
                              " runs done): finish it with --resume, or start over with --force");
      }
      fs::remove(partial);
    }
    if (o.resume)
      std::printf("No unfinished %s at %s: starting from the beginning\n", d.what.c_str(),
                  partial.string().c_str());
    const auto start = std::chrono::steady_clock::now();
    const sim::RunSetMeta meta{e.name, e.base_toml, e.seed, kVersion, kGitCommit};
    io::RunFile::create(lock, partial, layout, meta,
                        [&](const io::h5::File& file) { write_design_attributes(file, e); });
    hdf5_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return Start::fresh;
  }
  try {
    check_resumable(partial, e, io::h5::File::open(partial));
  } catch (const io::h5::Error& error) {
    throw unreadable(error, partial_expected);
  }
  sim::check_output_path(output, true);  // a regular file or nothing, even with --force
  if (fs::exists(output) && !o.force)
    throw sim::InputError(output.string() + " exists: add --force to replace it when the resumed " +
                          d.what + " is complete");
  return Start::resumed;
}

// Runs made to fail on purpose, to test what happens to failed runs (docs/sweeps.md, "Failed
// runs"): TWINSIM_FAIL_RUNS=3,17 fails runs 3 and 17 as a NaN would, after simulating them.
std::vector<bool> runs_to_fail(std::size_t runs) {
  std::vector<bool> fail(runs, false);
  const char* list = std::getenv("TWINSIM_FAIL_RUNS");
  if (list == nullptr) return fail;
  std::stringstream items(list);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto r = whole_number(item);
    if (!r)
      throw sim::InputError("TWINSIM_FAIL_RUNS: '" + item +
                            "' is not a run number (expected e.g. 3,17)");
    if (*r < runs) fail[*r] = true;
  }
  return fail;
}

// Run r's outcome: its metrics [metric][step]; throws when it fails.
std::vector<double> compute_run(const Experiment& e, std::size_t r, const std::vector<bool>& fail,
                                const Recording& recording) {
  const sim::RunRecord rec =
      simulate_recorded(e.point_params[r / e.replicates], e.seed + r % e.replicates, 0, recording);
  check_finite(rec.series);
  if (fail[r])
    throw std::runtime_error("failed on purpose (TWINSIM_FAIL_RUNS lists run " + std::to_string(r) +
                             ")");
  std::vector<double> values;
  for (std::size_t m = 0; m < rec.series.metrics().size(); ++m) {
    const auto v = rec.series.series(m);
    values.insert(values.end(), v.begin(), v.end());
  }
  return values;
}

// Renames the complete partial file to its final name: over an existing file only with --force.
void publish(const fs::path& partial, const fs::path& output, bool force) {
  try {
    sim::publish_file(partial, output, force);
  } catch (const sim::InputError& e) {
    throw sim::InputError(std::string(e.what()) + "; the results stay in " + partial.string() +
                          " (rename it, or rerun with --resume --force)");
  }
}

// The failed runs of a finished file, for the summary line and --log.
std::vector<sim::RunOutcome> failures_in(const io::h5::File& file) {
  const io::h5::Group parameters = file.open_group("parameters");
  const std::vector<double> failed = parameters.open_dataset("failed").read<double>();
  std::vector<sim::RunOutcome> failures;
  if (std::find(failed.begin(), failed.end(), 1.0) == failed.end()) return failures;
  const std::vector<std::string> reasons = parameters.open_dataset("failure").read_strings();
  for (std::size_t r = 0; r < failed.size(); ++r)
    if (failed[r] == 1.0) failures.push_back({r, {}, reasons[r]});
  return failures;
}

void write_log(const std::string& path, const std::vector<sim::RunOutcome>& failures,
               std::size_t replicates, bool force) {
  std::string log = "run\tpoint\treplicate\treason\n";
  for (const sim::RunOutcome& f : failures)
    log += std::to_string(f.run) + '\t' + std::to_string(f.run / replicates) + '\t' +
           std::to_string(f.run % replicates) + '\t' + f.failure + '\n';
  sim::write_text_file(path, log, force);
}

// The header: what runs, how many, where to.
void print_header(const SweepOptions& o, const DesignRuns& d, const Experiment& e,
                  const sim::ResultTable& layout, const fs::path& output, std::size_t todo,
                  const sim::mpi::Job* job, unsigned threads) {
  const std::size_t runs = layout.runs, replicates = e.replicates;
  if (e.strategies.empty()) {
    std::printf("TwinSim %s: sweep '%s' (%s) over base scenario %s\n", kVersion, e.name.c_str(),
                d.source.c_str(), e.base.string().c_str());
    std::printf("%s design, %zu point%s x %zu replicate%s = %zu runs of %zu months, ",
                e.design_name.c_str(), e.points.size(), e.points.size() == 1 ? "" : "s", replicates,
                replicates == 1 ? "" : "s", runs, layout.steps);
  } else {
    std::vector<std::string> names;
    for (const Strategy& s : e.strategies) names.push_back(s.name);
    std::printf("TwinSim %s: stress test of %zu strateg%s (%s) under the conditions of %s\n",
                kVersion, names.size(), names.size() == 1 ? "y" : "ies", join(names, ", ").c_str(),
                d.source.c_str());
    std::printf(
        "%s design, %zu condition%s x %zu strateg%s x %zu replicate%s = %zu runs of %zu months, ",
        e.design_name.c_str(), e.conditions(), e.conditions() == 1 ? "" : "s", names.size(),
        names.size() == 1 ? "y" : "ies", replicates, replicates == 1 ? "" : "s", runs,
        layout.steps);
    for (const Strategy& s : e.strategies)
      if (!s.beyond.empty())
        std::printf("Not measured, beyond the %zu-month horizon: %s's KPIs %s\n", layout.steps,
                    s.name.c_str(), join(s.beyond, ", ").c_str());
  }
  std::printf("seeds %llu..%llu (replicate r of every point: seed + r), ",
              static_cast<unsigned long long>(e.seed),
              static_cast<unsigned long long>(e.seed + replicates - 1));
  const bool distributed = job && job->size() > 1;
  if (distributed)
    std::printf("%d MPI ranks (one run at a time each)\n", job->size());
  else
    std::printf("%u thread%s\n", threads, threads == 1 ? "" : "s");
  if (distributed && o.threads > 1)
    std::printf("Note: -j is ignored under MPI; start one rank per core instead\n");
  if (todo < runs)
    std::printf("Resuming %s: %zu of %zu runs done, %zu to go\n",
                partial_path(output).string().c_str(), runs - todo, runs, todo);
  std::printf("Writing to %s while it runs (readable meanwhile; renamed to %s when complete)\n",
              partial_path(output).string().c_str(), output.string().c_str());
  std::fflush(stdout);
}

}  // namespace

void add_design_run_options(CLI::App* cmd, SweepOptions& o, const std::string& output_help) {
  add_output_options(cmd, o.output, o.force, o.threads, output_help);
  add_check_option(cmd, o.check);
  cmd->add_option("--log", o.log,
                  "Also write each failed run (run, point, replicate, reason) to this text file");
  cmd->add_flag("--resume", o.resume,
                "Finish the runs an interrupted run of this command left in OUTPUT.partial "
                "(the same results as an uninterrupted one)");
}

int run_design(const SweepOptions& o, const DesignRuns& d, std::filesystem::path& output,
               bool& complete) {
  complete = false;
  // Under mpirun or srun every rank runs this; rank 0 leads (hands out runs, writes the file) and
  // the others compute quietly.
  std::unique_ptr<sim::mpi::Job> job;
  if (sim::mpi::started()) job = std::make_unique<sim::mpi::Job>();
  const bool lead = !job || job->rank() == 0;
  const bool distributed = job && job->size() > 1;
  if (!lead) {
    (void)!std::freopen("/dev/null", "w", stdout);
    (void)!std::freopen("/dev/null", "w", stderr);
  }

  // Every rank reads the experiment; rank 0 also prepares the file. All go on only if all could.
  std::optional<Experiment> loaded;
  output = o.output;
  sim::ResultTable layout;
  std::vector<bool> fail;
  double hdf5_seconds = 0;
  Start begun = Start::fresh;
  // Rank 0's, from before it touches any file until the output is published: a second sweep on
  // the same output stops at once instead of replacing this one's partial file.
  std::optional<sim::OutputLock> lock;
  std::exception_ptr error;
  try {
    loaded.emplace(d.load());
    check_design_runs_memory(d.source, d.what, *loaded,
                             distributed ? 1 : worker_threads(o.threads));
    if (output.empty()) output = fs::path(d.source).stem().string() + ".h5";
    layout = sweep_layout(*loaded, d.source);
    fail = runs_to_fail(layout.runs);
    if (lead) {
      sim::check_output_path(output, true);  // its folder, and a regular file or nothing
      lock.emplace(output);
      say_removed(*lock);
      begun = prepare_partial(o, d, *loaded, *lock, layout, hdf5_seconds);
    }
  } catch (...) {
    error = std::current_exception();
  }
  if (job && !job->all(error == nullptr)) {
    if (error) std::rethrow_exception(error);
    throw sim::InputError("another rank of the MPI job could not read " + d.source);
  }
  if (error) std::rethrow_exception(error);
  const bool work = begun != Start::nothing_to_do;
  if (job && !job->all(work)) {
    complete = lead;  // only rank 0 decides there is nothing to do
    return 0;
  }
  if (!work) {
    complete = true;
    return 0;
  }
  const Experiment& e = *loaded;
  const std::size_t runs = layout.runs, replicates = e.replicates;

  // Rank 0 opens the partial file and lists what is left; the other ranks need no list.
  std::optional<io::RunFile> file;
  std::vector<std::size_t> todo;
  std::vector<std::size_t> damaged;
  if (lead) {
    try {
      file.emplace(partial_path(output));
      // What an earlier process left is input: checked before a single run is added to it.
      if (begun == Start::resumed) damaged = file->check_against(layout);
    } catch (const io::h5::Error& unreadable) {
      throw sim::InputError(std::string(unreadable.what()) +
                            "; expected the partial file of an unfinished " + d.what +
                            " (start over with --force, losing it)");
    }
    for (std::size_t r = 0; r < runs; ++r)
      if (!file->completed(r)) todo.push_back(r);
  }
  const unsigned threads = distributed ? 1 : worker_threads(o.threads);
  if (lead) print_header(o, d, e, layout, output, todo.size(), job.get(), threads);
  if (lead && !damaged.empty()) {
    std::printf(
        "%zu run%s marked done in %s had missing or non-finite results (first: run %zu): "
        "run again\n",
        damaged.size(), damaged.size() == 1 ? "" : "s", partial_path(output).string().c_str(),
        damaged.front());
    std::fflush(stdout);
  }

  const StopOnSignals signals;
  const auto start = std::chrono::steady_clock::now();
  std::size_t delivered = 0;
  {
    std::optional<sim::Progress> progress;
    if (lead) progress.emplace(todo.size(), "runs");
    sim::Dispatch dispatch;
    Recording recording;
    recording.check_invariants |= o.check;
    dispatch.compute = [&](std::size_t r) { return compute_run(e, r, fail, recording); };
    dispatch.deliver = [&](sim::RunOutcome&& outcome) {
      file->add(std::move(outcome));
      if (file->pending_bytes() >= kCommitBytes) hdf5_seconds += file->commit();
    };
    dispatch.tick = [&] { hdf5_seconds += file->commit(); };
    dispatch.tick_seconds = kCommitSeconds;
    dispatch.threads = threads;
    dispatch.stop = &signals.requested();
    dispatch.progress = progress ? &*progress : nullptr;
    delivered = sim::dispatch_runs(todo, dispatch, job.get());
  }
  if (!lead) return 0;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto close_start = std::chrono::steady_clock::now();
  const std::size_t done = file->completed_count();
  std::vector<sim::RunOutcome> failures = failures_in(file->file());
  file->close();
  file.reset();
  const fs::path partial = partial_path(output);
  if (done < runs) {
    std::printf(
        "Stopped after %zu more run%s: %zu of %zu runs are in %s. Finish them with:\n  %s -o %s "
        "--resume\n",
        delivered, delivered == 1 ? "" : "s", done, runs, partial.string().c_str(),
        d.command.c_str(), output.string().c_str());
    return signals.signal() != 0 ? 128 + signals.signal() : 1;
  }
  publish(partial, output, o.force);
  hdf5_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - close_start).count();
  if (!o.log.empty()) write_log(o.log, failures, replicates, o.force);
  if (!failures.empty())
    std::printf(
        "%zu of %zu runs failed (NaN in their rows; /parameters/failed and /parameters/failure "
        "say which and why%s). First: run %zu: %s\n",
        failures.size(), runs, o.log.empty() ? "" : (", and " + o.log).c_str(),
        failures.front().run, failures.front().failure.c_str());
  std::printf(
      "Simulated %zu runs in %.2f s (%.1f runs/s; writing HDF5 %.2f s, %.1f%%). Wrote %s: "
      "/parameters/<name> and the %s of %zu metrics for %zu runs (%s)\n",
      delivered, seconds, static_cast<double>(delivered) / seconds, hdf5_seconds,
      100.0 * hdf5_seconds / seconds, output.string().c_str(),
      e.summary_only ? "/summary" : "/timeseries and /summary", layout.metrics.size(), runs,
      e.strategies.empty() ? "docs/sweeps.md" : "docs/stress.md");
  complete = true;
  return 0;
}

}  // namespace twinsim::app
