#include "models/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/firm_sizes.hpp"
#include "models/observables.hpp"

namespace twinsim {

namespace {

using sim::boolean;
using sim::integer;
using sim::real;
using sim::real_list;
using sim::string;

// Both clusters declare the same keys with their own defaults. Defaults: the north is an Italian
// district of small firms (ISTAT 2015: ~4 workers per local unit, larger firms in the twinned
// chains), the south an Indian or Vietnamese SME cluster (72% micro firms in the Viet Nam SME
// survey 2015; see docs/model.md for sources).
struct ClusterDefaults {
  double employees_mean, productivity, wage, material, fixed_cost;
  double tail_max;
};

void declare_cluster(sim::Schema<Params>& s, const std::string& c, ClusterParams Params::*group,
                     const ClusterDefaults& d) {
  s.add(real(c + ".employees_mean", d.employees_mean)
            .range(1, 1e5)
            .unit("employees")
            .help("Mean initial employees per firm (log-normal sizes with a Pareto upper tail)"),
        group, &ClusterParams::employees_mean);
  s.add(real(c + ".employees_dispersion", 1.0)
            .range(0, 3)
            .help("Standard deviation of log initial employees in the log-normal body"),
        group, &ClusterParams::employees_dispersion);
  s.add(real(c + ".employees_tail_share", 0.1)
            .range(0, 0.9)
            .help("Share of initial firms in the Pareto upper tail of sizes; 0: log-normal sizes. "
                  "Default: the top decile, where pattern F1 measures the tail"),
        group, &ClusterParams::employees_tail_share);
  s.add(real(c + ".employees_tail_exponent", 1.06)
            .range(0.5, 5)
            .help("Pareto exponent a of that tail, P(size > s) ~ s^-a (Axtell 2001: 1.06 for US "
                  "firms); above 1 when the tail is unbounded"),
        group, &ClusterParams::employees_tail_exponent);
  s.add(real(c + ".employees_tail_max", d.tail_max)
            .range(0, 1e7)
            .unit("employees")
            .help("Largest initial firm, the bound of the Pareto tail; 0: unbounded. Defaults: SME "
                  "ceilings (EU 250 employees; Viet Nam 300 in manufacturing)"),
        group, &ClusterParams::employees_tail_max);
  s.add(real(c + ".labour_productivity", d.productivity)
            .range(1, 1e7)
            .unit("EUR/month")
            .help("Output per employee at full capacity"),
        group, &ClusterParams::labour_productivity);
  s.add(real(c + ".wage", d.wage).range(0, 1e6).unit("EUR/month").help("Monthly wage per employee"),
        group, &ClusterParams::wage);
  s.add(real(c + ".material_cost_share", d.material)
            .range(0, 0.99)
            .help("Share of sales spent on materials and other inputs"),
        group, &ClusterParams::material_cost_share);
  s.add(real(c + ".fixed_cost", d.fixed_cost)
            .range(0, 1e8)
            .unit("EUR/month")
            .help("Fixed cost per firm and month"),
        group, &ClusterParams::fixed_cost);
  s.add(real(c + ".initial_cash_months", 3.0)
            .range(0, 120)
            .unit("months")
            .help("Initial cash of a firm, as months of its wage bill"),
        group, &ClusterParams::initial_cash_months);
  s.add(
      real(c + ".initial_demand_ratio", 0.9)
          .range(0, 10)
          .help("Initial demand of each of the cluster's markets as a share of its firms' initial "
                "capacity (in a tiered sector, of its lead firms' capacity)"),
      group, &ClusterParams::initial_demand_ratio);
}

sim::Schema<Params> build() {
  sim::Schema<Params> s;
  s.add(string("scenario.name", "unnamed")
            .help("Short name of the scenario, shown in summaries and stored in outputs"),
        &Params::scenario, &ScenarioInfo::name);
  s.add(string("scenario.description", "").help("Free text describing the scenario"),
        &Params::scenario, &ScenarioInfo::description);

  s.add(integer("horizon_months", 120)
            .range(1, 1200)
            .unit("months")
            .help("Simulated horizon (one step is one month)"),
        &Params::horizon_months);
  s.add(integer("run.replicates", 10)
            .range(1, 100000)
            .help("Replicates (runs with seeds seed, seed+1, ...); --replicates overrides"),
        &Params::run, &RunParams::replicates);
  s.add(integer("run.seed", 1).range(0, 4294967295).help("Base random seed; --seed overrides"),
        &Params::run, &RunParams::seed);

  declare_cluster(s, "north", &Params::north, {25, 7000, 3000, 0.5, 600, 250});
  declare_cluster(s, "south", &Params::south, {10, 1200, 300, 0.68, 100, 300});
  s.add(real("north.demand_growth_per_year", 0.0)
            .range(-0.9, 1.0)
            .unit("1/year")
            .help("Trend growth of demand for the northern cluster's products, every sector"),
        &Params::north, &ClusterParams::demand_growth_per_year);

  // Sectors: each has a market per cluster; the firms of a sector compete only with each other.
  sim::Schema<SectorParams> sector;
  sector.add(integer("firms_south", 300)
                 .range(0, 10'000'000)
                 .help("Initial number of southern firms in the sector"),
             &SectorParams::firms_south);
  sector.add(integer("firms_north", 150)
                 .range(0, 10'000'000)
                 .help("Initial number of northern firms in the sector"),
             &SectorParams::firms_north);
  sector.add(real("growth_per_year", 0.0)
                 .range(-0.9, 1.0)
                 .unit("1/year")
                 .optional("inherits market.growth_per_year")
                 .help("Trend growth of the southern market of this sector (overrides "
                       "market.growth_per_year)"),
             &SectorParams::growth_per_year);
  // Tiers: a scenario states the division of labour of a sector's southern firms; the default
  // (empty) leaves the sector untiered, as before tiers existed.
  sector.add(real_list("tier_shares", {})
                 .range(0, 1)
                 .help("Shares of the sector's southern firms at tier 0 (lead firms selling to the "
                       "final market), 1, 2 and 3 (suppliers), 2 to 4 numbers > 0 summing to 1; "
                       "empty: the sector has no tiered supply chain (every firm sells to the "
                       "final market)"),
             &SectorParams::tier_shares);
  s.add(sim::collection("sectors")
            .help("The sectors of both clusters, each a table [sectors.NAME]; a scenario that "
                  "names none has one sector, 'manufacturing'")
            .defaults({"manufacturing"})
            .count(1, 64),
        sector, &SectorParams::name, &Params::sectors);

  sim::Schema<KpiParams> kpi;
  kpi.add(string("metric", "jobs_south")
              .help("The recorded metric the KPI measures (docs/output-format.md)"),
          &KpiParams::metric);
  kpi.add(real("target", 0.0).help("The value to reach (at_least) or not to exceed (at_most)"),
          &KpiParams::target);
  kpi.add(string("direction", "at_least")
              .one_of({"at_least", "at_most"})
              .help("Whether the metric must end at or above the target, or at or below it"),
          &KpiParams::direction);
  kpi.add(integer("month", 0)
              .range(1, 1200)
              .unit("months")
              .optional("the end of the horizon")
              .help("The month at whose end the KPI is measured"),
          &KpiParams::month);
  kpi.add(real("baseline", 0.0)
              .optional("no baseline stated")
              .help("The baseline stated at the start, reported beside the outcome"),
          &KpiParams::baseline);
  s.add(sim::collection("kpis")
            .help("The project's logframe: outcome KPIs with targets, each a table [kpis.NAME]; "
                  "`twinsim run` reports each against its target")
            .defaults({})
            .count(0, 100),
        kpi, &KpiParams::name, &Params::kpis);

  s.add(real("market.growth_per_year", 0.0)
            .range(-0.9, 1.0)
            .unit("1/year")
            .help("Trend growth of southern market demand, for every sector that does not set its "
                  "own growth_per_year (-0.05: a 5% yearly decline)"),
        &Params::market, &MarketParams::growth_per_year);
  s.add(real("market.export_access", 0.35)
            .range(0, 10)
            .help("How strongly southern firms compete in the northern market of their sector: "
                  "their weight there is their capacity (EUR/month) x quality^beta x export "
                  "readiness x this (northern firms: their customer base x quality^beta). 0: no "
                  "exports"),
        &Params::market, &MarketParams::export_access);
  s.add(real("market.cycle_amplitude", 0.05)
            .range(0, 0.9)
            .help("Relative amplitude of the business cycle in demand"),
        &Params::market, &MarketParams::cycle_amplitude);
  s.add(real("market.cycle_period_months", 60)
            .range(2, 1200)
            .unit("months")
            .help("Period of the business cycle"),
        &Params::market, &MarketParams::cycle_period_months);
  s.add(real_list("market.shock_months", {})
            .range(0, 1200)
            .unit("months")
            .help("Months (0-based) at which a persistent demand shock hits"),
        &Params::market, &MarketParams::shock_months);
  s.add(real_list("market.shock_factors", {})
            .range(0, 10)
            .help("Demand multiplier of each shock (0.8: demand falls by 20% for good); one per "
                  "shock month"),
        &Params::market, &MarketParams::shock_factors);
  s.add(string("market.shock_cluster", "both")
            .one_of({"both", "north", "south"})
            .help("Which cluster's market the shocks hit"),
        &Params::market, &MarketParams::shock_cluster);
  s.add(real("market.competition_sensitivity", 2.3)
            .range(0, 20)
            .help("Exponent on quality in market shares: a firm's orders are in proportion to its "
                  "customer base x quality^this x price^-price_sensitivity (a southern exporter's "
                  "to its capacity x quality^this x price^-price_sensitivity x export readiness x "
                  "export_access); 0 ignores quality, higher values favour better firms"),
        &Params::market, &MarketParams::competition_sensitivity);
  s.add(real("market.price_sensitivity", 2.0)
            .range(0, 20)
            .help("Exponent on price in market shares: a firm's orders are in proportion to "
                  "price^-this (with competition_sensitivity equal to it, to (quality / "
                  "price)^that: quality per price). Prices move with quality "
                  "(firms.price_quality_elasticity), so a firm's orders respond to its quality "
                  "with the exponent competition_sensitivity - this x price_quality_elasticity "
                  "once its price has adjusted"),
        &Params::market, &MarketParams::price_sensitivity);
  s.add(real("market.customer_turnover", 0.03)
            .range(0, 1)
            .unit("1/month")
            .help("Share of a firm's customer base renewed each month: its customers are those who "
                  "bought from it recently (an exponential average of its sales with this weight). "
                  "Small values: loyal customers, slow shifts of market share (replicator "
                  "dynamics, Dosi, Fagiolo & Roventini 2010)"),
        &Params::market, &MarketParams::customer_turnover);

  s.add(real("firms.quality_volatility", 0.03)
            .range(0, 1)
            .unit("1/month^0.5")
            .help("Standard deviation of the monthly innovation in log quality"),
        &Params::firms, &FirmParams::quality_volatility);
  s.add(real("firms.innovation_probability", 0.03)
            .range(1e-6, 1)
            .unit("1/month")
            .help("Probability that a firm's quality changes in a month: innovations are rare "
                  "events of size N(0, quality_volatility^2 / this), so the monthly variance is "
                  "quality_volatility^2 whatever this is. Rare, larger steps give growth rates the "
                  "tent (Laplace) shape of firm data (Stanley et al. 1996; Bottazzi & Secchi "
                  "2006); 1: a Gaussian random walk"),
        &Params::firms, &FirmParams::innovation_probability);
  s.add(real("firms.price_quality_elasticity", 0.15)
            .range(0, 2)
            .help("Pricing: a firm selling on a final market (tier 0) aims at the price "
                  "(quality / its market's quality standard)^this, relative to the reference "
                  "price 1: better products fetch higher unit values (hedonic pricing, Rosen 1974; "
                  "unit values as the measure of product upgrading, Kaplinsky & Readman 2005). "
                  "Suppliers in tiered sectors sell at the reference price their buyers set. 0: "
                  "every price stays at 1"),
        &Params::firms, &FirmParams::price_quality_elasticity);
  s.add(real("firms.price_adjustment", 0.1)
            .range(0, 1)
            .help("Share of the gap between a firm's price and its target price closed each month "
                  "(prices are sticky: Blinder et al. 1998 find firms reprice about once a year)"),
        &Params::firms, &FirmParams::price_adjustment);
  s.add(real("firms.quality_dispersion", 0.2)
            .range(0, 3)
            .help("Standard deviation of an entrant's log quality around its market's (cluster "
                  "and sector) mean log quality (incumbents start at quality 1)"),
        &Params::firms, &FirmParams::quality_dispersion);
  s.add(real("firms.demonstration_learning", 0.02)
            .range(0, 1)
            .unit("1/month")
            .help("Share of its gap to the sales-weighted mean log quality of its market that a "
                  "firm of absorptive capacity 1 closes each month, by imitating the successful "
                  "firms around it (knowledge spillovers within a cluster; Giuliani & Bell 2005). "
                  "0: advantages never diffuse"),
        &Params::firms, &FirmParams::demonstration_learning);
  s.add(real("firms.advantage_erosion", 0.02)
            .range(0, 1)
            .unit("1/month")
            .help("Share of its lead over its market's quality standard that a firm above it loses "
                  "each month, as rivals copy what made it better and customers come to expect it. "
                  "0: a lead, once gained, lasts"),
        &Params::firms, &FirmParams::advantage_erosion);
  s.add(
      real("firms.closure_rate_per_year", 0.03)
          .range(0, 10)
          .unit("1/year")
          .help("Hazard of closure for reasons the model does not represent (owners retiring or "
                "moving on, disputes, health), on top of exit when cash runs out. Calibrated with "
                "young_closure_rate_per_year to the survival of new and established firms "
                "(domain notes F4: established Vietnamese SMEs survive a year at 92-94%; new "
                "firms in the EU a year at 80-82%, five years at 44-46%)"),
      &Params::firms, &FirmParams::closure_rate_per_year);
  s.add(real("firms.young_closure_rate_per_year", 0.15)
            .range(0, 10)
            .unit("1/year")
            .help("Extra closure hazard of a new firm, fading as exp(-age / young_months): the "
                  "liability of newness (young firms close more often, for reasons beyond cash)"),
        &Params::firms, &FirmParams::young_closure_rate_per_year);
  s.add(real("firms.young_months", 24.0)
            .range(1, 1200)
            .unit("months")
            .help("Age over which a new firm's extra closure hazard falls by a factor e"),
        &Params::firms, &FirmParams::young_months);
  s.add(
      real("firms.cash_reserve_months", 3.0)
          .range(0, 1200)
          .unit("months")
          .help("Cash a firm keeps, in months of its wage bill; profit above it is paid out to the "
                "owners. Small reserves make firms exit sooner when their business shrinks"),
      &Params::firms, &FirmParams::cash_reserve_months);
  s.add(
      real("firms.capability_spread", 0.3)
          .range(0, 10)
          .help("Standard deviation of each of the three components of a firm's capability "
                "vector around its cluster's mean (what firms know differs within a cluster too)"),
      &Params::firms, &FirmParams::capability_spread);
  s.add(real("firms.hiring_rate", 0.1)
            .range(0, 1)
            .unit("1/month")
            .help("Share of the gap between target and current employment closed each month"),
        &Params::firms, &FirmParams::hiring_rate);
  s.add(real("firms.max_growth_per_month", 0.01)
            .range(0, 10)
            .unit("1/month")
            .help("Largest relative rise in a firm's employment in one month (hiring, training and "
                  "financing growth take time; shrinking is not limited). 0.01 is about 13% a "
                  "year: small firms in India grow slowly (Hsieh & Klenow 2014), so a market that "
                  "grows faster than that leaves demand unserved"),
        &Params::firms, &FirmParams::max_growth_per_month);

  s.add(real("entry.rate_per_year", 0.06)
            .range(0, 5)
            .unit("1/year")
            .help("Entrants per incumbent firm and year when demand is flat"),
        &Params::entry, &EntryParams::rate_per_year);
  s.add(real("entry.growth_sensitivity", 5.0)
            .range(0, 100)
            .help("Relative change of the entry rate per unit of annual demand growth (entry stops "
                  "when 1 + sensitivity x growth <= 0)"),
        &Params::entry, &EntryParams::growth_sensitivity);
  s.add(real("entry.entrant_size", 0.3)
            .range(0.01, 10)
            .help("Entrant employees as a share of the cluster's declared employees_mean"),
        &Params::entry, &EntryParams::entrant_size);

  s.add(real("network.link_formation_per_year", 0.5)
            .range(0, 100)
            .unit("1/year")
            .help("Cooperation links each firm seeks per year with firms of its own cluster"),
        &Params::network, &NetworkParams::link_formation_per_year);
  s.add(real("network.link_dissolution_per_year", 0.2)
            .range(0, 12)
            .unit("1/year")
            .help("Rate at which an existing cooperation link dissolves"),
        &Params::network, &NetworkParams::link_dissolution_per_year);
  s.add(real("network.closure_share", 0.5)
            .range(0, 1)
            .help("Share of new partners found among partners' partners (triadic closure)"),
        &Params::network, &NetworkParams::closure_share);

  // The project. Defaults follow the two reviewed projects: about EUR 3 million for three years
  // (Tarnutzer & Dobinger 2013, section 3), a few dozen client firms (section 4.1).
  const auto project = &Params::project;
  s.add(boolean("project.enabled", false).help("Whether there is a project at all"), project,
        &ProjectParams::enabled);
  s.add(real("project.budget_eur", 3e6).range(0, 1e10).unit("EUR").help("Total project budget"),
        project, &ProjectParams::budget_eur);
  s.add(integer("project.start_month", 12)
            .range(0, 1200)
            .unit("months")
            .help("Month the project starts (the gestation delay after the simulation start)"),
        project, &ProjectParams::start_month);
  s.add(integer("project.duration_months", 36)
            .range(1, 600)
            .unit("months")
            .help("Planned active months (funding stops extend the end, an early budget end "
                  "shortens it)"),
        project, &ProjectParams::duration_months);
  s.add(
      integer("project.preparation_months", 6)
          .range(0, 120)
          .unit("months")
          .help("Preparation and assessment at the start: overhead is spent, no client is served"),
      project, &ProjectParams::preparation_months);
  s.add(integer("project.assisted_firms", 40)
            .range(0, 1'000'000)
            .help("Client firms the project supports at most (southern firms)"),
        project, &ProjectParams::assisted_firms);
  s.add(sim::string_list("project.sectors", {})
            .optional("every sector")
            .help("The sectors the project works in, by name ([sectors.NAME]); its clients are "
                  "shared evenly among them"),
        project, &ProjectParams::sectors);
  s.add(string("project.selection", "objective")
            .one_of({"objective", "agenda"})
            .help("Client selection: 'objective' takes the firms most able to use support "
                  "(highest absorptive capacity); 'agenda' follows the host government's agenda, "
                  "unrelated to potential (random)"),
        project, &ProjectParams::selection);
  s.add(real("project.cost_per_firm_month", 2500)
            .range(0, 1e8)
            .unit("EUR/month")
            .help("Cost of supporting one client for a month (consultants, training, missions)"),
        project, &ProjectParams::cost_per_firm_month);
  s.add(real("project.overhead_per_month", 15000)
            .range(0, 1e9)
            .unit("EUR/month")
            .help("Management and staff cost of each active month, whatever the number of "
                  "sectors (see overhead_per_sector_month)"),
        project, &ProjectParams::overhead_per_month);
  s.add(real("project.overhead_per_sector_month", 5000)
            .range(0, 1e9)
            .unit("EUR/month")
            .help("Further cost of each active month for each of the project's sectors: the "
                  "sector's cluster development agent, its events and travel (UNIDO's cluster "
                  "approach staffs each cluster with its own agent; assumption: EUR 5 000 a "
                  "month). With a fixed budget, more sectors leave less for the clients"),
        project, &ProjectParams::overhead_per_sector_month);
  s.add(real("project.upgrading_per_month", 0.005)
            .range(0, 1)
            .unit("1/month")
            .help("Gain in log quality per month of the project's own support for a firm of "
                  "absorptive capacity 1 (capacity a gains a times as much), on the share of the "
                  "support neither contracted to a BDS provider (bds_contract_share) nor spent on "
                  "export promotion (export_focus)"),
        project, &ProjectParams::upgrading_per_month);
  s.add(real("project.management_per_month", 0.03)
            .range(0, 1)
            .unit("1/month")
            .help("Gain in a client's management capacity (in [0, 1]) per month of support, for "
                  "absorptive capacity 1. A firm of management m can grow its staff up to (1 + m) "
                  "x firms.max_growth_per_month a month: management consulting let Indian firms "
                  "delegate and expand (Bloom et al. 2013). It matters where demand outgrows "
                  "what firms can hire, not in a shrinking market"),
        project, &ProjectParams::management_per_month);
  s.add(
      real("project.export_focus", 0.0)
          .range(0, 1)
          .help("Share of the project's own support to each client (what is not contracted to a "
                "BDS provider, whose service always upgrades quality) spent on export promotion "
                "(export readiness) rather than on upgrading quality for the local market: 0 "
                "enterprise upgrading, 1 export promotion (the seed's two strategic orientations, "
                "section 5.1)"),
      project, &ProjectParams::export_focus);
  s.add(real("project.export_readiness_per_month", 0.03)
            .range(0, 1)
            .unit("1/month")
            .help("Export readiness a client of absorptive capacity 1 gains per month of full "
                  "export support (readiness is capped at 1)"),
        project, &ProjectParams::export_readiness_per_month);
  s.add(boolean("project.fast_track", false)
            .help("Twinning starts with implementation, without the cluster development phase "
                  "(what the donor pushed for in both reviewed projects, section 4.3)"),
        project, &ProjectParams::fast_track);
  s.add(integer("project.cluster_development_months", 12)
            .range(0, 600)
            .unit("months")
            .help("Without fast track: implementation months spent on cluster development (joint "
                  "actions among southern firms) before matchmaking starts"),
        project, &ProjectParams::cluster_development_months);
  s.add(real("project.cluster_development_boost", 3.0)
            .range(1, 100)
            .help("During cluster development, southern firms of the project's sectors seek "
                  "cooperation partners this many times as often"),
        project, &ProjectParams::cluster_development_boost);
  s.add(integer("project.cluster_development_reach", 500)
            .range(1, 100000000)
            .help("Southern firms the project team can involve in joint actions at a time during "
                  "cluster development. With N firms in the project's sectors, each of them is "
                  "boosted in a month with probability min(1, reach / N): the same team over three "
                  "sectors reaches a smaller share of each (the seed: resources spread thin)"),
        project, &ProjectParams::cluster_development_reach);
  s.add(real("project.matches_per_month", 4.0)
            .range(0, 10000)
            .unit("1/month")
            .help("Matchmaking proposals per month of twinning (a client and a northern firm of "
                  "its sector) of a team with full relationships in one sector: divided evenly "
                  "among the project's sectors and scaled by the team's relationship capital in "
                  "each"),
        project, &ProjectParams::matches_per_month);
  s.add(real("project.bds_contract_share", 0.5)
            .range(0, 1)
            .help("Share of each client's monthly support cost paid to southern BDS providers "
                  "through contracts (their service replaces that share of the project's own "
                  "upgrading); the rest the project delivers itself"),
        project, &ProjectParams::bds_contract_share);
  s.add(integer("project.funding_stop_month", 0)
            .range(0, 1200)
            .unit("months")
            .help("Month a funding stop begins (with funding_stop_months > 0)"),
        project, &ProjectParams::funding_stop_month);
  s.add(integer("project.funding_stop_months", 0)
            .range(0, 600)
            .unit("months")
            .help("Length of a funding stop: nothing is spent and the project's clock stops (0: no "
                  "stop)"),
        project, &ProjectParams::funding_stop_months);
  s.add(real("project.relationship_gain_per_month", 0.1)
            .range(0, 1)
            .unit("1/month")
            .help("Share of the missing relationship capital (the team's knowledge of and trust "
                  "with a sector's firms, association and partners, in [0, 1]) the project's staff "
                  "build per active month, from 0 at the start; preparation months count. The "
                  "team divides its time among the project's sectors: each gains this / their "
                  "number"),
        project, &ProjectParams::relationship_gain_per_month);
  s.add(real("project.staff_turnover_per_year", 0.3)
            .range(0, 50)
            .unit("1/year")
            .help("Staff turnover of the project team: the share of its relationship capital lost "
                  "per year, also during a funding stop. Few long-term in-country experts: low "
                  "(0.3); many short-term international consultants: high (2 and more; the seed, "
                  "section 5)"),
        project, &ProjectParams::staff_turnover_per_year);
  s.add(real("project.transfer_per_month", 0.0)
            .range(0, 1)
            .unit("1/month")
            .help("Deliberate transfer of the pilot experience to non-clients (workshops, "
                  "demonstration visits): a non-client of the project's sectors below its clients' "
                  "mean log quality closes this x absorptive capacity x the sector's relationship "
                  "capital x the share of the project's firms the team reaches "
                  "(cluster_development_reach / their number, at most 1) of the gap per "
                  "implementation month. 0: no transfer (the reviewed projects)"),
        project, &ProjectParams::transfer_per_month);
  s.add(real("project.transfer_cost_per_month", 10000.0)
            .range(0, 1e9)
            .unit("EUR/month")
            .help("Cost of the transfer programme per implementation month, from the budget "
                  "(only when transfer_per_month > 0)"),
        project, &ProjectParams::transfer_cost_per_month);
  s.add(
      real("project.institutional_share", 0.0)
          .range(0, 1)
          .help("Institutional focus: share of the programme's monthly spending (assisted_firms x "
                "cost_per_firm_month) granted to the southern associations of the project's "
                "sectors during implementation; the project then takes (1 - share) x "
                "assisted_firms clients. 0 enterprise focus, 1 institutional (the seed's "
                "strategic choice, section 5.1)"),
      project, &ProjectParams::institutional_share);

  // Southern BDS providers. No calibrated data on Indian or Vietnamese cluster BDS markets was
  // found: the defaults are illustrative (docs/model.md, section 7) and give a weak paying market,
  // as the review found ("deficits in BDS availability will remain", section 4.2).
  s.add(string("project.upgrading", "cost_performance")
            .one_of({"cost_performance", "functional"})
            .help("The enterprise strategy (the seed, section 5.1): 'cost_performance' upgrades "
                  "clients' quality; 'functional' moves tier-3 clients of tiered sectors up to "
                  "tier 2 instead (other clients still get quality upgrading)"),
        project, &ProjectParams::upgrading);
  s.add(string("project.orientation", "mixed")
            .one_of({"mixed", "export", "outsourcing", "technology"})
            .help("The kind of cross-border link the project's (and the associations') matches "
                  "create, the seed's strategic orientation (section 5.1): 'export' export sales "
                  "(the northern firm sells the southern firm's products: export promotion), "
                  "'outsourcing' subcontracting (the northern firm moves part of its production "
                  "south: delocalisation), 'technology' technology transfer alone; 'mixed' each "
                  "kind with probability 1/3 (the reviewed projects, whose orientation was not "
                  "clear)"),
        project, &ProjectParams::orientation);
  s.add(real("project.functional_upgrading_per_month", 0.05)
            .range(0, 1)
            .unit("1/month")
            .help("With functional upgrading: probability per month of support that a tier-3 "
                  "client of absorptive capacity a moves up to tier 2 is this value x a"),
        project, &ProjectParams::functional_upgrading_per_month);
  // Tied or untied (the seed, section 5.2: "projects should not be tied to a donor country's
  // industries, associations and consultants"). The model's one northern cluster is the donor
  // country's, so its matches and memoranda are always tied; this ties the consultants.
  s.add(real("project.tied_share", 0.0)
            .range(0, 1)
            .help("How far the project is tied to donor-country consultants: the probability that "
                  "a client-month's contracted share of support (bds_contract_share) goes to "
                  "donor-country consultants instead of a southern BDS provider (who then gets no "
                  "contract for it, and none is recruited for it); the consultants deliver the "
                  "upgrade of the project's own support and cost tied_cost_premium more. 0: "
                  "untied (the seed's recommendation, section 5.2); 1: fully tied"),
        project, &ProjectParams::tied_share);
  s.add(
      real("project.tied_cost_premium", 1.0)
          .range(0, 100)
          .help("Tied client-months: donor-country consultants' cost of the contracted share of a "
                "client-month over what a southern provider is paid for it (1: twice as much), "
                "so a client-month costs cost_per_firm_month x (1 + bds_contract_share x this) "
                "and a fixed budget supports fewer client-months. International consultants' "
                "fees are about three times local ones (ActionAid 2006) on an assumed half of "
                "the contracted cost; tying adds 15-30% to aid's costs in general, more to "
                "technical cooperation (Clay et al. 2009); assumption"),
      project, &ProjectParams::tied_cost_premium);

  // Supply chains of tiered sectors (docs/model.md, section 7, "Supply chains"). No calibrated
  // data on Indian or Vietnamese supplier networks was found: illustrative values, with reasons.
  const auto supply = &Params::supply;
  s.add(real("supply.sourcing_share", 0.8)
            .range(0, 1)
            .help("Share of a buyer's material inputs (material_cost_share x its sales) it orders "
                  "from its suppliers of the next tier in the cluster; the rest, and whatever they "
                  "cannot serve, is bought outside (imports)"),
        supply, &SupplyParams::sourcing_share);
  s.add(integer("supply.suppliers_wanted", 3)
            .range(0, 1000)
            .help("A buyer with fewer suppliers than this searches for one (multi-sourcing)"),
        supply, &SupplyParams::suppliers_wanted);
  s.add(real("supply.search_probability", 0.5)
            .range(0, 1)
            .unit("1/month")
            .help("Monthly probability that a buyer short of suppliers searches (once)"),
        supply, &SupplyParams::search_probability);
  s.add(real("supply.initial_trust", 0.5)
            .range(0.001, 1)
            .help("Trust of a new supply link (the buyer's share of orders is proportional to "
                  "trust x supplier's employees x quality^beta)"),
        supply, &SupplyParams::initial_trust);
  s.add(real("supply.trust_adjustment", 0.2)
            .range(0, 1)
            .unit("1/month")
            .help("Each month trust moves this share of the way toward the supplier's delivery "
                  "ratio (served / ordered; 0 when the buyer ordered nothing)"),
        supply, &SupplyParams::trust_adjustment);
  s.add(real("supply.min_trust", 0.1)
            .range(0, 1)
            .help("A buyer drops a supplier whose trust fell below this (unreliable or unused)"),
        supply, &SupplyParams::min_trust);
  s.add(real("supply.dissolution_per_year", 0.5)
            .range(0, 120)
            .unit("1/year")
            .help("A supply link of trust t ends at this rate x (1 - t) for reasons outside the "
                  "model (the buyer remembers the supplier as a past partner)"),
        supply, &SupplyParams::dissolution_per_year);
  s.add(real("supply.experience_trust_gain", 1.0)
            .range(0, 100)
            .help("A southern firm's supply experience (mean trust of its supply links) adds this "
                  "x twinning.trust_gain_per_month x experience to the monthly trust gain of its "
                  "cross-border links (delivering to a buyer's specification; the seed, Pune)"),
        supply, &SupplyParams::experience_trust_gain);

  const auto bds = &Params::bds;
  s.add(integer("bds.initial_providers", 6)
            .range(0, 100'000)
            .help("Southern BDS providers (consultancies, trainers, testing labs) at the start"),
        bds, &BdsParams::initial_providers);
  s.add(real("bds.price", 300)
            .range(0, 1e6)
            .unit("EUR/service-month")
            .help("Price a paying firm pays for a month of a provider's service"),
        bds, &BdsParams::price);
  s.add(integer("bds.capacity", 10)
            .range(0, 1'000'000)
            .unit("clients/month")
            .help("Clients a provider serves per month at most (paying and contracted)"),
        bds, &BdsParams::capacity);
  s.add(real("bds.fixed_cost", 1500)
            .range(1, 1e8)
            .unit("EUR/month")
            .help("Fixed cost of a provider per month (staff, office)"),
        bds, &BdsParams::fixed_cost);
  s.add(real("bds.initial_cash_months", 6)
            .range(0, 1200)
            .unit("months")
            .help("Cash of a new provider, as months of its fixed cost"),
        bds, &BdsParams::initial_cash_months);
  s.add(real("bds.reserve_months", 6)
            .range(0, 1200)
            .unit("months")
            .help("Cash a provider keeps, as months of its fixed cost; its owners take out the "
                  "rest each month"),
        bds, &BdsParams::reserve_months);
  s.add(real("bds.quality_spread", 0.3)
            .range(0, 3)
            .help("Standard deviation of providers' log service quality (mean log quality 0)"),
        bds, &BdsParams::quality_spread);
  s.add(real("bds.upgrading_per_service", 0.005)
            .range(0, 1)
            .unit("1/service-month")
            .help("Gain in a client's log quality per service-month, for absorptive capacity 1 and "
                  "service quality 1 (scaled by both)"),
        bds, &BdsParams::upgrading_per_service);
  s.add(real("bds.purchase_probability", 0.05)
            .range(0, 1)
            .unit("1/month")
            .help("Monthly probability that a firm with positive profit buys a service if it were "
                  "free; at price P and last month's profit x the probability is this value times "
                  "x / (x + P)"),
        bds, &BdsParams::purchase_probability);
  s.add(real("bds.entry_rate_per_year", 0.5)
            .range(0, 100)
            .unit("1/year")
            .help("New providers per year for each provider that paying firms' revenue could "
                  "sustain (mean monthly revenue of the last 12 months / fixed cost); project "
                  "revenue does not pull entry"),
        bds, &BdsParams::entry_rate_per_year);
  s.add(boolean("bds.project_recruitment", true)
            .help("When no provider has room for a project contract, the project recruits a new "
                  "provider (else it delivers that support itself)"),
        bds, &BdsParams::project_recruitment);

  // Business associations. No data on the reviewed clusters' associations was found: defaults are
  // illustrative (docs/model.md, section 7) and give the weak association with symbolic fees the
  // review found ("weak ... insufficient ownership and commitment", section 4).
  const auto assoc = &Params::associations;
  s.add(real("associations.initial_strength", 0.15)
            .range(0, 1)
            .help("Strength (capacity, in [0, 1]) of every southern association at the start; "
                  "the default is below active_strength: the weak associations the review found, "
                  "with no services and no members until someone funds them"),
        assoc, &AssociationParams::initial_strength);
  s.add(real("associations.fee", 2.0)
            .range(0, 1e6)
            .unit("EUR/month")
            .help("Membership fee a southern member pays each month (ownership: what members put "
                  "in); the default is symbolic"),
        assoc, &AssociationParams::fee);
  s.add(real("associations.member_value", 100.0)
            .range(0, 1e7)
            .unit("EUR/month")
            .help("What a member of absorptive capacity 1 values the services of a full-strength "
                  "association at; a firm of capacity a values strength s at this x s x a and is a "
                  "member when that is at least the fee"),
        assoc, &AssociationParams::member_value);
  s.add(real("associations.review_probability", 0.1)
            .range(0, 1)
            .unit("1/month")
            .help("Monthly probability that a southern firm reviews its membership (joins or "
                  "leaves)"),
        assoc, &AssociationParams::review_probability);
  s.add(real("associations.cost_per_firm", 20.0)
            .range(1e-6, 1e6)
            .unit("EUR/month")
            .help("Spending per firm of its sector (members or not) at which an association is "
                  "fully staffed; strength grows with income / (this x live firms), at most 1"),
        assoc, &AssociationParams::cost_per_firm);
  s.add(real("associations.capacity_building_per_month", 0.08)
            .range(0, 1)
            .unit("1/month")
            .help("Share of the gap between strength and 1 a fully funded association closes per "
                  "month"),
        assoc, &AssociationParams::capacity_building_per_month);
  s.add(real("associations.staff_turnover_per_year", 0.5)
            .range(0, 12)
            .unit("1/year")
            .help("Strength lost to staff turnover: s falls by this / 12 x s per month"),
        assoc, &AssociationParams::staff_turnover_per_year);
  s.add(real("associations.active_strength", 0.2)
            .range(0, 1)
            .help("Strength from which an association runs services (joint actions, matchmaking, "
                  "information) and its memorandum holds; weaker, it has no members"),
        assoc, &AssociationParams::active_strength);
  s.add(real("associations.joint_actions_per_year", 0.5)
            .range(0, 100)
            .unit("1/year")
            .help("Joint actions (training, fairs, joint purchasing) a member of a full-strength "
                  "association takes part in per year (scaled by strength); the participants of "
                  "an action become cooperation partners, in addition to "
                  "network.link_formation_per_year"),
        assoc, &AssociationParams::joint_actions_per_year);
  s.add(integer("associations.joint_action_size", 4)
            .range(2, 16)
            .help("Members taking part in one joint action (each pair of them is linked)"),
        assoc, &AssociationParams::joint_action_size);
  s.add(real("associations.matches_per_month", 1.0)
            .range(0, 10000)
            .unit("1/month")
            .help("Cross-border matches a full-strength southern association with a memorandum "
                  "proposes per month (scaled by strength), during and after the project"),
        assoc, &AssociationParams::matches_per_month);
  s.add(real("associations.information_per_month", 0.001)
            .range(0, 1)
            .unit("1/month")
            .help("Information service: a member's log-quality gain per month, for strength 1 and "
                  "absorptive capacity 1 (scaled by both)"),
        assoc, &AssociationParams::information_per_month);
  s.add(boolean("associations.memorandum", true)
            .help("The southern and northern associations of each project sector sign a "
                  "memorandum when the project's twinning begins"),
        assoc, &AssociationParams::memorandum);
  s.add(real("associations.memorandum_interest", 0.5)
            .range(0, 1)
            .help("Under a memorandum in force, northern interest i becomes i + this x northern "
                  "association strength x (1 - i)"),
        assoc, &AssociationParams::memorandum_interest);
  s.add(real("associations.north_strength", 0.8)
            .range(0, 1)
            .help("Strength of the northern associations (constant: established district "
                  "associations)"),
        assoc, &AssociationParams::north_strength);

  const auto donor = &Params::donor;
  s.add(boolean("donor.crisis", false)
            .help("An economic crisis in the donor country (the north), as Italy had during both "
                  "reviewed projects"),
        donor, &DonorParams::crisis);
  s.add(integer("donor.crisis_start_month", 24)
            .range(0, 1200)
            .unit("months")
            .help("Month the donor-country crisis begins"),
        donor, &DonorParams::crisis_start_month);
  s.add(real("donor.crisis_demand_factor", 0.85)
            .range(0, 1)
            .help("Northern demand is multiplied by this factor for good when the crisis begins"),
        donor, &DonorParams::crisis_demand_factor);
  s.add(real("donor.crisis_threat", 0.4)
            .range(0, 1)
            .help("Added to northern firms' perceived threats once the crisis began, half to the "
                  "threat of competition and half to that of IP infringement (the seed, section 4: "
                  "'increasing fear of competition and property rights' infringement')"),
        donor, &DonorParams::crisis_threat);

  const auto twinning = &Params::twinning;
  s.add(real("twinning.north_interest", 0.5)
            .range(0, 1)
            .help("Probability that a northern firm accepts a proposed match when it perceives no "
                  "threat and no memorandum is in force; acceptance is north_interest x (1 - "
                  "threat) x (1 - contract_friction), raised under a memorandum"),
        twinning, &TwinningParams::north_interest);
  s.add(real("twinning.competition_threat", 5.0)
            .range(0, 1000)
            .help("A northern firm's perceived threat of competition per unit of the southern "
                  "share of its sector's northern market (see threat_adjustment_per_month)"),
        twinning, &TwinningParams::competition_threat);
  s.add(real("twinning.threat_adjustment_per_month", 0.2)
            .range(0, 1)
            .unit("1/month")
            .help("Share of the gap between a northern firm's perceived threats and the present "
                  "ones (competition: competition_threat x the southern share of its market plus "
                  "half the crisis threat; IP infringement: the other half plus "
                  "ip_threat_per_partner x its southern partners) closed each month: fear builds "
                  "over months, and fades as slowly"),
        twinning, &TwinningParams::threat_adjustment_per_month);
  s.add(real("twinning.ip_threat_per_partner", 0.05)
            .range(0, 1)
            .help("A northern firm's perceived threat of IP infringement rises by this for each "
                  "southern partner it has (each partner learns from it), so it accepts fewer new "
                  "ones"),
        twinning, &TwinningParams::ip_threat_per_partner);
  s.add(real("twinning.market_access_per_month", 0.05)
            .range(0, 1)
            .unit("1/month")
            .help("Along an export-sales link the northern partner opens its market to the "
                  "southern firm: the southern firm's export readiness closes this x the link's "
                  "trust of its gap to 1 each month"),
        twinning, &TwinningParams::market_access_per_month);
  s.add(real("twinning.initial_trust", 0.2)
            .range(0, 1)
            .help("Trust of a new cross-border link (its weight in the network)"),
        twinning, &TwinningParams::initial_trust);
  s.add(real("twinning.trust_gain_per_month", 0.05)
            .range(0, 1)
            .unit("1/month")
            .help("Trust a link gains per month when the southern partner is embedded in its "
                  "cluster; scaled by d / (1 + d) for a partner with d cooperation links"),
        twinning, &TwinningParams::trust_gain_per_month);
  s.add(real("twinning.dissolution_per_year", 3.0)
            .range(0, 120)
            .unit("1/year")
            .help("Dissolution rate of a cross-border link without trust; a link of trust t "
                  "dissolves at this rate x (1 - t)"),
        twinning, &TwinningParams::dissolution_per_year);
  s.add(real("twinning.outsourcing_share", 0.05)
            .range(0, 1)
            .help("Share of the northern partner's monthly sales it orders from its southern "
                  "partner over a subcontracting link: an order the partner serves up to its spare "
                  "capacity and hires for"),
        twinning, &TwinningParams::outsourcing_share);
  s.add(
      real("twinning.learning_per_month", 0.005)
          .range(0, 1)
          .unit("1/month")
          .help("Technology transfer: the southern partner's log-quality gain per month of a "
                "link, for absorptive capacity 1 at the optimal cognitive distance (less at other "
                "distances: the inverted U of twinning.optimal_distance)"),
      twinning, &TwinningParams::learning_per_month);
  s.add(real("twinning.contract_friction", 0.0)
            .range(0, 1)
            .help("Regulatory friction: how hard cross-border contracts are to make and enforce. A "
                  "northern firm accepts a match with its probability x (1 - this), and a link's "
                  "trust protects it from dissolution only (1 - this) as much. 0: no friction"),
        twinning, &TwinningParams::contract_friction);
  s.add(real("twinning.capability_gap", 1.0)
            .range(0, 10)
            .help("Distance between the mean capability vectors of the northern and the southern "
                  "cluster: the technology gap the twinning spans (same units as "
                  "firms.capability_spread)"),
        twinning, &TwinningParams::capability_gap);
  s.add(
      real("twinning.optimal_distance", 0.8)
          .range(0, 10)
          .help(
              "Cognitive distance at which a southern firm of absorptive capacity 0.5 learns most "
              "from a partner; the optimum is optimal_distance x (0.5 + absorptive capacity). "
              "Closer partners have little new to teach, farther ones are hard to understand "
              "(Nooteboom et al. 2007)"),
      twinning, &TwinningParams::optimal_distance);
  s.add(real("twinning.convergence_per_month", 0.02)
            .range(0, 1)
            .unit("1/month")
            .help("Share of the capability gap to its northern partner that a southern firm of "
                  "absorptive capacity 1 closes per month of a link at the optimal distance "
                  "(scaled like the quality gain)"),
        twinning, &TwinningParams::convergence_per_month);
  return s;
}

}  // namespace

const sim::Schema<Params>& schema() {
  static const sim::Schema<Params> s = build();
  return s;
}

std::vector<sim::Diagnostic> cross_check(const Params& p, const sim::ParamValues& values,
                                         const std::string& source) {
  std::vector<sim::Diagnostic> problems;
  auto report = [&](const std::string& key, std::string message) {
    const sim::SourcePlace& at = values.place(*sim::find_param(schema().param_set(), key));
    problems.push_back({at.line ? at.file : source, at.line, at.column, key, std::move(message)});
  };
  std::vector<std::string> metric_names;
  for (const auto& m : metric_specs()) metric_names.push_back(m.name);
  for (const KpiParams& k : p.kpis) {
    auto report_field = [&](const std::string& field, std::string message) {
      const sim::SourcePlace& at =
          sim::field_place(schema().param_set(), values, "kpis", k.name, field);
      problems.push_back({at.line ? at.file : source, at.line, at.column,
                          "kpis." + k.name + "." + field, std::move(message)});
    };
    if (std::find(metric_names.begin(), metric_names.end(), k.metric) == metric_names.end()) {
      const std::string hint = sim::nearest_name(metric_names, k.metric);
      report_field("metric", "no recorded metric named '" + k.metric + "'" +
                                 (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
  }
  if (p.market.shock_months.size() != p.market.shock_factors.size())
    report("market.shock_factors",
           "needs one factor per shock month: " + std::to_string(p.market.shock_months.size()) +
               " months but " + std::to_string(p.market.shock_factors.size()) + " factors");
  if (p.project.sectors) {
    const auto index = *sim::find_param(schema().param_set(), "project.sectors");
    const auto& places = values.element_places(index);
    std::string names;
    for (const auto& s : p.sectors) names += (names.empty() ? "" : ", ") + s.name;
    for (std::size_t e = 0; e < p.project.sectors->size(); ++e) {
      const std::string& name = (*p.project.sectors)[e];
      bool known = false;
      for (const auto& s : p.sectors) known = known || s.name == name;
      if (known) continue;
      const sim::SourcePlace at = e < places.size() ? places[e] : values.place(index);
      problems.push_back({at.line ? at.file : source, at.line, at.column, "project.sectors",
                          "no sector named '" + name + "'; the scenario has: " + names});
    }
  }
  for (const SectorParams& sp : p.sectors) {
    if (sp.tier_shares.empty()) continue;
    double sum = 0;
    for (double x : sp.tier_shares) sum += x;
    const sim::SourcePlace& at =
        sim::field_place(schema().param_set(), values, "sectors", sp.name, "tier_shares");
    auto report_tiers = [&](std::string message) {
      problems.push_back({at.line ? at.file : source, at.line, at.column,
                          "sectors." + sp.name + ".tier_shares", std::move(message)});
    };
    if (sp.tier_shares.size() < 2 || sp.tier_shares.size() > kMaxTiers)
      report_tiers("needs 2 to " + std::to_string(kMaxTiers) + " shares (tiers 0..3), got " +
                   std::to_string(sp.tier_shares.size()));
    else if (std::abs(sum - 1.0) > 1e-6)
      report_tiers("shares must sum to 1, got " + sim::format_number(sum));
    else if (*std::min_element(sp.tier_shares.begin(), sp.tier_shares.end()) <= 0)
      report_tiers("every tier of the chain needs firms: each share must be > 0");
  }
  for (int c = 0; c < kClusters; ++c) {
    try {
      size_distribution(p.cluster(c));
    } catch (const std::invalid_argument& e) {
      report(std::string(kClusterNames[c]) + ".employees_tail_max", e.what());
    }
  }
  for (double m : p.market.shock_months)
    if (m != std::floor(m))
      report("market.shock_months", "months must be whole numbers, got " + sim::format_number(m));
  return problems;
}

}  // namespace twinsim
