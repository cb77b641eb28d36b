#include "io/file_kind.hpp"

#include <cerrno>
#include <fstream>
#include <string>
#include <system_error>

#include "io/h5.hpp"
#include "sim/error.hpp"
#include "sim/input_file.hpp"

namespace io {

using namespace sim;  // the engine's types and errors, which these files write and read

FileKind file_kind(const std::filesystem::path& path) {
  const std::string expected = "expected a file twinsim run, compare, sweep or stress wrote";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw sim::InputError(path.string() + ": no such file");
  if (std::filesystem::is_directory(path, ec))
    throw sim::InputError(path.string() + ": is a directory (" + expected + ")");
  // Before HDF5 opens it: a FIFO would block, a device would be read as a file.
  sim::require_regular_file(path, "it");
  errno = 0;
  if (!std::ifstream(path, std::ios::binary)) {
    const int error = errno;
    throw sim::InputError(path.string() + ": cannot read it: " +
                          (error ? std::generic_category().message(error) : "cannot open it"));
  }
  io::h5::File file;
  try {
    file = io::h5::File::open(path);
  } catch (const io::h5::Error& e) {
    // HDF5's reason tells a file cut short from one that is not HDF5 at all.
    const std::string what = e.what();
    const std::size_t reason = what.find("(HDF5: ");
    throw sim::InputError(path.string() + ": not an HDF5 file, or a damaged one" +
                          (reason == std::string::npos ? "" : " " + what.substr(reason)) + "; " +
                          expected);
  }
  try {
    const std::string format =
        file.has_attribute("format") ? file.read_attribute<std::string>("format") : "";
    if (format == kCompareFormat) return FileKind::comparison;
    if (format != "twinsim/1") return FileKind::other;
    if (!file.has_attribute("experiment")) return FileKind::runs;
    return file.has_attribute("strategies") ? FileKind::stress : FileKind::sweep;
  } catch (const io::h5::Error& e) {
    // HDF5, but its format attribute is not one text (found by fuzz/hdf5_structure_fuzz).
    throw sim::InputError(std::string(e.what()) + "; " + expected);
  }
}

}  // namespace io
