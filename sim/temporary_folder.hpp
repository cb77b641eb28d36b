// Folders of our own for temporary files, safe in a folder other users may write to (/tmp).
#pragma once

#include <filesystem>
#include <string>

namespace sim {

/// A new folder <parent>/<prefix>XXXXXX made by mkdtemp: a name no one can predict, created only if
/// nothing had that name, open to its owner only (mode 0700). Removed with everything in it (links
/// themselves, never what they point to) when destroyed. Move-only.
class TemporaryFolder {
 public:
  /// In the system's temporary folder ($TMPDIR, or /tmp). Throws std::filesystem::filesystem_error
  /// when the folder cannot be made.
  explicit TemporaryFolder(const std::string& prefix);
  /// In `parent`, which must exist.
  TemporaryFolder(const std::filesystem::path& parent, const std::string& prefix);
  ~TemporaryFolder();
  TemporaryFolder(TemporaryFolder&& other) noexcept;
  TemporaryFolder& operator=(TemporaryFolder&& other) noexcept;
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  void remove() noexcept;
  std::filesystem::path path_;  // empty once moved from
};

}  // namespace sim
