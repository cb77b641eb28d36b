// BDS providers observed through their recorded metrics: the market's accounting, the project's
// contracts, and the seed's finding (providers that live on project budgets close after the
// project unless paying demand was built; subsidised services crowd out paid ones).
#include "models/bds.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using test_support::mean;
using test_support::series;

namespace {

// A small scenario: 120 southern firms, a project of 24 active months that supports 30 clients
// from month 3 (after one month of preparation) to month 25 and buys 80% of their support through
// BDS contracts; the project has ended from month 26.
Params scenario(const test_support::Changes& changes = {}) {
  return test_support::params_with({{"sectors.manufacturing.firms_north", std::int64_t{30}},
                                    {"sectors.manufacturing.firms_south", std::int64_t{120}},
                                    {"horizon_months", std::int64_t{60}},
                                    {"project.enabled", true},
                                    {"project.start_month", std::int64_t{2}},
                                    {"project.preparation_months", std::int64_t{1}},
                                    {"project.duration_months", std::int64_t{24}},
                                    {"project.assisted_firms", std::int64_t{30}},
                                    {"project.cost_per_firm_month", 2000.0},
                                    {"project.budget_eur", 2e6},
                                    {"project.bds_contract_share", 0.8},
                                    {"bds.initial_providers", std::int64_t{4}}},
                                   changes);
}
constexpr std::size_t kLastProjectMonth = 25;

const char* const kBdsMetrics[] = {
    "bds_active",  "bds_revenue", "bds_revenue_share_firms", "bds_services_bought", "bds_contracts",
    "bds_entries", "bds_exits"};

}  // namespace

TEST_CASE(
    "providers' revenue is services x price plus contracts; the project pays contracts "
    "from its budget",
    "[bds][invariant]") {
  for (const double budget : {2e6, 150000.0}) {
    const Params p = scenario({{"bds.purchase_probability", 0.3}, {"project.budget_eur", budget}});
    const auto r = simulate(p, 7);
    const auto revenue = series(r, "bds_revenue"), share = series(r, "bds_revenue_share_firms"),
               bought = series(r, "bds_services_bought"), contracts = series(r, "bds_contracts"),
               spend = series(r, "project_spend"), spent = series(r, "project_spend_cumulative"),
               active = series(r, "bds_active"), entries = series(r, "bds_entries"),
               exits = series(r, "bds_exits");
    const double per_contract = p.project.bds_contract_share * p.project.cost_per_firm_month;
    double providers = static_cast<double>(p.bds.initial_providers), contract_revenue = 0;
    for (std::size_t m = 0; m < revenue.size(); ++m) {
      const double paid = bought[m] * p.bds.price, project = contracts[m] * per_contract;
      REQUIRE(revenue[m] == Approx(paid + project));
      REQUIRE(share[m] * revenue[m] == Approx(paid));
      // What providers receive from the project is part of what it spends, month by month.
      REQUIRE(project <= spend[m] + 1e-9);
      contract_revenue += project;
      REQUIRE(contract_revenue <= spent[m] + 1e-6);
      REQUIRE(spent[m] <= budget);
      providers += entries[m] - exits[m];
      REQUIRE(active[m] == providers);
      // No provider serves more than its capacity (providers that closed served this month too).
      REQUIRE(bought[m] + contracts[m] <= p.bds.capacity * (active[m] + exits[m]));
      if (m > kLastProjectMonth) REQUIRE(contracts[m] == 0);
    }
    CHECK(contract_revenue > 0);
  }
}

TEST_CASE("without a project providers earn only from paying firms", "[bds][invariant]") {
  for (const bool enabled : {false, true}) {
    // A project with no budget is no project either.
    const Params p = scenario({{"project.enabled", enabled},
                               {"project.budget_eur", 0.0},
                               {"bds.purchase_probability", 0.3}});
    const auto r = simulate(p, 2);
    const auto revenue = series(r, "bds_revenue"), share = series(r, "bds_revenue_share_firms"),
               bought = series(r, "bds_services_bought"), contracts = series(r, "bds_contracts");
    double total = 0;
    for (std::size_t m = 0; m < revenue.size(); ++m) {
      REQUIRE(contracts[m] == 0);
      REQUIRE(revenue[m] == Approx(bought[m] * p.bds.price));
      REQUIRE(share[m] == (revenue[m] > 0 ? 1.0 : 0.0));
      total += revenue[m];
    }
    CHECK(total > 0);
  }
}

