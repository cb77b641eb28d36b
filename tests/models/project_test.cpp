// The project observed through its recorded metrics: phases, spending, clients, and what support
// does to the firms that do not get it.
#include "models/project.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "models/observables.hpp"
#include "tests/models/scenario_support.hpp"

using namespace twinsim;
using test_support::series;

namespace {

Params scenario(const test_support::Changes& changes = {}) {
  return test_support::params_with({{"sectors.manufacturing.firms_north", std::int64_t{30}},
                                    {"sectors.manufacturing.firms_south", std::int64_t{120}},
                                    {"horizon_months", std::int64_t{72}},
                                    {"project.enabled", true},
                                    {"project.start_month", std::int64_t{6}},
                                    {"project.duration_months", std::int64_t{24}},
                                    {"project.preparation_months", std::int64_t{4}},
                                    {"project.assisted_firms", std::int64_t{10}},
                                    {"project.budget_eur", 1e6},
                                    {"project.cost_per_firm_month", 2000.0},
                                    {"project.overhead_per_month", 8000.0},
                                    {"project.overhead_per_sector_month", 2000.0}},
                                   changes);
}

constexpr double kNotStarted = 0, kPreparation = 1, kImplementation = 2, kStopped = 3, kEnded = 4;

}  // namespace

TEST_CASE("the project runs through its phases and spends overhead plus client support",
          "[project]") {
  const auto r = simulate(scenario(), 1);
  const auto phase = series(r, "project_phase"), spend = series(r, "project_spend"),
             clients = series(r, "firms_south_assisted");
  for (std::size_t m = 0; m < 6; ++m) {
    CHECK(phase[m] == kNotStarted);
    CHECK(spend[m] == 0);
  }
  for (std::size_t m = 6; m < 10; ++m) {
    CHECK(phase[m] == kPreparation);
    CHECK(spend[m] == 10000.0);  // overhead only: 8000 plus 2000 for the one sector
    CHECK(clients[m] == 0);
  }
  CHECK(phase[10] == kImplementation);
  CHECK(clients[10] == 10);
  // Overhead plus 2000 per live client.
  CHECK(spend[10] == 10000.0 + 2000.0 * clients[10]);
  for (std::size_t m = 10; m < 30; ++m) CHECK(phase[m] == kImplementation);
  for (std::size_t m = 30; m < phase.size(); ++m) {
    CHECK(phase[m] == kEnded);
    CHECK(spend[m] == 0);
  }
}

TEST_CASE("a funding stop halts spending and extends the project by its length", "[project]") {
  const auto r = simulate(scenario({{"project.funding_stop_month", std::int64_t{14}},
                                    {"project.funding_stop_months", std::int64_t{9}}}),
                          1);
  const auto phase = series(r, "project_phase"), spend = series(r, "project_spend");
  for (std::size_t m = 14; m < 23; ++m) {
    CHECK(phase[m] == kStopped);
    CHECK(spend[m] == 0);
  }
  CHECK(phase[23] == kImplementation);
  CHECK(phase[38] == kImplementation);  // 24 active months end 9 months late, after month 38
  CHECK(phase[39] == kEnded);
}

TEST_CASE("spending never exceeds the budget; a small budget ends the project early",
          "[project][invariant]") {
  const auto r = simulate(scenario({{"project.budget_eur", 150000.0}}), 2);
  const auto total = series(r, "project_spend_cumulative"), phase = series(r, "project_phase");
  for (double t : total) REQUIRE(t <= 150000.0);
  CHECK(total.back() == Approx(150000.0));
  // 4 months of preparation (40,000) leave 110,000: at 30,000 a month about 4 more months.
  CHECK(phase[20] == kEnded);
}

