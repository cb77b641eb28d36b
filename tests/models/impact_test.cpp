// Paired worlds (models/impact.hpp): the same streams in both, group sums that match the recorded
// metrics, and effects that vanish when the two worlds are the same.
#include "models/impact.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using test_support::series;

namespace {

Params scenario(const test_support::Changes& changes = {}) {
  return test_support::params_with({{"sectors.manufacturing.firms_north", std::int64_t{40}},
                                    {"sectors.manufacturing.firms_south", std::int64_t{150}},
                                    {"horizon_months", std::int64_t{60}},
                                    {"project.enabled", true},
                                    {"project.start_month", std::int64_t{6}},
                                    {"project.assisted_firms", std::int64_t{12}}},
                                   changes);
}

std::vector<double> column(const GroupSeries& g, std::size_t outcome) {
  std::vector<double> v(g.values.size() / kImpactOutcomes);
  for (std::size_t m = 0; m < v.size(); ++m) v[m] = g.at(m, outcome);
  return v;
}

}  // namespace

TEST_CASE("the same scenario in both worlds: every sum is the same, month by month", "[impact]") {
  const Params p = scenario();
  const PairedRecord r = simulate_pair(p, p, 3, 0, {});
  CHECK(r.sums.clients_intervention.values == r.sums.clients_counterfactual.values);
  CHECK(r.sums.south_intervention.values == r.sums.south_counterfactual.values);
  CHECK(r.sums.north_intervention.values == r.sums.north_counterfactual.values);
  // ... and the project did assist firms, so the equality is not between empty sums.
  CHECK(column(r.sums.clients_intervention, kImpactFirms).back() > 0);
  // Stepping two worlds side by side changes neither: each equals the run made alone.
  const sim::Recorder alone = simulate(p, 3);
  CHECK(series(r.intervention.series, "jobs_south") == series(alone, "jobs_south"));
  CHECK(series(r.counterfactual.series, "links_cross_border") ==
        series(alone, "links_cross_border"));
}

TEST_CASE("group sums are the recorded metrics: all southern jobs, the clients' jobs", "[impact]") {
  const Params with = scenario();
  const Params without = scenario({{"project.enabled", false}});
  const PairedRecord r = simulate_pair(with, without, 5, 0, {});
  const auto jobs_with = column(r.sums.south_intervention, kImpactJobs);
  const auto jobs_without = column(r.sums.south_counterfactual, kImpactJobs);
  const auto expected_with = series(r.intervention.series, "jobs_south");
  const auto expected_without = series(r.counterfactual.series, "jobs_south");
  const auto assisted = series(r.intervention.series, "jobs_south_assisted");
  const auto clients = column(r.sums.clients_intervention, kImpactJobs);
  const auto chosen = series(r.intervention.series, "firms_south_assisted");
  std::size_t selected = 0;
  while (selected < chosen.size() && chosen[selected] == 0) ++selected;
  REQUIRE(selected < chosen.size());
  for (std::size_t m = 0; m < jobs_with.size(); ++m) {
    CHECK(jobs_with[m] == Approx(expected_with[m]));
    CHECK(jobs_without[m] == Approx(expected_without[m]));
    // From the month they are chosen the clients are the firms flagged assisted; before, the
    // same firms, not yet assisted, and the same in both worlds.
    if (m >= selected) CHECK(clients[m] == Approx(assisted[m]).margin(1e-9));
  }
  const auto clients_without = column(r.sums.clients_counterfactual, kImpactJobs);
  for (std::size_t m = 0; m < selected; ++m) {
    CHECK(clients[m] > 0);
    CHECK(clients[m] == clients_without[m]);
  }
  CHECK(column(r.sums.south_intervention, kImpactFirms) ==
        series(r.intervention.series, "firms_south"));
  CHECK(column(r.sums.south_intervention, kImpactCrossBorder) ==
        series(r.intervention.series, "links_cross_border"));
  // Up to the project's start the worlds are one; the baseline is the end of month 5.
  CHECK(r.sums.baseline_month == 5);
  for (std::size_t m = 0; m <= 5; ++m) CHECK(jobs_with[m] == jobs_without[m]);
  // The clients' baseline is their sum at the end of month 5, in every month.
  const auto baseline = column(r.sums.clients_baseline, kImpactJobs);
  CHECK(baseline.back() == clients[5]);
  for (double b : baseline) CHECK(b == baseline.back());
  // The project's clients exist only in the world with the project, but their ids name the same
  // firms in the counterfactual, where they are alive and employ people.
  CHECK(column(r.sums.clients_counterfactual, kImpactJobs).back() > 0);
  CHECK(series(r.counterfactual.series, "jobs_south_assisted").back() == 0);
}
