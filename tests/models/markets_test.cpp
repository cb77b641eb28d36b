// Market clearing on a hand-built world: shares, capacity limits and crowding-out.
#include "models/markets.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/models/hand_world.hpp"

using namespace twinsim;

namespace {
struct Fixture : test_support::HandWorld {
  Fixture() {
    p.market.competition_sensitivity = 1.0;
    p.south.labour_productivity = 100.0;
    p.north.labour_productivity = 100.0;
  }
  sim::Slot firm(int cluster, double employees, double quality) {
    const sim::Slot f = add_firm(cluster, employees, quality);
    w.firms.customers[f] = employees * 100.0;  // customers as large as capacity
    return f;
  }
  void clear(double demand) {
    w.market(kSouth, 0).demand = demand;
    run(clear_markets);
  }
  void month(double demand) {
    clear(demand);
    run(update_customers);
  }
};
}  // namespace

TEST_CASE("demand is shared in proportion to customers x quality^beta", "[markets]") {
  Fixture f;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 10, 3.0);
  f.clear(2000);
  CHECK(f.w.firms.orders[a] == Approx(500));
  CHECK(f.w.firms.orders[b] == Approx(1500));
  // b can serve 1000 (10 x 100); its 500 of overflow spills over to a, which has room.
  CHECK(f.w.firms.sales[a] == Approx(1000));
  CHECK(f.w.firms.sales[b] == Approx(1000));
  CHECK(f.w.market(kSouth, 0).sales == Approx(2000));
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

TEST_CASE("orders fall with price: shares follow customers x quality^beta x price^-epsilon",
          "[markets]") {
  Fixture f;
  f.p.market.price_sensitivity = 2.0;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 10, 2.0);
  f.w.firms.price[b] = 2.0;  // twice the quality at twice the price: 2^1 x 2^-2 = 1/2
  f.clear(900);
  CHECK(f.w.firms.orders[a] == Approx(600));
  CHECK(f.w.firms.orders[b] == Approx(300));
  // Price does not matter with sensitivity 0.
  f.p.market.price_sensitivity = 0;
  f.clear(900);
  CHECK(f.w.firms.orders[a] == Approx(300));
  CHECK(f.w.firms.orders[b] == Approx(600));
}

TEST_CASE("other clusters' firms do not take a market's demand", "[markets]") {
  Fixture f;
  const auto s = f.firm(kSouth, 10, 1.0);
  f.firm(kNorth, 50, 5.0);
  f.clear(700);
  CHECK(f.w.firms.orders[s] == Approx(700));
}

TEST_CASE("demand beyond every firm's capacity is lost, never oversold", "[markets]") {
  Fixture f;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 5, 2.0);
  f.clear(5000);
  CHECK(f.w.firms.sales[a] == Approx(1000));
  CHECK(f.w.firms.sales[b] == Approx(500));
  CHECK(f.w.market(kSouth, 0).sales == Approx(1500));
}

TEST_CASE("an upgrade displaces rivals' sales with spare capacity, not in a capacity-bound market",
          "[markets]") {
  // Three firms of capacity 1000 each; firm a upgrades its quality.
  auto rivals_sales = [](double demand, double quality_a) {
    Fixture f;
    const auto a = f.firm(kSouth, 10, quality_a), b = f.firm(kSouth, 10, 1.0),
               c = f.firm(kSouth, 10, 1.0);
    f.clear(demand);
    CHECK(f.w.firms.sales[a] + f.w.firms.sales[b] + f.w.firms.sales[c] ==
          Approx(std::min(demand, 3000.0)));
    return f.w.firms.sales[b] + f.w.firms.sales[c];
  };
  // Spare capacity (demand 1500 of 3000): the upgrade takes sales from b and c.
  CHECK(rivals_sales(1500, 2.0) < rivals_sales(1500, 1.0) - 100);
  // Capacity-bound (demand 3300 > 3000): everyone sells all it can, upgrade or not.
  CHECK(rivals_sales(3300, 2.0) == Approx(rivals_sales(3300, 1.0)));
}

TEST_CASE("firms of another sector do not take a market's demand", "[markets]") {
  Fixture f;
  f.w.sectors = 2;
  f.w.markets.assign(kClusters * 2, Market{});
  f.w.market_members.assign(kClusters * 2, {});
  const auto a = f.firm(kSouth, 10, 1.0);
  const auto b = f.firm(kSouth, 10, 5.0);
  f.w.firms.sector[b] = 1;
  f.w.market(kSouth, 1).demand = 300;
  f.clear(700);  // sector 0's demand
  CHECK(f.w.firms.orders[a] == Approx(700));
  CHECK(f.w.firms.orders[b] == Approx(300));
}

TEST_CASE("orders follow the customer base, not the size of the firm", "[markets]") {
  Fixture f;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 30, 1.0);
  f.w.firms.customers[b] = f.w.firms.customers[a];  // a big firm with as few customers as a
  f.clear(1000);
  CHECK(f.w.firms.orders[a] == Approx(500));
  CHECK(f.w.firms.orders[b] == Approx(500));
}

TEST_CASE("customers move toward the firms that serve them, at the turnover rate", "[markets]") {
  Fixture f;
  f.p.market.customer_turnover = 0.1;
  const auto a = f.firm(kSouth, 10, 1.0), b = f.firm(kSouth, 10, 3.0);
  // Demand 1500: b attracts 1125 but can serve 1000; a serves 500 (its 375 and b's overflow).
  f.month(1500);
  CHECK(f.w.firms.sales[a] == Approx(500));
  CHECK(f.w.firms.customers[a] == Approx(1000 + 0.1 * (500 - 1000)));
  CHECK(f.w.firms.customers[b] == Approx(1000 + 0.1 * (1000 - 1000)));
  // Month after month the better firm's share of customers grows, and no faster than the rate.
  double share_before = 0.5;
  for (int m = 0; m < 24; ++m) {
    f.month(1500);
    const double share = f.w.firms.customers[b] / (f.w.firms.customers[a] + f.w.firms.customers[b]);
    CHECK(share >= share_before);
    share_before = share;
  }
  CHECK(share_before > 0.6);
  // Without turnover nobody changes supplier.
  Fixture g;
  const auto c = g.firm(kSouth, 10, 1.0);
  g.firm(kSouth, 10, 3.0);
  g.p.market.customer_turnover = 0.0;
  for (int m = 0; m < 12; ++m) g.month(1500);
  CHECK(g.w.firms.customers[c] == Approx(1000));
}

TEST_CASE("the quality standard is the sales-weighted mean log quality", "[markets]") {
  Fixture f;
  f.firm(kSouth, 10, 1.0);
  f.firm(kSouth, 30, std::exp(1.0));
  f.w.firms.customers[1] = 1000;  // equal customers; b (quality e) attracts e times as much
  f.month(2000);
  const double sa = f.w.firms.sales[0], sb = f.w.firms.sales[1];
  CHECK(f.w.market(kSouth, 0).quality_standard == Approx(sb / (sa + sb)));
}
