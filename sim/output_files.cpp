#include "sim/output_files.hpp"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>  // renameat2
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include "sim/error.hpp"

namespace sim {
namespace {

namespace fs = std::filesystem;

std::string system_message(int error) {
  return std::generic_category().message(error);
}

// What a path that exists but is not a regular file is, for messages.
std::string kind_of(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISCHR(st.st_mode)) return "a character device";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

// Refuses an existing `path` that is not a regular file: TwinSim replaces only what it could have
// written. A symbolic link is refused rather than followed or replaced: following it would write
// elsewhere than the folder checked (and lets whoever planted it choose what is destroyed);
// replacing it would silently break the user's link.
void require_regular(const fs::path& path, const struct stat& st) {
  if (S_ISREG(st.st_mode)) return;
  if (S_ISDIR(st.st_mode)) throw InputError(path.string() + ": is a directory; name a file");
  std::string what = path.string() + ": is " + kind_of(st);
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(path, ec);
    if (!ec) what += " (to " + target.string() + ")";
    throw InputError(what +
                     "; TwinSim writes regular files only, never through a link: name the file "
                     "itself, or remove the link");
  }
  throw InputError(what +
                   ", not a regular file; TwinSim writes regular files only (even with "
                   "--force)");
}

// --- the files a fatal signal's handler removes ---

// Fixed slots, so that the handler reads them without locks or allocation. A slot's path is
// written before it is marked used and cleared only after it is marked free.
struct Slot {
  std::atomic<bool> used{false};
  char path[PATH_MAX] = {};
};
static_assert(std::atomic<bool>::is_always_lock_free);
std::array<Slot, 32> g_slots;
std::mutex g_slots_mutex;

void remember(const fs::path& path) {
  const std::string text = path.string();
  if (text.size() >= PATH_MAX) return;  // too long to have been created anyway
  const std::lock_guard<std::mutex> guard(g_slots_mutex);
  for (Slot& slot : g_slots) {
    if (slot.used.load(std::memory_order_relaxed)) continue;
    std::memcpy(slot.path, text.c_str(), text.size() + 1);
    slot.used.store(true, std::memory_order_release);
    return;
  }
}

void forget(const fs::path& path) {
  const std::string text = path.string();
  const std::lock_guard<std::mutex> guard(g_slots_mutex);
  for (Slot& slot : g_slots)
    if (slot.used.load(std::memory_order_relaxed) && text == slot.path) {
      slot.used.store(false, std::memory_order_release);
      return;
    }
}

// --- temporary names ---

std::string random_hex() {
  std::uint64_t bits = 0;
  if (::getrandom(&bits, sizeof bits, 0) != static_cast<ssize_t>(sizeof bits)) {
    // getrandom does not fail for 8 bytes once the kernel's pool is ready; a clock as fallback
    // still gives a name nobody else is using, if not an unpredictable one.
    bits = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
           (static_cast<std::uint64_t>(::getpid()) << 40);
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (std::size_t i = 0; i < 16; ++i) hex[15 - i] = kDigits[(bits >> (4 * i)) & 0xf];
  return hex;
}

// Whether `name` is a temporary file of `output_name` or of its partial file: `.NAME.tmp-` or
// `.NAME.partial.tmp-` followed by hex digits only (random ones, or an earlier version's process
// id), so that the temporary files of another output whose name starts like this one's
// (`.NAME.tmp-x.tmp-...`) never match.
bool is_temporary_of(const std::string& name, const std::string& output_name) {
  for (const std::string& prefix :
       {"." + output_name + ".tmp-", "." + output_name + ".partial.tmp-"}) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    if (rest.size() <= 16 && rest.find_first_not_of("0123456789abcdef") == std::string_view::npos)
      return true;
  }
  return false;
}

// "process 1234 on host h, since 2026-12-07 22:10:05 UTC": what the lock file of a holder says,
// shown as text that cannot move the terminal's cursor (another user may have written it).
std::string holder_of(int fd) {
  char text[256] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  std::string said;
  for (ssize_t i = 0; i < n && text[i] != '\n'; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    said += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
  }
  return said.empty() ? "a process that has not said which" : said;
}

std::string holder_line() {
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "?");
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return "process " + std::to_string(::getpid()) + " on host " + host + ", since " + when + "\n";
}

}  // namespace

void check_output_kind(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) require_regular(path, st);
}

void check_output_path(const fs::path& path, bool overwrite) {
  check_output_kind(path);  // so `path` is a regular file or nothing
  std::error_code ec;
  if (!overwrite && fs::exists(path, ec))
    throw InputError(path.string() + ": output file exists; pass --force to overwrite it");
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(folder, ec)) {
    throw InputError(path.string() + ": folder " + folder.string() + " does not exist");
  }
  // Before anything runs, rather than after hours of simulation (the result is written to a
  // temporary file in this folder, then renamed).
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw InputError(path.string() + ": cannot write to folder " + folder.string() + " (" +
                     system_message(errno) + ")");
  }
}

