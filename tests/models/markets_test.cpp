// Market clearing on a hand-built world: shares, capacity limits and crowding-out.
#include "models/markets.hpp"

#include <catch2/catch.hpp>

using namespace twinsim;

namespace {
struct Fixture {
  Params p{};
  sim::Streams streams{1, 0};
  World w;
  Fixture() {
    p.market.competition_sensitivity = 1.0;
    p.south.labour_productivity = 100.0;
    p.north.labour_productivity = 100.0;
  }
  sim::Slot firm(int cluster, double employees, double quality) {
    const sim::Slot f = w.firms.pop.add();
    w.firms.cluster[f] = static_cast<std::uint8_t>(cluster);
    w.firms.employees[f] = employees;
    w.firms.quality[f] = quality;
    return f;
  }
  void clear(double demand) {
    w.markets[kSouth].demand = demand;
    collect_members(w);
    Context ctx{p, streams, w};
    clear_markets(ctx);
  }
};
}  // namespace

TEST_CASE("demand is shared in proportion to capacity x quality^beta", "[markets]") {
  Fixture f;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 10, 3.0);
  f.clear(2000);
  CHECK(f.w.firms.orders[a] == Approx(500));
  CHECK(f.w.firms.orders[b] == Approx(1500));
  CHECK(f.w.firms.sales[a] == Approx(500));
  CHECK(f.w.firms.sales[b] == Approx(1000));  // capacity 10 x 100
  CHECK(f.w.markets[kSouth].sales == Approx(1500));
}

TEST_CASE("in a fixed market one firm's gain is the others' loss", "[markets]") {
  Fixture f;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 10, 1.0), c = f.firm(kSouth, 10, 1.0);
  f.clear(1500);
  const double before_b = f.w.firms.orders[b];
  f.w.firms.quality[a] = 2.0;  // an upgrade of firm a alone
  f.clear(1500);
  CHECK(f.w.firms.orders[a] > 500);
  CHECK(f.w.firms.orders[b] < before_b);
  CHECK(f.w.firms.orders[a] + f.w.firms.orders[b] + f.w.firms.orders[c] == Approx(1500));
}

TEST_CASE("other clusters' firms do not take a market's demand", "[markets]") {
  Fixture f;
  const auto s = f.firm(kSouth, 10, 1.0);
  f.firm(kNorth, 50, 5.0);
  f.clear(700);
  CHECK(f.w.firms.orders[s] == Approx(700));
}
