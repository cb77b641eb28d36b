#include "analysis/logframe.hpp"

#include <catch2/catch.hpp>
#include <cmath>

namespace {
// Three runs of one metric over two months: month 2 values 100, 200, 300; run 2 failed (NaN) at
// month 1.
sim::ResultTable table() {
  sim::ResultTable t;
  t.resize({{"jobs", "employees", "jobs"}}, 3, 2);
  for (std::size_t r = 0; r < 3; ++r) {
    t.series(0, r)[0] = 10.0 * static_cast<double>(r + 1);
    t.series(0, r)[1] = 100.0 * static_cast<double>(r + 1);
  }
  t.series(0, 2)[0] = std::nan("");
  t.time = {1.0, 2.0};
  return t;
}
}  // namespace

TEST_CASE("a KPI counts the runs that meet its target at its month", "[logframe]") {
  const auto t = table();
  const auto up = analysis::evaluate(t, {"k", "jobs", 1, 150.0, true, {}});
  CHECK(up.met == 2);
  CHECK(up.runs == 3);
  CHECK(up.mean == Approx(200));
  const auto down = analysis::evaluate(t, {"k", "jobs", 1, 150.0, false, {}});
  CHECK(down.met == 1);
  // Month 1: the failed run is left out.
  const auto early = analysis::evaluate(t, {"k", "jobs", 0, 15.0, true, {}});
  CHECK(early.runs == 2);
  CHECK(early.met == 1);
  CHECK_THROWS_AS(analysis::evaluate(t, {"k", "nope", 0, 1.0, true, {}}), std::out_of_range);
  CHECK_THROWS_AS(analysis::evaluate(t, {"k", "jobs", 2, 1.0, true, {}}), std::out_of_range);
}

TEST_CASE("the logframe table shows baseline, target, outcome and runs met", "[logframe]") {
  const std::string text =
      analysis::logframe_table(table(), {{"more_jobs", "jobs", 1, 150.0, true, 90.0}});
  CHECK(text.find("more_jobs") != std::string::npos);
  CHECK(text.find(">= 150") != std::string::npos);
  CHECK(text.find(" 90 ") != std::string::npos);  // the baseline
  CHECK(text.find("2/3 runs") != std::string::npos);
}
