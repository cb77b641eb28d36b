// The model observed through its recorded metrics, as users read them.
#include "models/model.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "models/observables.hpp"
#include "models/schedule.hpp"
#include "models/world.hpp"
#include "sim/ensemble.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using test_support::series;

namespace {

// A small, fast scenario: defaults with fewer firms and months, overridden by `changes`.
Params small(const test_support::Changes& changes = {}) {
  return test_support::params_with({{"sectors.manufacturing.firms_north", std::int64_t{40}},
                                    {"sectors.manufacturing.firms_south", std::int64_t{60}},
                                    {"horizon_months", std::int64_t{60}}},
                                   changes);
}

}  // namespace

TEST_CASE("the month's schedule reads as the process overview", "[model]") {
  const auto s = build_schedule(small());
  const std::vector<std::string> overview = {"begin month",
                                             "market demand",
                                             "bds offers",
                                             "association month",
                                             "project",
                                             "bds purchases",
                                             "innovation",
                                             "demonstration",
                                             "market clearing",
                                             "supply orders",
                                             "customers",
                                             "twinning trade",
                                             "northern perceptions",
                                             "accounting",
                                             "pricing",
                                             "employment",
                                             "exit",
                                             "entry",
                                             "bds accounting",
                                             "bds exit",
                                             "bds entry",
                                             "association membership",
                                             "association accounting",
                                             "link dissolution",
                                             "cross-border dissolution",
                                             "link formation",
                                             "joint actions",
                                             "supplier search",
                                             "matchmaking",
                                             "association matchmaking"};
  CHECK(s.phase_names() == overview);
}

TEST_CASE("a run is reproducible and depends on its seed", "[model]") {
  const Params p = small();
  const auto a = simulate(p, 5), b = simulate(p, 5), c = simulate(p, 6);
  for (std::size_t m = 0; m < a.metrics().size(); ++m) {
    const auto sa = a.series(m), sb = b.series(m);
    REQUIRE(std::equal(sa.begin(), sa.end(), sb.begin()));
  }
  CHECK(series(a, "jobs_south") != series(c, "jobs_south"));
}

TEST_CASE("ensembles give the same numbers on 1 and 2 threads", "[model]") {
  const Params p = small();
  auto run_with = [&](unsigned threads) {
    sim::ResultTable t;
    t.resize(metric_specs(), 6, static_cast<std::size_t>(p.horizon_months));
    sim::run_ensemble(
        t, threads, [&](std::size_t r) { return simulate(p, 100 + r); }, nullptr);
    return t.values;
  };
  const auto one = run_with(1), two = run_with(2);
  REQUIRE(one.size() == two.size());
  // Bitwise equality (NaN never appears: every metric is recorded every month).
  CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(double)) == 0);
}

TEST_CASE("accounting identities hold every month", "[model][invariant]") {
  const Params p = small();
  const auto r = simulate(p, 3);
  for (const char* c : {"north", "south"}) {
    const std::string cl = c;
    const auto firms = series(r, "firms_" + cl), entries = series(r, "entries_" + cl),
               exits = series(r, "exits_" + cl), output = series(r, "output_" + cl),
               demand = series(r, "demand_" + cl), jobs = series(r, "jobs_" + cl);
    double expected = static_cast<double>(p.initial_firms(cl == "north" ? kNorth : kSouth, 0));
    for (std::size_t m = 0; m < firms.size(); ++m) {
      expected += entries[m] - exits[m];
      REQUIRE(firms[m] == expected);                  // firms = initial + entries - exits
      REQUIRE(output[m] <= demand[m] * (1 + 1e-12));  // sales never exceed demand
      REQUIRE(output[m] >= 0);
      REQUIRE(jobs[m] >= 0);
    }
  }
}

TEST_CASE("demand follows the scenario path: trend, and shocks at their month", "[model]") {
  const Params p = small({{"market.cycle_amplitude", 0.0},
                          {"market.growth_per_year", 0.10},
                          {"market.shock_months", std::vector<double>{24}},
                          {"market.shock_factors", std::vector<double>{0.5}},
                          {"market.shock_cluster", std::string("north")}});
  const auto r = simulate(p, 1);
  const auto south = series(r, "demand_south"), north = series(r, "demand_north");
  CHECK(south[12] / south[0] == Approx(1.10).epsilon(1e-12));  // one year of 10% growth
  CHECK(north[23] == Approx(north[0]).epsilon(1e-12));         // flat before the shock
  CHECK(north[24] == Approx(0.5 * north[0]).epsilon(1e-12));   // halved from the shock month on
  CHECK(north[59] == Approx(0.5 * north[0]).epsilon(1e-12));
}

TEST_CASE("demand falling to zero leaves no sales and no jobs in the end", "[model][invariant]") {
  // No export market either: all demand for southern products falls to zero.
  const Params p = small({{"market.shock_months", std::vector<double>{6}},
                          {"market.shock_factors", std::vector<double>{0.0}},
                          {"market.export_access", 0.0}});
  const auto r = simulate(p, 2);
  const auto output = series(r, "output_south");
  for (std::size_t m = 6; m < output.size(); ++m) REQUIRE(output[m] == 0.0);
  CHECK(series(r, "jobs_south").back() < 1.0);
  for (const auto& spec : metric_specs())
    for (double v : series(r, spec.name)) REQUIRE(std::isfinite(v));
}

