#include "models/memory.hpp"

#include <sys/resource.h>

#include <catch2/catch.hpp>

#include "tests/support/sanitizers.hpp"

#include "models/model.hpp"
#include "tests/models/scenario_support.hpp"

namespace {

using test_support::params_with;

// Peak resident memory of this process so far, in bytes (Linux reports kB).
double peak_rss() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

twinsim::Params with_firms(std::int64_t south, std::int64_t north, std::int64_t months = 12) {
  return params_with({{"sectors.manufacturing.firms_south", south},
                      {"sectors.manufacturing.firms_north", north},
                      {"horizon_months", months}});
}

}  // namespace

TEST_CASE("the memory estimate grows with the firms, the months, the runs' panels and the design",
          "[memory]") {
  const twinsim::Params small = with_firms(1000, 500), large = with_firms(100000, 50000);
  CHECK(twinsim::initial_firms(large) == 150000);
  // Linear in the firms: the world's fixed part is small beside 150000 of them.
  CHECK(twinsim::world_bytes(large) > 90 * twinsim::world_bytes(small));
  CHECK(twinsim::world_bytes(large) == Approx(150000 * 850.0).epsilon(0.05));

  const twinsim::Params longer = with_firms(1000, 500, 120);
  CHECK(twinsim::run_results_bytes(longer, 0, false) ==
        Approx(10 * twinsim::run_results_bytes(small, 0, false)));
  CHECK(twinsim::run_results_bytes(small, 0, true) >
        3 * twinsim::run_results_bytes(small, 0, false));
  // A firm panel every month: one snapshot of every firm a month.
  CHECK(twinsim::run_results_bytes(small, 1, false) >
        12 * 1500 * 8 * 10 + twinsim::run_results_bytes(small, 0, false));
  CHECK(twinsim::run_results_bytes(small, 12, false) <
        twinsim::run_results_bytes(small, 1, false) / 10);

  const twinsim::Params sectors = params_with({}, {});
  CHECK(twinsim::design_point_bytes(sectors, 10) > twinsim::design_point_bytes(sectors, 1));
}

TEST_CASE("the estimate of a world is within a factor 1.5 of the memory a real run takes",
          "[memory]") {
#ifdef TWINSIM_ASAN
  WARN("a run's memory is not measured under AddressSanitizer");
  return;
#endif
  // 150000 firms for a year: the run's peak resident memory above what this process held before.
  const twinsim::Params p = with_firms(100000, 50000);
  const double before = peak_rss();
  const sim::RunRecord record = twinsim::simulate_recorded(p, 1, 0, {});
  const double used = peak_rss() - before;
  const double estimate = twinsim::world_bytes(p);
  INFO("estimate " << estimate << " B, used " << used << " B");
  CHECK(record.series.steps() == 12);
  CHECK(estimate < 1.5 * used);
  CHECK(estimate > used / 1.5);
}
