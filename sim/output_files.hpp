// The files TwinSim writes, whatever they hold (docs/output-format.md, "Guarantees"): an output is
// a regular file or nothing; it is written under an unpredictable temporary name in its own folder
// and renamed only when complete; and one process at a time writes it, under a lock that also lets
// the next writer remove what a writer killed with -9 left.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

/// Fails with InputError (exit status 2) before any work when `path` cannot be an output: it
/// exists and is not a regular file (a folder, device, FIFO, socket or symbolic link: refused even
/// with `overwrite`, docs/output-format.md), it exists and `overwrite` is false, or its folder does
/// not exist or may not be written to.
void check_output_path(const std::filesystem::path& path, bool overwrite);

/// Fails with InputError (exit status 2) when `path` exists and is not a regular file (the first
/// check of check_output_path): for files whose folder may not exist yet, such as figures.
void check_output_kind(const std::filesystem::path& path);

/// Fails with InputError (exit status 2) before any work when files cannot be written into folder
/// `dir` (made later if missing): the nearest part of it that exists is not a folder, or may not
/// be written to. `what` names it in the message, e.g. "--plot figs".
void check_output_folder(const std::filesystem::path& dir, const std::string& what);

/// The right to write output `path` and its companions (`path`.partial and the temporary files of
/// both), held by one process at a time: an advisory lock (fcntl, on the open file description, so
/// it works across NFS and ends with the process however it ends) on the hidden file `.NAME.lock`
/// next to it, which is removed when released. Every TwinSim writer holds it while any of these
/// files is being written, so the temporary files found when it is taken (`.NAME.tmp-*`,
/// `.NAME.partial.tmp-*`) were left by a writer that was killed: they are removed.
class OutputLock {
 public:
  /// Takes the lock. Throws InputError (exit status 2) when another process holds it (the message
  /// names it), or when the lock file cannot be made (the folder missing or read-only).
  explicit OutputLock(std::filesystem::path output);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  const std::filesystem::path& output() const { return output_; }
  /// The files a killed writer left, removed when the lock was taken.
  const std::vector<std::filesystem::path>& removed() const { return removed_; }
  /// Throws std::invalid_argument unless `path` is the output or its `.partial` file.
  void check_covers(const std::filesystem::path& path) const;

 private:
  std::filesystem::path output_, lock_file_;
  int fd_ = -1;
  std::vector<std::filesystem::path> removed_;
};

/// A new name for a temporary file next to `path`, `.NAME.tmp-` and 16 random hex digits, that no
/// other process can predict: create it exclusively (O_CREAT | O_EXCL, which never follows a
/// symbolic link). Until forget_temporary(name), a fatal signal's handler removes it
/// (remove_temporaries_now).
std::filesystem::path new_temporary_name(const std::filesystem::path& path);
/// The temporary file `name` is gone or has been renamed: the signal handler leaves it alone.
void forget_temporary(const std::filesystem::path& name);
/// Removes every temporary file and lock file this process is writing now. Async-signal-safe: for
/// a signal handler that ends the process at once (app/stop_signals.cpp).
void remove_temporaries_now() noexcept;

/// Renames the complete file `from` (in the same folder) to `to`: over an existing regular file
/// only when `overwrite` is true, never over anything else. Throws InputError when `to` appeared
/// meanwhile (without `overwrite`) or is not a regular file; std::filesystem_error when the rename
/// fails.
void publish_file(const std::filesystem::path& from, const std::filesystem::path& to,
                  bool overwrite);

/// Writes `path` (`lock`'s output or its .partial file): calls `write` with a new temporary name
/// in the same folder (new_temporary_name; `write` creates the file there exclusively), then calls
/// `before_publish` (which may throw to abandon the file, e.g. when the user pressed Ctrl-C) and
/// publishes it (publish_file). Whatever fails, the temporary file is removed and `path` is left
/// as it was. Throws InputError when `path` exists and `overwrite` is false (before anything is
/// written), or rethrows what `write` or `before_publish` throws.
void write_atomically(const OutputLock& lock, const std::filesystem::path& path, bool overwrite,
                      const std::function<void(const std::filesystem::path& temporary)>& write,
                      const std::function<void()>& before_publish = {});

/// Writes text file `path` (a report, a log, a table) atomically under its own lock: checked as
/// check_output_path, written to a temporary file and renamed. Throws InputError for an unusable
/// path (exit status 2), std::runtime_error when writing fails.
void write_text_file(const std::filesystem::path& path, std::string_view text, bool overwrite);

}  // namespace sim
