#include "analysis/file_kind.hpp"

#include <string>

#include "sim/error.hpp"
#include "sim/h5.hpp"

namespace analysis {

FileKind file_kind(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw sim::InputError(path.string() + ": no such file");
  sim::h5::File file;
  try {
    file = sim::h5::File::open(path);
  } catch (const sim::h5::Error&) {
    throw sim::InputError(path.string() +
                          ": not an HDF5 file (expected what twinsim run, compare or sweep wrote)");
  }
  const std::string format =
      file.has_attribute("format") ? file.read_attribute<std::string>("format") : "";
  if (format == kCompareFormat) return FileKind::comparison;
  if (format != "twinsim/1") return FileKind::other;
  if (!file.has_attribute("experiment")) return FileKind::runs;
  return file.has_attribute("strategies") ? FileKind::stress : FileKind::sweep;
}

}  // namespace analysis