TEST_CASE("no budget or no project means no client and no spending", "[project][invariant]") {
  for (const auto& p :
       {scenario({{"project.budget_eur", 0.0}}), scenario({{"project.enabled", false}})}) {
    const auto r = simulate(p, 3);
    for (double x : series(r, "project_spend_cumulative")) REQUIRE(x == 0);
    for (double x : series(r, "firms_south_assisted")) REQUIRE(x == 0);
    const auto jobs = series(r, "jobs_south"), non = series(r, "jobs_south_nonassisted");
    CHECK(jobs == non);
  }
}

TEST_CASE("selective support in a declining market takes jobs from non-assisted firms",
          "[project]") {
  // Paired worlds on the same seeds: with and without the project.
  auto final_jobs = [](bool enabled, std::uint64_t seed) {
    const auto r = simulate(scenario({{"project.enabled", enabled},
                                      {"market.growth_per_year", -0.05},
                                      {"project.upgrading_per_month", 0.01}}),
                            seed);
    return std::pair{series(r, "jobs_south_nonassisted").back(),
                     series(r, "jobs_south_assisted").back()};
  };
  double lost = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto [non_with, assisted_with] = final_jobs(true, seed);
    const auto [non_without, assisted_without] = final_jobs(false, seed);
    CHECK(assisted_without == 0);
    lost += non_without - non_with;
  }
  // Non-assisted firms lose jobs to the clients, on average over the seeds.
  CHECK(lost / 5 > 20);
}

namespace {
// Sector of each client at the panel's last snapshot, counted per sector.
std::vector<int> clients_per_sector(const Params& p, std::size_t sectors) {
  const auto record =
      simulate_recorded(p, 4, 0, Recording{static_cast<std::size_t>(p.horizon_months)});
  const sim::PanelRecorder& panel = record.panels.at(0);
  const auto index = test_support::firm_panel_index;
  const auto sector = panel.values(0, index("sector")),
             assisted = panel.values(0, index("assisted"));
  const auto cluster = panel.values(0, index("cluster"));
  std::vector<int> count(sectors, 0);
  for (std::size_t slot = 0; slot < sector.size(); ++slot)
    if (assisted[slot] == 1 && cluster[slot] == static_cast<double>(kSouth))
      ++count[static_cast<std::size_t>(sector[slot])];
  return count;
}

const char* kTwoSectors = R"(
[sectors.auto_components]
firms_south = 60
firms_north = 10
[sectors.textiles]
firms_south = 60
firms_north = 10
)";
}  // namespace

TEST_CASE("the project's clients come from its sectors, shared evenly", "[project]") {
  const test_support::Changes base = {{"horizon_months", std::int64_t{12}},
                                      {"project.enabled", true},
                                      {"project.start_month", std::int64_t{0}},
                                      {"project.preparation_months", std::int64_t{1}},
                                      {"project.assisted_firms", std::int64_t{11}}};
  // Every sector when project.sectors is not set: 6 + 5 (the first sector takes the remainder).
  CHECK(clients_per_sector(test_support::params_from(kTwoSectors, base), 2) ==
        std::vector<int>{6, 5});
  // One sector named: all 11 clients there.
  CHECK(clients_per_sector(
            test_support::params_from(kTwoSectors, base,
                                      {{"project.sectors", std::vector<std::string>{"textiles"}}}),
            2) == std::vector<int>{0, 11});
}

TEST_CASE("each of the project's sectors adds its overhead and divides the team's time",
          "[project]") {
  const test_support::Changes base = {{"horizon_months", std::int64_t{12}},
                                      {"project.enabled", true},
                                      {"project.start_month", std::int64_t{0}},
                                      {"project.preparation_months", std::int64_t{12}},
                                      {"project.overhead_per_month", 8000.0},
                                      {"project.overhead_per_sector_month", 2000.0},
                                      {"project.relationship_gain_per_month", 0.1},
                                      {"project.staff_turnover_per_year", 0.0}};
  const auto one =
      simulate(test_support::params_from(
                   kTwoSectors, base, {{"project.sectors", std::vector<std::string>{"textiles"}}}),
               1);
  const auto both = simulate(test_support::params_from(kTwoSectors, base), 1);
  // Preparation months spend the overhead only: 8000 + 2000 per sector.
  CHECK(series(one, "project_spend")[0] == 10000.0);
  CHECK(series(both, "project_spend")[0] == 12000.0);
  // A team in one sector gains 0.1 of the missing relationships a month; in two, 0.05 in each.
  const auto r1 = series(one, "project_relationship"), r2 = series(both, "project_relationship");
  CHECK(r1[0] == Approx(0.1));
  CHECK(r2[0] == Approx(0.05));
  CHECK(r1[11] == Approx(1.0 - std::pow(0.9, 12)));
  CHECK(r2[11] == Approx(1.0 - std::pow(0.95, 12)));
}

