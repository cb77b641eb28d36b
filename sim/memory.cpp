#include "sim/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>

namespace sim {
namespace {

// Values at or above this are "no limit" (cgroup v1 writes 2^63 rounded down to a page).
constexpr double kUnlimited = 0x1p62;

// The number in `file`, or nothing ("max", missing, unreadable).
double read_limit(const std::string& file) {
  std::ifstream in(file);
  std::string word;
  if (!(in >> word) || word == "max") return kUnlimited;
  try {
    return std::stod(word);
  } catch (const std::exception&) {
    return kUnlimited;
  }
}

// The smallest `name` in the cgroup folder `root` + `path` and in each of its ancestors up to
// `root` (a parent's limit binds its children; in a container the path may not exist, while the
// namespace's root does).
double cgroup_limit(const std::string& root, std::string path, const char* name) {
  double limit = kUnlimited;
  for (;;) {
    limit = std::min(limit, read_limit(root + path + "/" + name));
    if (path.empty() || path == "/") return limit;
    path = path.substr(0, path.rfind('/'));
  }
}

}  // namespace

MemoryLimit memory_limit() {
  MemoryLimit out{kUnlimited, ""};
  auto consider = [&out](double bytes, const char* what, bool address_space = false) {
    if (bytes > 0 && bytes < out.bytes) out = {bytes, what, address_space};
  };
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    consider(static_cast<double>(pages) * static_cast<double>(page), "physical memory");
  // /proc/self/cgroup: "0::PATH" for cgroup v2, "N:...,memory,...:PATH" for v1's memory controller.
  std::ifstream cgroups("/proc/self/cgroup");
  for (std::string line; std::getline(cgroups, line);) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (line.compare(0, first, "0") == 0 && controllers.empty()) {
      consider(cgroup_limit("/sys/fs/cgroup", path, "memory.max"), "the cgroup's memory limit");
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      consider(cgroup_limit("/sys/fs/cgroup/memory", path, "memory.limit_in_bytes"),
               "the cgroup's memory limit");
    }
  }
  struct rlimit as {};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    consider(static_cast<double>(as.rlim_cur), "the address-space limit, ulimit -v", true);
  return out;
}

std::string format_bytes(double bytes) {
  static constexpr std::string_view units[] = {"B", "kiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  std::size_t u = 0;
  while (bytes >= 1024 && u + 1 < std::size(units)) {
    bytes /= 1024;
    ++u;
  }
  char text[64];
  if (bytes < 100 && u > 0) {
    std::snprintf(text, sizeof text, "%.3g %s", bytes, units[u].data());
  } else {
    std::snprintf(text, sizeof text, "%.0f %s", bytes, units[u].data());
  }
  return text;
}

}  // namespace sim
