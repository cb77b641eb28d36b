// Reading a user's input file: a regular file only, of bounded size, never blocking on what is not
// a file (a FIFO, a device, a socket).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace sim {

/// The largest text file TwinSim reads as input (a scenario is a few kB).
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

/// Throws InputError ("FILE: cannot read WHAT: REASON", e.g. WHAT = "scenario file") unless `path`
/// names a regular file (symbolic links followed): a missing file, a directory, a FIFO, a device
/// or a socket is refused without being opened.
void require_regular_file(const std::filesystem::path& path, std::string_view what);

/// The whole of the regular file at `path`. Refuses (InputError, as require_regular_file) what is
/// not a regular file, before opening it and again once open (opened without blocking, so a FIFO
/// put in its place meanwhile cannot block either), a file it cannot open or read, and one of more
/// than `max_bytes`.
std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::size_t max_bytes = kMaxInputBytes);

}  // namespace sim