TEST_CASE("export promotion raises southern exports, at northern firms' expense", "[project]") {
  double more_exports = 0, fewer_north_sales = 0, higher_share = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto run = [&](bool enabled) {
      return simulate(scenario({{"project.enabled", enabled},
                                {"project.export_focus", 1.0},
                                {"project.bds_contract_share", 0.0},
                                {"project.export_readiness_per_month", 0.05}}),
                      seed);
    };
    const auto with = run(true), without = run(false);
    more_exports += series(with, "exports_south").back() - series(without, "exports_south").back();
    fewer_north_sales +=
        series(without, "output_north").back() - series(with, "output_north").back();
    higher_share +=
        series(with, "export_share_north").back() - series(without, "export_share_north").back();
  }
  CHECK(higher_share > 0);
  CHECK(more_exports > 0);
  CHECK(fewer_north_sales > 0);
}

TEST_CASE("a donor-country crisis lowers northern participation and the matches made",
          "[project][twinning]") {
  double matches_calm = 0, matches_crisis = 0, proposals_calm = 0, proposals_crisis = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto run = [&](bool crisis) {
      return simulate(scenario({{"project.fast_track", true},
                                {"project.matches_per_month", 6.0},
                                {"donor.crisis", crisis},
                                {"donor.crisis_start_month", std::int64_t{0}}}),
                      seed);
    };
    const auto calm = run(false), crisis = run(true);
    for (double x : series(calm, "twinning_matches")) matches_calm += x;
    for (double x : series(crisis, "twinning_matches")) matches_crisis += x;
    for (double x : series(calm, "twinning_proposals")) proposals_calm += x;
    for (double x : series(crisis, "twinning_proposals")) proposals_crisis += x;
  }
  CHECK(proposals_calm > 50);
  // Acceptance north_interest x (1 - threat): 0.5 without crisis, at most 0.3 with it.
  CHECK(matches_calm / proposals_calm > 0.4);
  CHECK(matches_crisis / proposals_crisis < 0.35);
  CHECK(matches_crisis < matches_calm);
}

