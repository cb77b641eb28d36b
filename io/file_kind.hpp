// Which command wrote an HDF5 file: `run` (replicates of one scenario), `compare` (two worlds and
// the impact), `sweep` (design points) or `stress` (strategies under sampled conditions). Commands
// that read files tell them apart with this.
#pragma once

#include <filesystem>
#include <string_view>

namespace io {

/// The root attribute `format` of a comparison file (docs/impact.md, "The file").
inline constexpr std::string_view kCompareFormat = "twinsim-compare/1";

enum class FileKind {
  runs,        // format twinsim/1 (twinsim run)
  sweep,       // format twinsim/1 with an `experiment` attribute (twinsim sweep)
  stress,      // a sweep file with a `strategies` attribute (twinsim stress)
  comparison,  // format twinsim-compare/1 (twinsim compare)
  other,       // an HDF5 file TwinSim did not write
};

/// Opens `path` once and reads its root attributes. Throws sim::InputError when it does not exist,
/// is a directory, cannot be read, or is not an HDF5 file (or a damaged one: HDF5's reason given).
FileKind file_kind(const std::filesystem::path& path);

}  // namespace io
