// Tiered supply chains observed through recorded metrics and the firm panel: orders flow down the
// chain, supply links form and dissolve, untiered sectors are untouched, and the seed's pattern 2.
#include "models/supply.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "models/observables.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using test_support::series;

namespace {

// One southern sector without and with tiers (the size mix of the India scenario's Pune sector).
const std::string kUntiered = R"(
horizon_months = 60
[market]
growth_per_year = 0.03
[sectors.auto_components]
firms_south = 300
firms_north = 60
)";
const std::string kTiered = kUntiered + "tier_shares = [0.10, 0.32, 0.29, 0.29]\n";

// Sum of panel variable `v` at snapshot k over live southern firms whose tier satisfies `keep`.
template <class Keep>
double panel_sum(const sim::PanelRecorder& panel, std::size_t k, const std::string& v, Keep keep) {
  const auto values = panel.values(k, test_support::firm_panel_index(v));
  const auto tier = panel.values(k, test_support::firm_panel_index("tier"));
  const auto cluster = panel.values(k, test_support::firm_panel_index("cluster"));
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isnan(values[i]) && cluster[i] == static_cast<double>(kSouth) && keep(tier[i]))
      sum += values[i];
  return sum;
}

}  // namespace

TEST_CASE("the firm panel records each firm's tier with the scenario's shares", "[supply][panel]") {
  const Params p = test_support::params_from(kTiered, {{"horizon_months", std::int64_t{1}}});
  const auto record = simulate_recorded(p, 2, 0, Recording{1});
  const auto& panel = record.panels.at(0);
  const auto tier = panel.values(0, test_support::firm_panel_index("tier"));
  const auto cluster = panel.values(0, test_support::firm_panel_index("cluster"));
  std::vector<double> count(4, 0.0);
  double north_tiered = 0;
  for (std::size_t i = 0; i < tier.size(); ++i) {
    if (std::isnan(tier[i])) continue;
    if (cluster[i] == static_cast<double>(kNorth))
      north_tiered += tier[i] != 0;
    else
      count[static_cast<std::size_t>(tier[i])] += 1;
  }
  CHECK(north_tiered == 0);  // tiers are the southern cluster's
  const std::vector<double> shares = {0.10, 0.32, 0.29, 0.29};
  for (std::size_t k = 0; k < 4; ++k) {
    INFO("tier " << k);
    // Binomial draws of 300 firms: within about four standard deviations.
    const double sd = std::sqrt(300 * shares[k] * (1 - shares[k]));
    CHECK(std::abs(count[k] - 300 * shares[k]) < 4 * sd);
  }
}

TEST_CASE("suppliers sell only what their buyers ordered; lead firms alone sell to the market",
          "[supply][invariant]") {
  const Params p = test_support::params_from(kTiered, {});
  const auto record = simulate_recorded(p, 5, 0, Recording{1});
  const auto& panel = record.panels.at(0);
  const auto& r = record.series;
  const auto ordered = series(r, "input_orders_south"),
             sourced = series(r, "input_sourcing_share_south"), exits = series(r, "exits_south"),
             demand = series(r, "demand_south"), output = series(r, "output_south");
  int checked = 0;
  for (std::size_t m = 0; m < ordered.size(); ++m) {
    // In a month with an exit the panel no longer shows the leaver's sales.
    if (exits[m] > 0) continue;
    ++checked;
    INFO("month " << m);
    const double supplier_sales = panel_sum(panel, m, "sales", [](double t) { return t > 0; });
    const double lead_sales = panel_sum(panel, m, "sales", [](double t) { return t == 0; });
    REQUIRE(supplier_sales > 0);
    // Output conservation: suppliers' sales = input orders served in the cluster.
    CHECK(supplier_sales == Approx(ordered[m] * sourced[m]).epsilon(1e-9));
    CHECK(sourced[m] <= 1.0);
    CHECK(lead_sales <= demand[m] * (1 + 1e-12));
    // The cluster's output is the lead firms' sales plus the suppliers'.
    CHECK(output[m] == Approx(lead_sales + supplier_sales).epsilon(1e-9));
  }
  CHECK(checked >= 6);
}

TEST_CASE("supply links persist while used and dissolve when unused", "[supply]") {
  const auto used = simulate(test_support::params_from(kTiered, {}), 3);
  const auto links = series(used, "links_supply_south");
  REQUIRE(links.front() > 100);  // the division of labour exists at the start
  CHECK(links.back() > 0.8 * links.front());
  CHECK(series(used, "suppliers_with_buyer_share_south").back() > 0.8);
  double formed = 0;
  for (double x : series(used, "supply_links_formed")) formed += x;
  CHECK(formed > 0);  // buyers short of suppliers found new ones
  // Buyers that order nothing in the cluster let their links' trust decay until they drop them.
  const auto unused =
      simulate(test_support::params_from(kTiered, {{"supply.sourcing_share", 0.0}}), 3);
  const auto idle = series(unused, "links_supply_south");
  REQUIRE(idle.front() > 100);
  CHECK(idle[24] < 0.2 * idle.front());
  for (double x : series(unused, "input_orders_south")) REQUIRE(x == 0);
}