TEST_CASE("northern firms' fear builds over months after a crisis and grows with their partners",
          "[project][twinning]") {
  // Without a project and without exports, only the crisis moves the threats: each closes 0.2 of
  // its gap to half the crisis threat (0.4 / 2) a month from month 10. No entrants, who start
  // without fear and would lower the mean.
  const auto calm = simulate(scenario({{"project.enabled", false},
                                       {"market.export_access", 0.0},
                                       {"entry.rate_per_year", 0.0},
                                       {"donor.crisis", true},
                                       {"donor.crisis_start_month", std::int64_t{10}},
                                       {"donor.crisis_threat", 0.4},
                                       {"twinning.threat_adjustment_per_month", 0.2}}),
                             1);
  const auto competition = series(calm, "north_threat_competition"),
             ip = series(calm, "north_threat_ip");
  CHECK(competition[9] == 0);
  CHECK(ip[9] == 0);
  for (std::size_t m = 10; m < 40; ++m) {
    const double expected = 0.2 * (1.0 - std::pow(0.8, static_cast<double>(m - 9)));
    INFO("month " << m);
    CHECK(ip[m] == Approx(expected));
    CHECK(competition[m] == Approx(expected));
  }
  // With the project's matches, firms with southern partners fear for their know-how: per firm
  // (last snapshot), the IP threat rises with the partners.
  const Params p = scenario({{"project.fast_track", true},
                             {"project.matches_per_month", 10.0},
                             {"donor.crisis", false},
                             {"twinning.ip_threat_per_partner", 0.2},
                             {"twinning.threat_adjustment_per_month", 1.0}});
  const auto record = simulate_recorded(p, 3, 0, Recording{static_cast<std::size_t>(28)});
  const sim::PanelRecorder& panel = record.panels.at(0);  // month 27, during twinning
  const auto index = test_support::firm_panel_index;
  const auto cluster = panel.values(0, index("cluster")),
             partners = panel.values(0, index("cross_border_partners")),
             threat = panel.values(0, index("threat_ip"));
  double with = 0, threat_with = 0, without = 0, threat_without = 0;
  for (std::size_t slot = 0; slot < cluster.size(); ++slot) {
    if (cluster[slot] != static_cast<double>(kNorth)) continue;
    (partners[slot] > 0 ? with : without) += 1;
    (partners[slot] > 0 ? threat_with : threat_without) += threat[slot];
  }
  REQUIRE(with > 3);
  // 0.2 a partner, counted before the month's dissolution and matchmaking.
  CHECK(threat_with / with > 0.15);
  CHECK(threat_without / without < 0.05);
}

TEST_CASE("cross-border links carry subcontracting, counted in exports; none without a project",
          "[project][twinning]") {
  const auto r = simulate(scenario({{"project.fast_track", true},
                                    {"project.matches_per_month", 6.0},
                                    {"market.export_access", 0.0}}),
                          2);
  const auto outsourced = series(r, "outsourced_south"), exports = series(r, "exports_south"),
             links = series(r, "links_cross_border");
  double total = 0;
  for (std::size_t m = 0; m < exports.size(); ++m) {
    // Without export access, exports are exactly what northern partners subcontract.
    REQUIRE(exports[m] == Approx(outsourced[m]).margin(1e-6));
    total += outsourced[m];
  }
  CHECK(total > 0);
  CHECK(*std::max_element(links.begin(), links.end()) > 0);
  const auto none = simulate(scenario({{"project.enabled", false}}), 2);
  for (double x : series(none, "links_cross_border")) REQUIRE(x == 0);
}

TEST_CASE("the firm panel's partner counts agree with the recorded link totals",
          "[project][panel]") {
  const Params p = scenario({{"project.fast_track", true}, {"project.matches_per_month", 6.0}});
  const auto record = simulate_recorded(p, 3, 0, Recording{6});
  const sim::PanelRecorder& panel = record.panels.at(0);
  const std::size_t cross = test_support::firm_panel_index("cross_border_partners");
  const std::size_t coop = test_support::firm_panel_index("cooperation_partners");
  const auto links = record.series.series(record.series.index_of("links_cross_border"));
  const auto coop_south = record.series.series(record.series.index_of("links_cooperation_south"));
  const auto coop_north = record.series.series(record.series.index_of("links_cooperation_north"));
  double seen = 0;
  for (std::size_t k = 0; k < panel.snapshots(); ++k) {
    const std::size_t step = (k + 1) * 6 - 1;
    double ends = 0, coop_ends = 0;
    for (double d : panel.values(k, cross))
      if (!std::isnan(d)) ends += d;
    for (double d : panel.values(k, coop))
      if (!std::isnan(d)) coop_ends += d;
    // Every link has two ends.
    CHECK(ends == 2 * links[step]);
    CHECK(coop_ends == 2 * (coop_south[step] + coop_north[step]));
    seen += links[step];
  }
  CHECK(seen > 0);
}

