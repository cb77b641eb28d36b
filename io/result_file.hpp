// The result file of `twinsim run` (and each world of a comparison, and the layout a sweep or
// stress file fills): a self-describing HDF5 layout (docs/output-format.md) that h5py, xarray
// (engine h5netcdf) and h5dump read without TwinSim. Its writer and reader, together.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/h5.hpp"
#include "sim/output_files.hpp"
#include "sim/results.hpp"

namespace io {

/// Writes the file: to a temporary name in the same folder, renamed to `path` only when complete
/// (never a half-written file under the final name), under the output's lock (sim::OutputLock).
/// Throws InputError if `path` exists and `overwrite` is false, or is not a regular file;
/// io::h5::Error when HDF5 fails (the temporary file is removed).
void write_result_file(const std::filesystem::path& path, const sim::ResultTable& table,
                       const sim::RunSetMeta& meta, bool overwrite);
/// The same for a caller that holds the lock of `lock.output()` already (from before the runs);
/// `before_publish` is called once the file is complete, before it takes the final name, and may
/// throw to abandon it (see write_atomically).
void write_result_file(const sim::OutputLock& lock, const sim::ResultTable& table,
                       const sim::RunSetMeta& meta, bool overwrite,
                       const std::function<void()>& before_publish = {});

/// Writes `table` in the standard layout (docs/output-format.md) into `root`: a file's root group
/// or a group of its own (a comparison's /intervention, /counterfactual). Links and dimension
/// scales point within `root`.
void write_results(const h5::Group& root, const sim::ResultTable& table,
                   const sim::RunSetMeta& meta);

/// Creates the standard layout for `table`'s shape in `root`, every /timeseries and /summary value
/// allocated now and NaN until written (stored contiguous, uncompressed), for a file filled run by
/// run (io::RunFile). `table.values`, `panels` and `targets` must be empty; its time, seeds and
/// run_parameters are written.
void create_results_layout(const h5::Group& root, const sim::ResultTable& table,
                           const sim::RunSetMeta& meta);

/// Creates `path` (the output `lock` holds, or its .partial file) by calling `write` on a new file
/// under a temporary name in the same folder, and renames it to `path` only when complete (see
/// sim::write_atomically). Throws InputError if `path` exists and `overwrite` is false (before
/// anything is written) or is not a regular file; h5::Error, saying what became of `path`, when
/// HDF5 fails; rethrows what `write` or `before_publish` throws. The temporary file is removed.
void write_file_atomically(const sim::OutputLock& lock, const std::filesystem::path& path,
                           bool overwrite, const std::function<void(const h5::File&)>& write,
                           const std::function<void()>& before_publish = {});

/// Reads a file written by write_result_file (tests, re-runs, later analysis), panels included:
/// each snapshot of a panel read back holds every slot of the file (padding included). Throws
/// InputError when it is not such a file or its parts do not fit together (shapes, a target's
/// metric or month); h5::Error when HDF5 cannot read it (damaged, or an object missing).
sim::ResultTable read_result_table(const std::filesystem::path& path);
sim::RunSetMeta read_result_meta(const std::filesystem::path& path);
/// The same from a group holding the standard layout (a comparison's /intervention); `path` only
/// names the file in errors.
sim::ResultTable read_result_table(const h5::Group& root, const std::filesystem::path& path);
sim::RunSetMeta read_result_meta(const h5::Group& root);

}  // namespace io