void check_output_folder(const fs::path& dir, const std::string& what) {
  std::error_code ec;
  fs::path existing = dir.empty() ? fs::path(".") : dir;
  while (!fs::exists(existing, ec) && existing.has_parent_path() &&
         existing.parent_path() != existing)
    existing = existing.parent_path();
  if (!fs::exists(existing, ec)) existing = ".";
  if (!fs::is_directory(existing, ec))
    throw InputError(what + ": " + existing.string() + " is not a folder");
  if (::access(existing.c_str(), W_OK | X_OK) != 0)
    throw InputError(what + ": cannot write to folder " + existing.string() + " (" +
                     system_message(errno) + ")");
}

OutputLock::OutputLock(fs::path output) : output_(std::move(output)) {
  const std::string name = output_.filename().string();
  if (name.empty() || name == "." || name == "..")
    throw InputError(output_.string() + ": not a file name");
  lock_file_ = output_.parent_path() / ("." + name + ".lock");
  // The lock file may be removed by the holder we raced with between our open and our lock: then
  // the lock we got is on a file nobody else will open, and we try again on the name.
  for (int attempt = 0; fd_ < 0; ++attempt) {
    const int fd = ::open(lock_file_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      const int error = errno;
      throw InputError(output_.string() + ": cannot make the lock file " + lock_file_.string() +
                       " (" + (error == ELOOP ? "it is a symbolic link" : system_message(error)) +
                       ")");
    }
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd, F_OFD_SETLK, &lock) != 0) {
      const int error = errno;
      const std::string holder = holder_of(fd);
      ::close(fd);
      if (error == EAGAIN || error == EACCES)
        throw InputError(output_.string() + ": another TwinSim is writing it (" + holder +
                         "); wait until it has finished, or write to another file");
      throw InputError(output_.string() + ": cannot lock " + lock_file_.string() + " (" +
                       system_message(error) + ")");
    }
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) == 0 && ::lstat(lock_file_.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      fd_ = fd;
    } else {
      ::close(fd);
      if (attempt == 100)
        throw InputError(output_.string() + ": cannot take the lock " + lock_file_.string() +
                         " (it keeps being replaced)");
    }
  }
  remember(lock_file_);
  const std::string line = holder_line();
  if (::ftruncate(fd_, 0) != 0 ||
      ::pwrite(fd_, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) {
    // Only the message a second writer would see is lost: the lock holds.
  }
  // Whoever wrote these is gone: every writer holds this lock while its temporary files exist.
  std::error_code ec;
  const fs::path folder = output_.parent_path().empty() ? fs::path(".") : output_.parent_path();
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const fs::path found = entry.path();
    if (!is_temporary_of(found.filename().string(), name)) continue;
    struct stat st {};
    if (::lstat(found.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
    if (::unlink(found.c_str()) == 0) removed_.push_back(found);
  }
}

OutputLock::~OutputLock() {
  // Removed while still held, so that nobody takes a lock on a file about to vanish unnoticed
  // (the check on the inode above catches the rest).
  ::unlink(lock_file_.c_str());
  forget(lock_file_);
  ::close(fd_);
}

void OutputLock::check_covers(const fs::path& path) const {
  if (path != output_ && path != fs::path(output_).concat(".partial"))
    throw std::invalid_argument("OutputLock: " + path.string() + " is not " + output_.string() +
                                " or its partial file");
}

fs::path new_temporary_name(const fs::path& path) {
  const fs::path name =
      path.parent_path() / ("." + path.filename().string() + ".tmp-" + random_hex());
  remember(name);
  return name;
}

void forget_temporary(const fs::path& name) {
  forget(name);
}

void remove_temporaries_now() noexcept {
  for (Slot& slot : g_slots)
    if (slot.used.load(std::memory_order_acquire)) ::unlink(slot.path);
}

void publish_file(const fs::path& from, const fs::path& to, bool overwrite) {
  if (!overwrite) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
    int error = errno;
    // File systems without RENAME_NOREPLACE (some network ones): a hard link is as exclusive.
    if (error == EINVAL || error == ENOSYS) {
      if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return;
      }
      error = errno;
    }
    if (error == EEXIST)
      throw InputError(to.string() + ": appeared while TwinSim was working; left as it is");
    throw fs::filesystem_error("cannot rename", from, to,
                               std::error_code(error, std::generic_category()));
  }
  struct stat st {};
  if (::lstat(to.c_str(), &st) == 0) require_regular(to, st);
  fs::rename(from, to);
}

void write_atomically(const OutputLock& lock, const fs::path& path, bool overwrite,
                      const std::function<void(const fs::path&)>& write,
                      const std::function<void()>& before_publish) {
  lock.check_covers(path);
  check_output_path(path, overwrite);
  const fs::path temporary = new_temporary_name(path);
  try {
    write(temporary);
    if (before_publish) before_publish();
    publish_file(temporary, path, overwrite);
    forget(temporary);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    forget(temporary);
    throw;
  }
}

void write_text_file(const fs::path& path, std::string_view text, bool overwrite) {
  const OutputLock lock(path);
  write_atomically(lock, path, overwrite, [&](const fs::path& temporary) {
    const int fd =
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
      throw std::runtime_error(path.string() + ": cannot write (" + system_message(errno) + ")");
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = errno;
        ::close(fd);
        throw std::runtime_error(path.string() + ": cannot write (" + system_message(error) + ")");
      }
      done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
      throw std::runtime_error(path.string() + ": cannot write (" + system_message(errno) + ")");
  });
}

}  // namespace sim