TEST_CASE(
    "management support lets clients grow into a boom, and does nothing in a shrinking market",
    "[project]") {
  // Clients' jobs at the horizon, summed over seeds, with and without management support.
  auto clients_jobs = [](double growth, double management) {
    double jobs = 0;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
      jobs += series(simulate(scenario({{"market.growth_per_year", growth},
                                        {"project.management_per_month", management}}),
                              seed),
                     "jobs_south_assisted")
                  .back();
    return jobs;
  };
  // A boom of 20% a year outruns firms.max_growth_per_month: clients that may grow faster serve
  // demand nobody else could. In a shrinking market only the clients' own gains in customers
  // need growth, so the same support matters much less.
  const double boom = clients_jobs(0.20, 0.05) / clients_jobs(0.20, 0.0);
  const double decline = clients_jobs(-0.05, 0.05) / clients_jobs(-0.05, 0.0);
  INFO("boom " << boom << ", decline " << decline);
  CHECK(boom > 1.1);
  CHECK(boom - 1 > 2 * (decline - 1));
}

TEST_CASE("relationship capital grows while the project runs and erodes with turnover and stops",
          "[project]") {
  const auto steady = series(simulate(scenario(), 1), "project_relationship");
  const auto churn = series(simulate(scenario({{"project.staff_turnover_per_year", 6.0}}), 1),
                            "project_relationship");
  const auto stop = series(simulate(scenario({{"project.funding_stop_month", std::int64_t{14}},
                                              {"project.funding_stop_months", std::int64_t{6}}}),
                                    1),
                           "project_relationship");
  CHECK(steady[5] == 0);   // before the start in month 6
  CHECK(steady[9] > 0.2);  // the preparation months build it
  CHECK(steady[20] > steady[9]);
  CHECK(churn[20] < steady[20] - 0.2);
  // During the stop (months 14-19) nothing is built and turnover goes on.
  CHECK(stop[19] < stop[13]);
  // After the project it fades.
  CHECK(steady.back() < steady[29] / 2);
}

TEST_CASE("high staff turnover means fewer matches; transfer to non-clients softens crowding-out",
          "[project]") {
  double steady = 0, churn = 0, plain = 0, transfer = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto proposals = [&](const test_support::Changes& c) {
      const auto p = series(simulate(scenario(c), seed), "twinning_proposals");
      return std::accumulate(p.begin(), p.end(), 0.0);
    };
    steady += proposals({});
    churn += proposals({{"project.staff_turnover_per_year", 6.0}});
    // A shrinking market, where non-clients lose to the clients.
    auto nonclients = [&](double rate) {
      return series(simulate(scenario({{"market.growth_per_year", -0.05},
                                       {"project.transfer_per_month", rate}}),
                             seed),
                    "jobs_south_nonassisted")
          .back();
    };
    plain += nonclients(0.0);
    transfer += nonclients(0.1);
  }
  CHECK(churn < 0.7 * steady);
  CHECK(transfer > plain);
}

TEST_CASE("regulatory friction: fewer matches accepted, and links that break more easily",
          "[project]") {
  double matches_free = 0, matches_frictional = 0, proposals_blocked = 0, matches_blocked = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto total = [&](double friction, const char* metric) {
      const auto x =
          series(simulate(scenario({{"twinning.contract_friction", friction}}), seed), metric);
      return std::accumulate(x.begin(), x.end(), 0.0);
    };
    matches_free += total(0.0, "twinning_matches");
    matches_frictional += total(0.5, "twinning_matches");
    proposals_blocked += total(1.0, "twinning_proposals");
    matches_blocked += total(1.0, "twinning_matches");
  }
  CHECK(matches_frictional < 0.8 * matches_free);
  CHECK(proposals_blocked > 0);
  CHECK(matches_blocked == 0);
}