TEST_CASE(
    "providers that live on project contracts close after the project unless paying demand "
    "was built",
    "[bds][pattern]") {
  // Mean over seeds of live providers in the project's last month and in months 40-59.
  auto providers = [](double purchase_probability) {
    double at_end = 0, after = 0;
    const int seeds = 4;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      const auto active =
          series(simulate(scenario({{"bds.purchase_probability", purchase_probability}}), seed),
                 "bds_active");
      at_end += active[kLastProjectMonth] / seeds;
      after += mean(active, 40, 60) / seeds;
    }
    return std::pair{at_end, after};
  };
  const auto [weak_end, weak_after] = providers(0.01);     // a few purchases a year
  const auto [strong_end, strong_after] = providers(0.6);  // most firms buy every other month
  INFO("weak paying demand: " << weak_end << " -> " << weak_after << "; strong: " << strong_end
                              << " -> " << strong_after);
  // The contracts keep enough providers for the 30 clients (3 of capacity 10) alive...
  CHECK(weak_end >= 3);
  // ...who close within months of the end, all but a fraction, when firms hardly pay...
  CHECK(weak_after < 0.25 * weak_end);
  // ...and most stay when paying demand carries them (over 80% with 16 seeds; the heavy tail of
  // initial sizes leaves more micro firms, who pay for fewer services).
  CHECK(strong_after > 0.7 * strong_end);
  CHECK(strong_after > weak_after + 3);
}

TEST_CASE("subsidised services crowd out paid ones while the project runs", "[bds][pattern]") {
  // Paired worlds on the same seeds, with and without the project: its contracts fill the best
  // providers and its clients stop buying, so firms buy fewer services; after it they buy again.
  double with = 0, without = 0, with_after = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const auto on = series(simulate(scenario({{"bds.purchase_probability", 0.6}}), seed),
                           "bds_services_bought");
    const auto off = series(
        simulate(scenario({{"bds.purchase_probability", 0.6}, {"project.enabled", false}}), seed),
        "bds_services_bought");
    with += mean(on, 3, kLastProjectMonth + 1);
    without += mean(off, 3, kLastProjectMonth + 1);
    with_after += mean(on, 36, 60);
  }
  INFO("paid services a month during the project, with: " << with / 3
                                                          << ", without: " << without / 3);
  CHECK(with < 0.75 * without);
  CHECK(with_after > 1.3 * with);
}

TEST_CASE("free or capacity-less services and a cluster without providers stay finite",
          "[bds][invariant]") {
  const std::vector<test_support::Changes> extremes = {
      {{"bds.price", 0.0}},
      {{"bds.price", 0.0}, {"project.enabled", false}},
      {{"bds.capacity", std::int64_t{0}}},
      {{"bds.capacity", std::int64_t{0}}, {"bds.purchase_probability", 1.0}},
      {{"bds.initial_providers", std::int64_t{0}}, {"bds.project_recruitment", false}},
      {{"bds.purchase_probability", 1.0}, {"bds.price", 1e6}},
  };
  for (const auto& changes : extremes) {
    const Params p = scenario(changes);
    const auto r = simulate(p, 5);
    for (const char* name : kBdsMetrics)
      for (double x : series(r, name)) REQUIRE(std::isfinite(x));
    const auto revenue = series(r, "bds_revenue"), bought = series(r, "bds_services_bought"),
               contracts = series(r, "bds_contracts"), share = series(r, "bds_revenue_share_firms");
    for (std::size_t m = 0; m < revenue.size(); ++m) {
      REQUIRE(share[m] >= 0);
      REQUIRE(share[m] <= 1);
      if (p.bds.capacity == 0) REQUIRE(bought[m] + contracts[m] == 0);
      if (p.bds.price == 0) REQUIRE(share[m] == 0);  // paying firms pay nothing
    }
  }
  // Free services are bought (firms with positive profit buy with probability p0); nothing is
  // served without capacity or without providers (the project then delivers support itself).
  const auto sum = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0);
  };
  CHECK(sum(series(simulate(scenario({{"bds.price", 0.0}}), 5), "bds_services_bought")) > 0);
  CHECK(sum(series(simulate(scenario({{"bds.initial_providers", std::int64_t{0}},
                                      {"bds.project_recruitment", false}}),
                            5),
                   "bds_contracts")) == 0);
}

TEST_CASE("the project recruits providers when none has room for its contracts", "[bds]") {
  // One provider of capacity 10 for 30 clients: the project brings in two more.
  const auto r = simulate(
      scenario({{"bds.initial_providers", std::int64_t{1}}, {"bds.purchase_probability", 0.0}}), 3);
  const auto contracts = series(r, "bds_contracts"), active = series(r, "bds_active"),
             entries = series(r, "bds_entries");
  CHECK(entries[3] == 2);
  CHECK(contracts[3] == 30);
  CHECK(active[kLastProjectMonth] == 3);
  CHECK(active.back() == 0);  // no paying demand at all: every provider closes
  // Without recruitment the one provider takes 10 contracts; the project delivers the rest.
  const auto alone = series(simulate(scenario({{"bds.initial_providers", std::int64_t{1}},
                                               {"bds.purchase_probability", 0.0},
                                               {"bds.project_recruitment", false}}),
                                     3),
                            "bds_contracts");
  CHECK(alone[3] == 10);
}
