// The additionality accounting (analysis/impact.hpp) on hand-checkable numbers.
#include "analysis/impact.hpp"
#include "analysis/plots.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace analysis;

namespace {
// Two firms share a fixed demand worth 20 jobs: the client and the other firm.
GroupTotals two_firms(std::vector<double> client_with, std::vector<double> client_without) {
  GroupTotals t;
  t.clients_with = client_with;
  t.clients_without = client_without;
  t.clients_baseline.assign(client_with.size(), 10.0);
  for (std::size_t m = 0; m < client_with.size(); ++m) {
    t.all_with.push_back(20.0);  // what one gains the other loses
    t.all_without.push_back(20.0);
  }
  t.outside_with.assign(client_with.size(), 7.0);
  t.outside_without.assign(client_with.size(), 7.0);
  return t;
}
}  // namespace

TEST_CASE("two firms sharing a fixed demand: the client's gain is the other's loss", "[impact]") {
  // Without the project the client would have grown from 10 to 12 anyway; with it, to 15.
  const ImpactComponents c = account_impact(two_firms({10, 15}, {10, 12}));
  CHECK(c.gross[1] == 5);
  CHECK(c.deadweight[1] == 2);
  CHECK(c.additional[1] == 3);
  CHECK(c.displacement[1] == 3);  // the other firm has 5 instead of 8
  CHECK(c.net[1] == 0);
  CHECK(c.ratio[1] == 1);
  CHECK(c.leakage[1] == 0);
  // Month 0: no effect yet, and the ratio is undefined.
  CHECK(c.additional[0] == 0);
  CHECK(std::isnan(c.ratio[0]));
}

TEST_CASE("a growing market: the client's gain is additional, nobody loses", "[impact]") {
  GroupTotals t = two_firms({10, 16}, {10, 11});
  t.all_with = {20, 26};  // the client served new demand nobody else would have
  t.all_without = {20, 21};
  t.outside_with = {7, 6};
  const ImpactComponents c = account_impact(t);
  CHECK(c.gross[1] == 6);
  CHECK(c.deadweight[1] == 1);
  CHECK(c.additional[1] == 5);
  CHECK(c.displacement[1] == 0);
  CHECK(c.net[1] == 5);
  CHECK(c.ratio[1] == 0);
  CHECK(c.leakage[1] == -1);
}

TEST_CASE("the accounting identities hold on any numbers", "[impact]") {
  GroupTotals t;
  t.clients_with = {3.5, 8.25, -1.0, 40.0};
  t.clients_without = {2.0, 9.0, 0.5, 12.0};
  t.clients_baseline = {1.0, 1.0, 4.0, 10.0};
  t.all_with = {100.0, 90.5, 70.0, 300.0};
  t.all_without = {97.0, 93.0, 71.0, 250.0};
  t.outside_with = t.outside_without = {1, 2, 3, 4};
  const ImpactComponents c = account_impact(t);
  for (std::size_t m = 0; m < 4; ++m) {
    CHECK(c.gross[m] == Approx(c.net[m] + c.deadweight[m] + c.displacement[m]));
    CHECK(c.additional[m] == Approx(c.gross[m] - c.deadweight[m]));
    CHECK(c.net[m] == Approx(c.additional[m] - c.displacement[m]));
    if (c.additional[m] > 0)
      CHECK(c.ratio[m] == Approx(c.displacement[m] / c.additional[m]));
    else
      CHECK(std::isnan(c.ratio[m]));
  }
  t.all_without.pop_back();
  CHECK_THROWS_AS(account_impact(t), std::invalid_argument);
}

TEST_CASE("an effect is significant from the month its interval first excludes 0", "[impact]") {
  OutcomeImpact o{"jobs", "employees", {}};
  // Three replicates; the net effect is 0 in month 0, noisy around 0 in month 1, clearly positive
  // from month 2.
  const std::vector<std::vector<double>> net = {{0, -1, 5, 6}, {0, 2, 4, 7}, {0, 0.5, 6, 8}};
  for (const auto& n : net) {
    ImpactComponents c;
    c.net = n;
    o.runs.push_back(c);
  }
  const std::size_t net_index = 4;  // impact_component_names()[4] == "net"
  REQUIRE(impact_component_names()[net_index] == "net");
  CHECK(first_significant_month(o, net_index, 4) == 2);
  // A loss counts as well as a gain.
  for (auto& r : o.runs)
    for (double& x : r.net) x = -x;
  CHECK(first_significant_month(o, net_index, 4) == 2);
  for (auto& r : o.runs) r.net = {0, 0, 0, 0};
  CHECK(first_significant_month(o, net_index, 4) == 4);  // never
}

TEST_CASE("a band over runs: mean and interval per month, NaN where too few runs have a value",
          "[impact][plot]") {
  const double nan = std::nan("");
  const std::vector<std::vector<double>> runs = {{1, nan, 4}, {3, nan, 4}, {5, 2, nan}};
  const Band b = band_over_runs(runs, 0.9, 2);
  CHECK(b.mean[0] == Approx(3));
  CHECK(b.lo[0] < 3);
  CHECK(b.hi[0] > 3);
  CHECK(std::isnan(b.mean[1]));  // one run of three has a value
  CHECK(b.mean[2] == Approx(4));
  CHECK(b.lo[2] == Approx(4));  // no spread
}