TEST_CASE(
    "a project tied to donor-country consultants pays no southern provider and supports "
    "fewer client-months",
    "[project][bds]") {
  // A budget that binds: 40,000 of preparation leave 360,000 for 10 clients at 2,000 a month
  // (half of it contracted) plus 10,000 of overhead a month. Firms buy services too (p0 = 0.3),
  // so providers have revenue of their own.
  const double budget = 400000, overhead = 10000, cost = 2000, share = 0.5;
  const test_support::Changes base = {{"project.budget_eur", budget},
                                      {"project.bds_contract_share", share},
                                      {"bds.purchase_probability", 0.3}};
  // Client-months of support, after checking what each of them cost.
  auto client_months = [&](const sim::Recorder& r, double cost_per_client_month) {
    const auto supported = series(r, "project_clients_supported"),
               spend = series(r, "project_spend"), spent = series(r, "project_spend_cumulative"),
               phase = series(r, "project_phase");
    for (std::size_t m = 0; m < phase.size(); ++m)
      // Every implementation month but the one that spends the last of the budget.
      if (phase[m] == kImplementation && spent[m] < budget - 1)
        REQUIRE(spend[m] == Approx(overhead + supported[m] * cost_per_client_month));
    CHECK(spent.back() == Approx(budget));
    return std::accumulate(supported.begin(), supported.end(), 0.0);
  };
  const auto untied = simulate(scenario(base), 4);
  const double untied_months = client_months(untied, cost);
  const auto contracts = series(untied, "bds_contracts");
  CHECK(std::accumulate(contracts.begin(), contracts.end(), 0.0) > 0);

  double previous = untied_months;
  for (const double premium : {0.0, 1.0, 2.0}) {
    INFO("premium " << premium);
    test_support::Changes changes = base;
    changes.push_back({"project.tied_share", 1.0});
    changes.push_back({"project.tied_cost_premium", premium});
    const auto tied = simulate(scenario(changes), 4);
    // No southern provider is paid or recruited by the project: all their revenue is paid by
    // firms.
    const auto revenue = series(tied, "bds_revenue"),
               from_firms = series(tied, "bds_revenue_share_firms"),
               tied_contracts = series(tied, "bds_contracts");
    for (std::size_t m = 0; m < revenue.size(); ++m) {
      REQUIRE(tied_contracts[m] == 0);
      REQUIRE(from_firms[m] == (revenue[m] > 0 ? 1.0 : 0.0));
    }
    CHECK(std::accumulate(revenue.begin(), revenue.end(), 0.0) > 0);
    // Donor-country consultants cost (1 + premium) x the contracted share: the same budget buys
    // fewer client-months the higher the premium. Without a premium about as many as untied: the
    // worlds differ only in how the clients were upgraded, so a client may close at another time.
    const double months = client_months(tied, cost * (1 + share * premium));
    if (premium == 0)
      CHECK(months > 0.9 * untied_months);
    else
      CHECK(months < previous - 10);
    previous = months;
  }
}

TEST_CASE("untied is the default, and the premium matters only when tied", "[project][invariant]") {
  const auto plain = simulate(scenario({{"bds.purchase_probability", 0.3}}), 6);
  const auto untied = simulate(scenario({{"bds.purchase_probability", 0.3},
                                         {"project.tied_share", 0.0},
                                         {"project.tied_cost_premium", 3.0}}),
                               6);
  for (const char* name : {"jobs_south", "project_spend", "project_clients_supported",
                           "bds_revenue", "bds_contracts", "bds_active"})
    CHECK(series(plain, name) == series(untied, name));
}

TEST_CASE("a partly tied project contracts southern providers for the untied client-months",
          "[project][bds]") {
  // Contracts per client-month: about 1 untied (providers are recruited when they lack room),
  // about 1 - tied_share partly tied.
  auto contracts_per_client_month = [](double tied_share) {
    double contracts = 0, supported = 0;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const auto r = simulate(scenario({{"project.tied_share", tied_share}}), seed);
      for (double x : series(r, "bds_contracts")) contracts += x;
      for (double x : series(r, "project_clients_supported")) supported += x;
    }
    REQUIRE(supported > 100);
    return contracts / supported;
  };
  const double untied = contracts_per_client_month(0.0), half = contracts_per_client_month(0.5);
  INFO("untied " << untied << ", half tied " << half);
  CHECK(untied > 0.9);
  CHECK(half > 0.4 * untied);
  CHECK(half < 0.6 * untied);
}