TEST_CASE("an untiered sector runs exactly as before when another sector is tiered",
          "[supply][invariant]") {
  // Sectors interact only through BDS providers, entrants' ids and the project: all off here, so
  // the textiles firms must not notice whether auto components are tiered.
  auto run = [](bool tiered) {
    const std::string toml = std::string(R"(
horizon_months = 48
[entry]
rate_per_year = 0.0
[bds]
initial_providers = 0
[sectors.textiles]
firms_south = 120
firms_north = 30
[sectors.auto_components]
firms_south = 200
firms_north = 30
)") + (tiered ? "tier_shares = [0.2, 0.4, 0.4]\n" : "");
    return simulate_recorded(test_support::params_from(toml, {}), 7, 0, Recording{12});
  };
  const auto plain = run(false), tiered = run(true);
  const auto& a = plain.panels.at(0);
  const auto& b = tiered.panels.at(0);
  const std::size_t sector = test_support::firm_panel_index("sector");
  double compared = 0;
  for (std::size_t k = 0; k < a.snapshots(); ++k)
    for (const char* v : {"employees", "sales", "cash", "quality", "export_sales"}) {
      const auto x = a.values(k, test_support::firm_panel_index(v));
      const auto y = b.values(k, test_support::firm_panel_index(v));
      const auto s = a.values(k, sector);
      for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == 0) {  // textiles
          REQUIRE(x[i] == y[i]);
          compared += 1;
        }
    }
  CHECK(compared > 1000);
  // And the tiered sector did change.
  CHECK(series(tiered.series, "links_supply_south").back() > 0);
  CHECK(series(plain.series, "links_supply_south").back() == 0);
}

namespace {
// Cross-border links alive `after` months after the project's end, per link alive at its end,
// summed over `seeds` replicates of the same project in a tiered or an untiered sector.
double surviving_share(bool tiered, int seeds) {
  const std::string toml = (tiered ? kTiered : kUntiered) + R"(
[project]
enabled = true
start_month = 0
preparation_months = 0
duration_months = 24
fast_track = true
assisted_firms = 30
matches_per_month = 4.0
)";
  const Params p = test_support::params_from(toml, {{"horizon_months", std::int64_t{48}}});
  double at_end = 0, after = 0;
  for (int s = 1; s <= seeds; ++s) {
    const auto r = simulate(p, static_cast<std::uint64_t>(s));
    const auto links = series(r, "links_cross_border");
    at_end += links[23];
    after += links[47];
  }
  REQUIRE(at_end > 0);
  return after / at_end;
}
}  // namespace

TEST_CASE("pattern 2: a tiered sector's cross-border matches outlast an untiered sector's",
          "[supply][pattern]") {
  const double tiered = surviving_share(true, 8), untiered = surviving_share(false, 8);
  INFO("tiered " << tiered << ", untiered " << untiered);
  CHECK(tiered > untiered + 0.1);
}

TEST_CASE("functional upgrading moves tier-3 clients up to tier 2", "[supply][project]") {
  const std::string toml = kTiered + R"(
[project]
enabled = true
start_month = 0
preparation_months = 0
assisted_firms = 40
selection = "agenda"
)";
  auto run = [&](const char* strategy) {
    const Params p =
        test_support::params_from(toml, {{"project.upgrading", std::string(strategy)}});
    return simulate_recorded(p, 4, 0, Recording{static_cast<std::size_t>(p.horizon_months)});
  };
  auto upgrades = [](const sim::Recorder& r) {
    double n = 0;
    for (double x : series(r, "tier_upgrades")) n += x;
    return n;
  };
  // Assisted firms at tier 3 at the end.
  auto clients_at_tier3 = [](const sim::PanelRecorder& panel) {
    const auto tier = panel.values(0, test_support::firm_panel_index("tier"));
    const auto assisted = panel.values(0, test_support::firm_panel_index("assisted"));
    double n = 0;
    for (std::size_t i = 0; i < tier.size(); ++i) n += tier[i] == 3 && assisted[i] == 1;
    return n;
  };
  const auto cost = run("cost_performance"), functional = run("functional");
  CHECK(upgrades(cost.series) == 0);
  CHECK(upgrades(functional.series) > 3);
  CHECK(clients_at_tier3(functional.panels.at(0)) < clients_at_tier3(cost.panels.at(0)));
}
