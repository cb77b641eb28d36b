#include "sim/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include "sim/error.hpp"

namespace sim {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& path, std::string_view what,
                         const std::string& reason) {
  throw InputError(std::vector<Diagnostic>{
      Diagnostic{path.string(), 0, 0, "", "cannot read " + std::string(what) + ": " + reason}});
}

// Why a file of mode `mode` is not read, or "" for a regular file.
std::string not_regular(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "it is a directory";
  if (S_ISFIFO(mode)) return "not a regular file (a FIFO)";
  if (S_ISCHR(mode)) return "not a regular file (a character device)";
  if (S_ISBLK(mode)) return "not a regular file (a block device)";
  if (S_ISSOCK(mode)) return "not a regular file (a socket)";
  return "not a regular file";
}

std::string system_reason(int error) {
  return std::generic_category().message(error);
}

// Closes the descriptor however the read ends.
struct Descriptor {
  int fd;
  ~Descriptor() { ::close(fd); }
};

}  // namespace

void require_regular_file(const std::filesystem::path& path, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) refuse(path, what, system_reason(errno));
  if (const std::string why = not_regular(st.st_mode); !why.empty()) refuse(path, what, why);
}

std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::size_t max_bytes) {
  // A FIFO blocks open() until a writer comes, a device may act on being opened: look first.
  require_regular_file(path, what);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) refuse(path, what, system_reason(errno));
  const Descriptor file{fd};
  // What was opened may not be what was looked at: the path can change in between.
  struct stat st {};
  if (::fstat(fd, &st) != 0) refuse(path, what, system_reason(errno));
  if (const std::string why = not_regular(st.st_mode); !why.empty()) refuse(path, what, why);
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes)
    refuse(path, what,
           "larger than " + std::to_string(max_bytes >> 20) + " MiB, not a " + std::string(what));
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) refuse(path, what, "read error (" + system_reason(errno) + ")");
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    // The file may grow while it is read.
    if (text.size() > max_bytes)
      refuse(path, what,
             "larger than " + std::to_string(max_bytes >> 20) + " MiB, not a " + std::string(what));
  }
  return text;
}

}  // namespace sim
