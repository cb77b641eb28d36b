#include "analysis/summary.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

TEST_CASE("quantiles interpolate between order statistics (type 7)", "[summary]") {
  const std::vector<double> v{1, 2, 3, 4, 5};
  CHECK(analysis::quantile(v, 0.0) == 1);
  CHECK(analysis::quantile(v, 1.0) == 5);
  CHECK(analysis::quantile(v, 0.5) == 3);
  CHECK(analysis::quantile(v, 0.05) == Approx(1.2));
  CHECK(analysis::quantile(v, 0.95) == Approx(4.8));
}

TEST_CASE("summaries skip and count missing values", "[summary]") {
  const std::vector<double> v{4, std::nan(""), 2, 6};
  const auto s = analysis::summarize(v);
  CHECK(s.mean == Approx(4));
  CHECK(s.n == 3);
  CHECK(s.missing == 1);
  CHECK(s.lo == Approx(2.2));
  CHECK(s.hi == Approx(5.8));
}

TEST_CASE("the summary table shows each metric's mean and interval of final values", "[summary]") {
  sim::ResultTable t;
  t.resize({{"jobs", "employees", "jobs"}, {"firms", "1", "firms"}}, 3, 2);
  for (std::size_t r = 0; r < 3; ++r) {
    t.series(0, r)[1] = 100.0 * static_cast<double>(r + 1);
    t.series(1, r)[1] = 7;
    t.series(0, r)[0] = 10.0 * static_cast<double>(r + 1);  // month 1: mean 20
  }
  const std::string table = analysis::summary_table(t, {"jobs", "firms"});
  CHECK(table.find("jobs") != std::string::npos);
  CHECK(table.find("employees") != std::string::npos);
  CHECK(table.find("200") != std::string::npos);  // mean of 100, 200, 300
  CHECK(table.find("110") != std::string::npos);  // 5% quantile
  CHECK(table.find("290") != std::string::npos);  // 95% quantile
  CHECK(table.find("month 2") != std::string::npos);
  CHECK(table.find(" 20 ") != std::string::npos);  // mean at month 1
  CHECK_THROWS_AS(analysis::summary_table(t, {"nope"}), std::out_of_range);
}
