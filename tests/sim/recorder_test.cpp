#include "sim/recorder.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

TEST_CASE("recorded values land in their metric's series", "[recorder]") {
  sim::Recorder r({{"jobs", "1", "jobs"}, {"output", "EUR/month", "output"}}, 3);
  const std::vector<double> v0{1, 10}, v2{3, 30};
  r.record(0, v0);
  r.record(2, v2);
  CHECK(r.series(0)[0] == 1);
  CHECK(std::isnan(r.series(0)[1]));
  CHECK(r.series(0)[2] == 3);
  CHECK(r.series(1)[2] == 30);
  CHECK(r.index_of("output") == 1);
  CHECK_THROWS_AS(r.index_of("nope"), std::out_of_range);
}

TEST_CASE("recording outside the horizon or with the wrong width fails", "[recorder]") {
  sim::Recorder r({{"jobs", "1", "jobs"}}, 2);
  const std::vector<double> one{1}, two{1, 2};
  CHECK_THROWS_AS(r.record(2, one), std::out_of_range);
  CHECK_THROWS_AS(r.record(0, two), std::invalid_argument);
}
