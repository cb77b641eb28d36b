// The memory this process may use: what a command compares its estimated need with before it
// allocates a world (the estimate itself is the model's: models/memory.hpp).
#pragma once

#include <string>

namespace sim {

/// The most memory this process may use, in bytes, and what sets it.
struct MemoryLimit {
  double bytes = 0;
  std::string what;  // "physical memory", "the cgroup's memory limit", "the address-space limit,
                     // ulimit -v"
  bool address_space = false;  // the limit counts address space reserved, not memory used
};

/// The smallest of the machine's physical memory (sysconf), the memory limit of this process's
/// cgroup and its ancestors (cgroup v2 memory.max, v1 memory.limit_in_bytes) and RLIMIT_AS
/// (ulimit -v). Never throws; a limit it cannot read does not count.
MemoryLimit memory_limit();

/// `bytes` for a message, in binary units, three significant digits below 100: "23.4 GiB",
/// "1.04 GiB", "310 GiB", "640 MiB", "12 kiB", "900 B".
std::string format_bytes(double bytes);

}  // namespace sim
