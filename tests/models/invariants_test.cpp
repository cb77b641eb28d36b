// The model's invariant checks: silent on the model's own months, loud on each kind of broken
// state (so that a check which could never fail would show here).
#include "models/invariants.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "models/firms.hpp"
#include "models/markets.hpp"
#include "models/model.hpp"
#include "models/observables.hpp"
#include "models/schedule.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using Catch::Matchers::Contains;

namespace {

// The default world (with a project and a tiered sector, so that every system runs) after
// `months` months with every check on.
struct Checked {
  Params p;
  sim::Streams streams{7, 0};
  World w;
  Context ctx{p, streams, w};

  explicit Checked(std::uint32_t months)
      : p(test_support::params_with(
            {{"sectors.manufacturing.tier_shares", std::vector<double>{0.4, 0.3, 0.3}},
             {"project.start_month", std::int64_t{0}},
             {"project.preparation_months", std::int64_t{1}}})) {
    init_world(w, p, streams);
    const auto schedule = build_schedule(p, true);
    for (std::uint32_t m = 0; m < months; ++m) {
      ctx.month = m;
      schedule.run_step(ctx, m);
    }
  }
  // The next month up to market clearing, as the schedule runs it.
  void clear_next_month(std::uint32_t month) {
    ctx.month = month;
    begin_month(ctx);
    update_demand(ctx);
    clear_markets(ctx);
  }
  sim::Slot live_firm(int cluster) const {
    for (sim::Slot i = 0; i < w.firms.pop.slots(); ++i)
      if (w.firms.pop.alive(i) && w.firms.cluster[i] == cluster && w.firms.tier[i] == 0) return i;
    FAIL("no live firm");
    return 0;
  }
};

}  // namespace

TEST_CASE("a schedule made with checks runs them as phases of their own; one without has none",
          "[invariants]") {
  const Params p = test_support::params_with({});
  const auto with = build_schedule(p, true).phase_names();
  const auto without = build_schedule(p, false).phase_names();
  CHECK(with.size() == without.size() + 2);
  CHECK(std::find(with.begin(), with.end(), "check: market clearing") ==
        std::find(with.begin(), with.end(), "market clearing") + 1);
  CHECK(with.back() == "check: month");
}

TEST_CASE("the model's own months keep every invariant, and checking changes no result",
          "[invariants]") {
  const Params p = test_support::params_with({{"horizon_months", std::int64_t{36}}});
  Recording checked;
  checked.check_invariants = true;
  Recording unchecked;
  unchecked.check_invariants = false;
  const auto a = simulate_recorded(p, 3, 0, checked).series;
  const auto b = simulate_recorded(p, 3, 0, unchecked).series;
  for (std::size_t k = 0; k < metric_specs().size(); ++k) {
    const auto x = a.series(k), y = b.series(k);
    CHECK(std::vector<double>(x.begin(), x.end()) == std::vector<double>(y.begin(), y.end()));
  }
}

TEST_CASE(
    "market clearing: orders that do not add up to the demand, or misplaced backlog, are caught",
    "[invariants]") {
  Checked c(14);
  c.clear_next_month(14);
  check_market_clearing(c.ctx);  // as the model left it

  SECTION("the demand changed after it was shared") {
    c.w.market(kSouth, 0).demand *= 1.01;
    CHECK_THROWS_WITH(check_market_clearing(c.ctx),
                      Contains("month 14") && Contains("south market of sector 'manufacturing'") &&
                          Contains("orders add up to"));
  }
  SECTION("a firm's backlog is not its share of the unserved demand") {
    const sim::Slot i = c.live_firm(kNorth);
    c.w.firms.backlog[i] += 1.0;
    CHECK_THROWS_WITH(check_market_clearing(c.ctx), Contains("north firm") && Contains("backlog"));
  }
  SECTION("a firm serves more than its staff can make") {
    const sim::Slot i = c.live_firm(kSouth);
    c.w.firms.sales[i] = 2 * c.w.firms.employees[i] * c.p.south.labour_productivity + 1;
    CHECK_THROWS_WITH(check_market_clearing(c.ctx), Contains("sales"));
  }
  SECTION("the market's sales are not its firms' sales") {
    c.w.market(kNorth, 0).sales += 100;
    CHECK_THROWS_WITH(check_market_clearing(c.ctx), Contains("are not its firms' sales"));
  }
}

TEST_CASE("the end of a month: negative stocks, links to closed firms, overspending are caught",
          "[invariants]") {
  Checked c(14);
  check_month(c.ctx);  // as the model left it
  const sim::Slot i = c.live_firm(kSouth);

  SECTION("negative cash") {
    c.w.firms.cash[i] = -1;
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("south firm") && Contains("cash = -1"));
  }
  SECTION("negative or not-a-number jobs") {
    c.w.firms.employees[i] = GENERATE(-0.5, std::numeric_limits<double>::quiet_NaN());
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("employees"));
  }
  SECTION("infinite quality") {
    c.w.firms.quality[i] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("quality = inf"));
  }
  SECTION("a firm closed without its links") {
    const sim::Slot j = c.live_firm(kNorth);
    c.w.network.add_link(i, j, kTechnology, 0.5, 14);
    c.w.firms.pop.remove(j);
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("slot"));
  }
  SECTION("a cross-border link within one cluster") {
    sim::Slot j = i + 1;
    while (!c.w.firms.pop.alive(j) || c.w.firms.cluster[j] != kSouth) ++j;
    c.w.network.add_link(i, j, kSubcontracting, 0.5, 14);
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("cross-border link must join"));
  }
  SECTION("a trust weight above 1") {
    c.w.network.add_link(i, c.live_firm(kNorth), kExportSales, 1.5, 14);
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("weight 1.5"));
  }
  SECTION("money spent above the budget") {
    c.w.project.spent = c.p.project.budget_eur * 1.001;
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("the project: money spent"));
  }
  SECTION("the project paid out more than it spent this month") {
    c.w.events.bds_revenue_project = c.w.project.spent_this_month + 1000;
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("more than it spent"));
  }
  SECTION("a provider with negative cash") {
    sim::Slot s = 0;
    while (!c.w.bds.pop.alive(s)) ++s;
    c.w.bds.cash[s] = -5;
    CHECK_THROWS_WITH(check_month(c.ctx), Contains("BDS provider") && Contains("cash = -5"));
  }
}

TEST_CASE("a recorded metric that is not finite is caught by name", "[invariants]") {
  std::vector<double> row(metric_specs().size(), 1.0);
  check_metrics(3, row, metric_specs());
  row[2] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(check_metrics(3, row, metric_specs()),
                    Contains("month 3: metric " + metric_specs()[2].name + " = nan"));
}
