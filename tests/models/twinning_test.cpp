// The three kinds of cross-border link, one system step at a time in a hand-built world.
#include "models/twinning.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/models/hand_world.hpp"

using namespace twinsim;

namespace {

// One southern firm of 10 employees with half its capacity idle, linked by a link of `kind` to a
// northern firm of 25 employees selling 100,000 EUR a month; one twinning_trade step.
struct Pair : test_support::HandWorld {
  sim::Slot south = 0, north = 0;
  explicit Pair(LinkKind kind) {
    p.south.labour_productivity = 1000;
    p.twinning.outsourcing_share = 0.1;
    p.twinning.market_access_per_month = 0.5;
    p.twinning.learning_per_month = 0.1;
    p.twinning.optimal_distance = 1.0;
    p.twinning.convergence_per_month = 0.1;
    p.twinning.trust_gain_per_month = 0.0;
    south = add_firm(kSouth, 10, 1.0);
    north = add_firm(kNorth, 25, 1.0);
    w.firms.sales[south] = 5000;  // capacity 10,000: room for 5,000 more
    w.firms.sales[north] = w.firms.orders[north] = 100000;
    w.firms.absorptive[south] = 1.0;
    w.firms.capability[0][north] = 1.0;  // at the optimal distance
    w.network.add_link(south, north, kind, 0.5, 0);
    run(twinning_trade);
  }
};

}  // namespace

TEST_CASE("a subcontracting link moves production south as an order the partner grows into",
          "[twinning]") {
  const Pair pair(kSubcontracting);
  const Firms& f = pair.w.firms;
  // The order is 10% of the northern partner's sales; the partner serves what its room allows
  // and keeps the whole order, so it hires for the rest.
  CHECK(f.export_orders[pair.south] == Approx(10000));
  CHECK(f.export_sales[pair.south] == Approx(5000));
  CHECK(f.sales[pair.north] == Approx(95000));
  CHECK(f.orders[pair.north] == Approx(95000));
  CHECK(pair.w.events.outsourced == Approx(5000));
  CHECK(f.export_readiness[pair.south] == 0);
  CHECK(std::log(f.quality[pair.south]) > 0);  // it learns too
}

TEST_CASE("an export-sales link opens the partner's market; production stays put", "[twinning]") {
  const Pair pair(kExportSales);
  const Firms& f = pair.w.firms;
  // Readiness closes 0.5 x trust 0.5 of its gap to 1.
  CHECK(f.export_readiness[pair.south] == Approx(0.25));
  CHECK(f.export_orders[pair.south] == 0);
  CHECK(f.sales[pair.north] == Approx(100000));
  CHECK(std::log(f.quality[pair.south]) > 0);
}

TEST_CASE("a technology-transfer link carries know-how alone", "[twinning]") {
  const Pair pair(kTechnology);
  const Firms& f = pair.w.firms;
  CHECK(f.export_readiness[pair.south] == 0);
  CHECK(f.export_orders[pair.south] == 0);
  CHECK(f.sales[pair.north] == Approx(100000));
  // Absorptive capacity 1 at the optimal distance: the full gain, and capabilities converge.
  CHECK(std::log(f.quality[pair.south]) > 0);
  CHECK(f.capability[0][pair.south] > 0);
}
