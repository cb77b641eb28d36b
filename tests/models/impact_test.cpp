// Paired worlds (models/impact.hpp): the same streams in both, group sums that match the recorded
// metrics, and effects that vanish when the two worlds are the same.
#include "models/impact.hpp"

#include <catch2/catch.hpp>
#include <cmath>
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

TEST_CASE("two firms sharing a fixed demand: what the client gains the other firm loses",
          "[impact]") {
  // One southern client and one other firm of 50 employees, a demand that neither grows nor
  // cycles, no entry, no closures, no exports: the project's support can only move demand.
  const test_support::Changes two_firms = {{"sectors.manufacturing.firms_south", std::int64_t{2}},
                                           {"sectors.manufacturing.firms_north", std::int64_t{2}},
                                           {"project.assisted_firms", std::int64_t{1}},
                                           {"horizon_months", std::int64_t{60}},
                                           {"south.employees_mean", 50.0},
                                           {"south.employees_tail_share", 0.0},
                                           {"market.growth_per_year", 0.0},
                                           {"market.cycle_amplitude", 0.0},
                                           {"market.export_access", 0.0},
                                           {"market.customer_turnover", 0.2},
                                           {"entry.rate_per_year", 0.0},
                                           {"firms.closure_rate_per_year", 0.0},
                                           {"firms.young_closure_rate_per_year", 0.0},
                                           {"donor.crisis", false},
                                           {"project.upgrading_per_month", 0.05}};
  const Params with = scenario(two_firms);
  test_support::Changes off = two_firms;
  off.push_back({"project.enabled", false});
  const Params without = scenario(off);
  std::size_t balanced = 0;
  double added = 0, lost = 0, unbalanced = 0;
  const std::size_t runs = 8;
  for (std::uint64_t seed = 1; seed <= runs; ++seed) {
    const PairedSums s = simulate_pair(with, without, seed, 0, {}).sums;
    const std::size_t last = s.south_intervention.values.size() / kImpactOutcomes - 1;
    const double additional = s.clients_intervention.at(last, kImpactOutput) -
                              s.clients_counterfactual.at(last, kImpactOutput);
    const double net = s.south_intervention.at(last, kImpactOutput) -
                       s.south_counterfactual.at(last, kImpactOutput);
    added += additional;
    lost += additional - net;  // displacement = additional - net
    // Where both firms have the room to serve the fixed demand, it is all served in both worlds:
    // the other firm's loss is exactly the client's gain.
    if (std::abs(net) < 1.0) ++balanced;  // EUR a month, of a demand near 100,000
    unbalanced += std::abs(net);
  }
  CHECK(added > 0);             // the support moved demand to the client ...
  CHECK(lost > 0.8 * added);    // ... taken from the other firm ...
  CHECK(balanced >= runs / 2);  // ... one for one in most replicates
}
