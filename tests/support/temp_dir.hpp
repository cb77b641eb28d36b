// Test support: a fresh, empty folder per test case, removed with everything in it at the end.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/temporary_folder.hpp"

namespace test_support {

class TempDir {
 public:
  /// A new folder under the system's temporary folder, named after `prefix` and made by mkdtemp
  /// (sim::TemporaryFolder: parallel test processes and cases never share one, and nobody else
  /// can have prepared it).
  explicit TempDir(const std::string& prefix) : folder_(prefix + "-") {}

  const std::filesystem::path& path() const { return folder_.path(); }
  std::filesystem::path operator/(const std::string& name) const { return path() / name; }

  /// Names of everything in the folder, hidden temporary files included, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path()))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  sim::TemporaryFolder folder_;
};

}  // namespace test_support
