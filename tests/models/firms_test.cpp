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

TEST_CASE("closures: established firms at the base hazard, young ones above it, fading with age",
          "[firms]") {
  FirmParams fp;
  fp.closure_rate_per_year = 0.12;
  fp.young_closure_rate_per_year = 1.2;
  fp.young_months = 12;
  CHECK(closure_probability(fp, -1) == Approx(1.0 - std::exp(-0.01)));
  CHECK(closure_probability(fp, 0) == Approx(1.0 - std::exp(-(0.12 + 1.2) / 12.0)));
  CHECK(closure_probability(fp, 12) ==
        Approx(1.0 - std::exp(-(0.12 + 1.2 / std::exp(1.0)) / 12.0)));
  fp.closure_rate_per_year = 0;
  fp.young_closure_rate_per_year = 0;
  CHECK(closure_probability(fp, 3) == 0.0);

  // init_world's table by age holds the same numbers, bit for bit, for every month of the run.
  Params p;
  p.horizon_months = 30;
  World w;
  init_world(w, p, sim::Streams(1, 0));
  REQUIRE(w.closure_by_age.size() == 30);
  CHECK(w.closure_established == closure_probability(p.firms, -1));
  for (std::size_t age = 0; age < w.closure_by_age.size(); ++age)
    CHECK(w.closure_by_age[age] == closure_probability(p.firms, static_cast<double>(age)));
}

TEST_CASE("a young firm under a certain hazard closes; an established one without hazard stays",
          "[firms]") {
  Fixture f;  // built by hand: no table, the probabilities are computed
  f.p.firms.closure_rate_per_year = 0;
  f.p.firms.young_closure_rate_per_year = 1e9;  // closes with probability 1 - exp(-huge) = 1
  f.p.firms.young_months = 12;
  const auto old = f.firm(0, 1), young = f.firm(0, 1);
  f.w.firms.born[young] = 2;
  f.w.firms.cash[old] = f.w.firms.cash[young] = 100;
  f.run(exit_firms, 5);
  CHECK(f.w.firms.pop.alive(old));
  CHECK_FALSE(f.w.firms.pop.alive(young));
  CHECK(f.w.events.exits[kSouth] == 1);
}
