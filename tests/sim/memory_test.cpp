#include "sim/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/support/sanitizers.hpp"

TEST_CASE("sizes read in binary units", "[memory]") {
  CHECK(sim::format_bytes(900) == "900 B");
  CHECK(sim::format_bytes(12 * 1024) == "12 kiB");
  CHECK(sim::format_bytes(1.5 * (1 << 30)) == "1.5 GiB");
  CHECK(sim::format_bytes(23.44 * (1 << 30)) == "23.4 GiB");
  CHECK(sim::format_bytes(310.0 * (1 << 30)) == "310 GiB");
  CHECK(sim::format_bytes(2.0 * 1024 * 1024 * 1024 * 1024) == "2 TiB");
}

TEST_CASE("the memory limit is the smallest of the machine's, the cgroup's and ulimit -v",
          "[memory]") {
  const double physical =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
  const sim::MemoryLimit limit = sim::memory_limit();
  CHECK(limit.bytes > 0);
  CHECK(limit.bytes <= physical);
  CHECK(!limit.what.empty());

#ifdef TWINSIM_ASAN
  WARN("the address-space limit is not checked under AddressSanitizer");
  return;
#endif
  // An address-space limit below everything else: it is the one that binds.
  struct rlimit saved {};
  REQUIRE(getrlimit(RLIMIT_AS, &saved) == 0);
  struct rlimit lower = saved;
  lower.rlim_cur = static_cast<rlim_t>(std::min(limit.bytes, physical) / 2);
  REQUIRE(setrlimit(RLIMIT_AS, &lower) == 0);
  const sim::MemoryLimit under = sim::memory_limit();
  REQUIRE(setrlimit(RLIMIT_AS, &saved) == 0);
  CHECK(under.bytes == static_cast<double>(lower.rlim_cur));
  CHECK(under.what == "the address-space limit, ulimit -v");
  CHECK(under.address_space);
  CHECK_FALSE(limit.address_space);
}
