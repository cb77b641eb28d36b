// Test support: a fresh, empty folder per test case, removed with everything in it at the end.
#pragma once

#include <stdlib.h>  // mkdtemp

#include <cerrno>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace test_support {

class TempDir {
 public:
  /// A new folder under the system's temporary folder, named after `prefix` and made by mkdtemp
  /// (an unpredictable name, created exclusively: parallel test processes and cases never share
  /// one, and nobody else can have prepared it).
  explicit TempDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  /// Names of everything in the folder, hidden temporary files included, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace test_support
