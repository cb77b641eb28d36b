// Firms' systems on a hand-built world: demonstration learning and the cash reserve.
#include "models/firms.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/models/hand_world.hpp"

using namespace twinsim;

namespace {
struct Fixture : test_support::HandWorld {
  sim::Slot firm(double log_quality, double absorptive) {
    const sim::Slot f = add_firm(kSouth, 10, std::exp(log_quality));
    w.firms.absorptive[f] = absorptive;
    return f;
  }
  void step(void (*system)(Context&)) { run(system); }
};
}  // namespace

TEST_CASE(
    "laggards close part of their gap to the quality standard, leaders lose part of their lead",
    "[firms]") {
  Fixture f;
  f.p.firms.demonstration_learning = 0.1;
  f.p.firms.advantage_erosion = 0.05;
  f.w.market(kSouth, 0).quality_standard = 0.5;
  const auto low = f.firm(0.0, 1.0), low_slow = f.firm(0.0, 0.2), high = f.firm(1.5, 1.0);
  f.step(learn_by_demonstration);
  CHECK(std::log(f.w.firms.quality[low]) == Approx(0.1 * 0.5));
  CHECK(std::log(f.w.firms.quality[low_slow]) == Approx(0.1 * 0.2 * 0.5));
  CHECK(std::log(f.w.firms.quality[high]) == Approx(1.5 - 0.05 * 1.0));
  // Nothing diffuses when both rates are 0.
  Fixture g;
  const auto x = g.firm(-1.0, 1.0), y = g.firm(2.0, 1.0);
  g.step(learn_by_demonstration);
  CHECK(std::log(g.w.firms.quality[x]) == Approx(-1.0));
  CHECK(std::log(g.w.firms.quality[y]) == Approx(2.0));
}

TEST_CASE("profit above the cash reserve is paid out; losses draw the cash down", "[firms]") {
  Fixture f;
  f.p.firms.cash_reserve_months = 2;
  f.p.south.wage = 100;
  f.p.south.material_cost_share = 0.5;
  const auto rich = f.firm(0, 1), poor = f.firm(0, 1);
  f.w.firms.cash[rich] = 1900;
  f.w.firms.sales[rich] = 3000;  // profit 1500 - 1000 = 500: cash capped at 2 x 100 x 10
  f.w.firms.cash[poor] = 300;
  f.w.firms.sales[poor] = 1000;  // profit 500 - 1000 = -500
  f.step(account);
  CHECK(f.w.firms.profit[rich] == Approx(500));
  CHECK(f.w.firms.cash[rich] == Approx(2000));
  CHECK(f.w.firms.cash[poor] == Approx(-200));
}

TEST_CASE("a lead firm's price moves toward its quality premium; a supplier's stays at 1",
          "[firms]") {
  Fixture f;
  f.p.firms.price_quality_elasticity = 0.5;
  f.p.firms.price_adjustment = 0.25;
  f.w.market(kSouth, 0).quality_standard = std::log(2.0);
  const auto better = f.firm(std::log(8.0), 1), worse = f.firm(std::log(0.5), 1),
             supplier = f.firm(std::log(8.0), 1);
  f.w.firms.tier[supplier] = 2;
  f.w.firms.price[supplier] = 1.3;
  f.step(set_prices);
  // Targets: (8 / 2)^0.5 = 2 and (0.5 / 2)^0.5 = 0.5; a quarter of the gap from 1 is closed.
  CHECK(f.w.firms.price[better] == Approx(1.25));
  CHECK(f.w.firms.price[worse] == Approx(0.875));
  CHECK(f.w.firms.price[supplier] == Approx(1.0));
  for (int month = 0; month < 200; ++month) f.step(set_prices);
  CHECK(f.w.firms.price[better] == Approx(2.0));
  CHECK(f.w.firms.price[worse] == Approx(0.5));
  // With elasticity 0 every target is the reference price.
  f.p.firms.price_quality_elasticity = 0;
  for (int month = 0; month < 200; ++month) f.step(set_prices);
  CHECK(f.w.firms.price[better] == Approx(1.0));
}

TEST_CASE("a firm earns its price on what it sells and pays materials at the reference price",
          "[firms]") {
  Fixture f;
  f.p.firms.cash_reserve_months = 100;
  f.p.south.wage = 100;
  f.p.south.material_cost_share = 0.5;
  const auto dear = f.firm(0, 1), cheap = f.firm(0, 1);
  f.w.firms.price[dear] = 1.2;
  f.w.firms.price[cheap] = 0.8;
  f.w.firms.sales[dear] = f.w.firms.sales[cheap] = 2000;
  f.w.firms.export_sales[dear] = 1000;
  f.step(account);
  CHECK(f.w.firms.profit[dear] == Approx(3000 * 0.7 - 1000));
  CHECK(f.w.firms.profit[cheap] == Approx(2000 * 0.3 - 1000));
}