TEST_CASE("a declining market destroys jobs that a growing one creates", "[model]") {
  // Per seed: final southern jobs relative to the same run's first month.
  auto job_change = [](double growth, std::uint64_t seed) {
    const Params p = small({{"market.growth_per_year", growth}});
    const auto jobs = series(simulate(p, seed), "jobs_south");
    return jobs.back() / jobs.front();
  };
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    CHECK(job_change(0.05, seed) > 1.05);
    CHECK(job_change(-0.05, seed) < 0.97);  // exports to the north cushion the decline
  }
}

TEST_CASE("cooperation links form, stay within each cluster and give clustered networks",
          "[model]") {
  const Params p = small({{"network.link_formation_per_year", 3.0}});
  const auto r = simulate(p, 4);
  for (const std::string c : {"south", "north"}) {
    INFO(c);
    CHECK(series(r, "links_cooperation_" + c).back() > 20);
    CHECK(series(r, "clustering_" + c).back() > 0.05);
    CHECK(series(r, "largest_component_share_" + c).back() > 0.2);
  }
  const Params none = small({{"network.link_formation_per_year", 0.0}});
  const auto s = simulate(none, 4);
  CHECK(series(s, "links_cooperation_south").back() == 0);
  CHECK(series(s, "components_south").back() == series(s, "firms_south").back());
}

TEST_CASE("links only ever join live firms of the same cluster", "[model][invariant]") {
  // The month loop of simulate(), with the network inspected after every month.
  const Params p = small(
      {{"network.link_formation_per_year", 6.0}, {"market.growth_per_year", -0.3}});  // many exits
  const sim::Streams streams(9, 0);
  World w;
  init_world(w, p, streams);
  const auto schedule = build_schedule(p);
  Context ctx{p, streams, w};
  std::int64_t exits = 0;
  for (std::uint32_t m = 0; m < 60; ++m) {
    ctx.month = m;
    schedule.run_step(ctx, m);
    exits += w.events.exits[kSouth];
    // measure() throws if a firm that exited still has a link.
    REQUIRE_NOTHROW(w.network.measure(kCooperation, w.firms.pop.alive_mask()));
    for (sim::Slot f = 0; f < w.firms.pop.slots(); ++f)
      w.network.for_each_link(f, kCooperation, [&](sim::Slot other, double, int) {
        REQUIRE(w.firms.cluster[other] == w.firms.cluster[f]);
      });
  }
  CHECK(exits > 0);  // the check above met firms that exited
}

TEST_CASE("each sector has its own market: own growth, own firms", "[model]") {
  const Params p = test_support::params_from(R"(
horizon_months = 36
[market]
growth_per_year = 0.10
cycle_amplitude = 0.0
[sectors.auto_components]
firms_south = 50
firms_north = 20
growth_per_year = -0.20
[sectors.textiles]
firms_south = 70
firms_north = 0
)",
                                             {});
  REQUIRE(p.sectors.size() == 2);
  CHECK(p.sectors[0].name == "auto_components");  // file order
  CHECK(p.growth_per_year(kSouth, 0) == -0.20);   // its own
  CHECK(p.growth_per_year(kSouth, 1) == 0.10);    // inherited from market.growth_per_year
  const sim::Streams streams(5, 0);
  World w;
  init_world(w, p, streams);
  REQUIRE(w.markets.size() == 4);
  const auto schedule = build_schedule(p);
  Context ctx{p, streams, w};
  std::array<double, 2> initial{};
  for (std::uint32_t m = 0; m < 36; ++m) {
    ctx.month = m;
    schedule.run_step(ctx, m);
    if (m == 0)
      for (std::size_t s = 0; s < 2; ++s) initial[s] = w.market(kSouth, s).demand;
    // Sales stay within their own sector's market (firms that exited this month sold too).
    for (std::size_t s = 0; s < 2; ++s) {
      double sold = 0;
      for (sim::Slot f : w.market_members[kSouth * w.sectors + s]) sold += w.firms.sales[f];
      REQUIRE(sold <= w.market(kSouth, s).sales * (1 + 1e-12));
      REQUIRE(w.market(kSouth, s).sales <= w.market(kSouth, s).demand * (1 + 1e-12));
    }
  }
  CHECK(w.market(kSouth, 0).demand / initial[0] == Approx(std::pow(0.8, 35.0 / 12)).epsilon(1e-9));
  CHECK(w.market(kSouth, 1).demand / initial[1] == Approx(std::pow(1.1, 35.0 / 12)).epsilon(1e-9));
  // No northern textile firms: that market starts empty and stays without sales.
  CHECK(w.market(kNorth, 1).sales == 0);
  for (sim::Slot f = 0; f < w.firms.pop.slots(); ++f)
    if (w.firms.pop.alive(f) && w.firms.cluster[f] == kNorth) REQUIRE(w.firms.sector[f] == 0);
}

TEST_CASE("job quality and concentration stay within their bounds", "[model]") {
  const Params p = small();
  const auto r = simulate(p, 3);
  for (const char* c : {"south", "north"}) {
    const std::string cluster = c;
    const double productivity = p.cluster(cluster == "north" ? kNorth : kSouth).labour_productivity;
    const auto per_job = series(r, "sales_per_job_" + cluster),
               hhi = series(r, "concentration_" + cluster), firms = series(r, "firms_" + cluster);
    for (std::size_t m = 0; m < per_job.size(); ++m) {
      // Sales never exceed capacity (employees x productivity); a Herfindahl index lies in
      // [1/firms, 1] (the sales-weighted mean over sectors too, each sector having fewer firms).
      CHECK(per_job[m] > 0);
      CHECK(per_job[m] <= productivity * (1 + 1e-9));
      CHECK(hhi[m] >= 1.0 / firms[m] - 1e-12);
      CHECK(hhi[m] <= 1.0);
    }
  }
}
