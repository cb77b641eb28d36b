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
