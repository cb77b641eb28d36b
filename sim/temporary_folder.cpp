#include "sim/temporary_folder.hpp"

#include <stdlib.h>

#include <cerrno>
#include <system_error>
#include <utility>
#include <vector>

namespace sim {

namespace fs = std::filesystem;

TemporaryFolder::TemporaryFolder(const std::string& prefix)
    : TemporaryFolder(fs::temp_directory_path(), prefix) {}

TemporaryFolder::TemporaryFolder(const fs::path& parent, const std::string& prefix) {
  const std::string pattern = (parent / (prefix + "XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (::mkdtemp(name.data()) == nullptr)
    throw fs::filesystem_error("cannot make a temporary folder", fs::path(pattern),
                               std::error_code(errno, std::generic_category()));
  path_ = name.data();
}

TemporaryFolder::~TemporaryFolder() {
  remove();
}

TemporaryFolder::TemporaryFolder(TemporaryFolder&& other) noexcept
    : path_(std::exchange(other.path_, {})) {}

TemporaryFolder& TemporaryFolder::operator=(TemporaryFolder&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

void TemporaryFolder::remove() noexcept {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  path_.clear();
}

}  // namespace sim
