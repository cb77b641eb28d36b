// The model's parameters: plain structs read by the systems, declared once in parameters.cpp with
// their scenario key, unit, default, valid range and help text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace twinsim {

/// The two clusters of a twinning pair. Index into per-cluster arrays.
enum Cluster : std::uint8_t { kNorth = 0, kSouth = 1 };
inline constexpr int kClusters = 2;
inline constexpr const char* kClusterNames[kClusters] = {"north", "south"};
/// Tiers of a supply chain: 0 lead firm/OEM, 1..3 suppliers.
inline constexpr int kMaxTiers = 4;

/// Parameters of one cluster and its (single-sector, for now) market.
struct ClusterParams {
  double employees_mean = 0;           // mean initial employees per firm (log-normal sizes)
  double employees_dispersion = 0;     // sigma of log initial employees
  double employees_tail_share = 0;     // share of initial firms in the Pareto tail of sizes
  double employees_tail_exponent = 0;  // Pareto exponent of that tail
  double employees_tail_max = 0;       // largest initial size in the tail; 0: unbounded
  double labour_productivity = 0;      // output per employee at full capacity, EUR/month
  double wage = 0;                     // EUR per employee and month
  double material_cost_share = 0;      // share of sales spent on inputs
  double fixed_cost = 0;               // EUR per firm and month
  double initial_cash_months = 0;      // initial cash as months of wage bill
  double demand_growth_per_year = 0;   // north only: trend growth of its markets, 1/year
  double initial_demand_ratio = 0;     // initial demand / initial capacity
};

/// One sector: a market per cluster, firms that compete only within it.
struct SectorParams {
  std::string name;
  std::int64_t firms_south = 0;
  std::int64_t firms_north = 0;
  std::optional<double> growth_per_year;  // southern demand growth; else market.growth_per_year
  std::vector<double> tier_shares;        // southern firms per tier 0, 1, ...; empty: not tiered
  /// Deepest tier of the sector (0 when it is not tiered).
  int depth() const { return tier_shares.empty() ? 0 : static_cast<int>(tier_shares.size()) - 1; }
};

/// One logframe KPI: an outcome the project commits to, with its target (issue 3; the review found
/// that neither project had KPIs, baselines or targets, section 3.1).
struct KpiParams {
  std::string name;
  std::string metric;                 // a recorded metric
  double target = 0;                  // value to reach (at_least) or not to exceed (at_most)
  std::string direction;              // "at_least" or "at_most"
  std::optional<std::int64_t> month;  // month at which it is measured; else the horizon
  std::optional<double> baseline;     // value stated at the start, for the report
};

struct MarketParams {
  double price_sensitivity = 0;        // exponent on price in market shares (price elasticity)
  double growth_per_year = 0;          // southern demand growth of every sector without its own
  double export_access = 0;            // weight of southern firms in northern markets
  double cycle_amplitude = 0;          // relative amplitude of the business cycle
  double cycle_period_months = 0;      // period of the business cycle
  std::vector<double> shock_months;    // months at which demand shocks hit (0-based)
  std::vector<double> shock_factors;   // persistent demand multipliers, one per shock month
  std::string shock_cluster;           // "both", "north" or "south"
  double competition_sensitivity = 0;  // exponent on quality in market shares
  double customer_turnover = 0;        // share of a firm's customer base renewed per month
};

struct FirmParams {
  double price_quality_elasticity = 0;  // elasticity of a lead firm's target price to its quality
  double price_adjustment = 0;          // share of the gap to the target price closed per month
  double quality_volatility = 0;        // sd of the monthly log-quality innovation
  double innovation_probability = 0;    // probability of an innovation (a quality step) per month
  double hiring_rate = 0;               // share of the gap to target employment closed per month
  double max_growth_per_month = 0;      // largest relative rise in employment in one month
  double quality_dispersion = 0;        // sd of initial log quality
  double demonstration_learning = 0;    // share of the gap to the market's mean closed per month
  double advantage_erosion = 0;         // share of a lead over the market's standard lost per month
  double capability_spread = 0;         // sd of each capability component within a cluster
  double closure_rate_per_year = 0;     // closures for reasons outside the model, per year
  double young_closure_rate_per_year = 0;  // extra closure hazard of a new firm, per year
  double young_months = 1;                 // age scale over which the extra hazard fades, months
  double cash_reserve_months = 0;  // cash kept, in months of wage bill; the rest is paid out
};

struct EntryParams {
  double rate_per_year = 0;       // entrants per incumbent per year when demand is flat
  double growth_sensitivity = 0;  // change of the entry rate per unit of annual demand growth
  double entrant_size = 0;        // entrant size as a share of the cluster's initial mean size
};

struct NetworkParams {
  double link_formation_per_year = 0;    // cooperation links a firm seeks per year
  double link_dissolution_per_year = 0;  // probability per year that a link dissolves
  double closure_share = 0;              // share of new partners found through existing partners
};

/// The development project (seed: two projects of about EUR 3 million, planned for three years).
struct ProjectParams {
  bool enabled = false;
  double budget_eur = 0;
  std::int64_t start_month = 0;         // month the project starts (after the gestation delay)
  std::int64_t duration_months = 0;     // planned active months
  std::int64_t preparation_months = 0;  // preparation and assessment before clients are served
  std::int64_t assisted_firms = 0;      // clients at most
  std::optional<std::vector<std::string>> sectors;  // sectors it works in; unset: all
  std::string selection;                            // "objective" or "agenda"
  double cost_per_firm_month = 0;                   // EUR per client and month of support
  double overhead_per_month = 0;                    // EUR per active month (staff, management)
  double overhead_per_sector_month = 0;   // EUR per active month and project sector (its agent)
  double upgrading_per_month = 0;         // log-quality gain per month of support, full absorption
  double management_per_month = 0;        // management capacity gained per month of support
  double export_focus = 0;                // share of support that builds export readiness
  double export_readiness_per_month = 0;  // readiness gained per month of export support
  bool fast_track = false;                // twinning without the cluster development phase
  std::int64_t cluster_development_months = 0;  // implementation months before twinning
  std::int64_t cluster_development_reach = 0;   // firms the team reaches in joint actions at a time
  double cluster_development_boost = 1;    // link formation multiplier during cluster development
  double matches_per_month = 0;            // matchmaking proposals per month of twinning
  double bds_contract_share = 0;           // share of a client's support bought from BDS providers
  std::int64_t funding_stop_month = 0;     // month a funding stop begins
  std::int64_t funding_stop_months = 0;    // its length (0: no stop)
  double relationship_gain_per_month = 0;  // share of missing relationship capital built a month
  double staff_turnover_per_year = 0;      // share of relationship capital lost a year
  double transfer_per_month = 0;           // non-clients' learning toward clients, per month
  double transfer_cost_per_month = 0;      // EUR per implementation month of transfer
  double institutional_share = 0;  // share of programme spending granted to the associations
  std::string upgrading;           // "cost_performance" or "functional" (tier III to II)
  std::string orientation;         // kind of the matches: "mixed", "export", "outsourcing", ...
  double functional_upgrading_per_month = 0;  // chance a tier-3 client moves up, per month, a = 1
  double tied_share = 0;         // probability a client-month's contract goes to the donor's
  double tied_cost_premium = 0;  // their extra cost over a southern provider's contract, share
};

/// Southern business-development-service providers and the market for their services.
struct BdsParams {
  std::int64_t initial_providers = 0;
  double price = 0;                  // EUR per service-month
  std::int64_t capacity = 0;         // clients per provider and month
  double fixed_cost = 0;             // EUR per provider and month
  double initial_cash_months = 0;    // a new provider's cash, in months of fixed cost
  double reserve_months = 0;         // cash kept, in months of fixed cost; the rest is paid out
  double quality_spread = 0;         // sd of log service quality
  double upgrading_per_service = 0;  // client's log-quality gain per service-month (a = q = 1)
  double purchase_probability = 0;   // monthly probability of a purchase at zero price
  double entry_rate_per_year = 0;    // entrants per year per provider paying revenue sustains
  bool project_recruitment = false;  // the project recruits a provider when none has room
};

/// Business associations (one per cluster and sector; only the southern ones have dynamics).
struct AssociationParams {
  double initial_strength = 0;             // southern associations' strength at month 0
  double fee = 0;                          // EUR per member and month
  double member_value = 0;                 // EUR/month a member (a = 1) values services at s = 1
  double review_probability = 0;           // monthly probability a firm reviews its membership
  double cost_per_firm = 0;                // EUR/month per firm of the sector for full staffing
  double capacity_building_per_month = 0;  // share of the gap to 1 closed at full funding
  double staff_turnover_per_year = 0;      // strength lost to staff turnover, 1/year
  double active_strength = 0;              // strength from which services run
  double joint_actions_per_year = 0;       // joint actions a member joins per year at s = 1
  std::int64_t joint_action_size = 0;      // members taking part in one joint action
  double matches_per_month = 0;            // cross-border proposals per month at s = 1
  double information_per_month = 0;        // member's log-quality gain per month (s = a = 1)
  bool memorandum = false;                 // partner associations sign when twinning begins
  double memorandum_interest = 0;          // raise of northern interest under a memorandum
  double north_strength = 0;               // northern associations' (constant) strength
};

/// The donor country: a crisis at home cuts northern demand and raises northern firms' fear of
/// competition.
struct DonorParams {
  bool crisis = false;
  std::int64_t crisis_start_month = 0;
  double crisis_demand_factor = 1;
  double crisis_threat = 0;  // added to northern firms' perceived threat once the crisis began
};

/// Cross-border links between northern and southern firms of a sector.
struct TwinningParams {
  double north_interest = 0;         // probability a northern firm accepts a match, without threat
  double competition_threat = 0;     // perceived threat per unit of southern share of its market
  double initial_trust = 0;          // trust of a new cross-border link
  double trust_gain_per_month = 0;   // trust gained per month by a fully embedded southern partner
  double dissolution_per_year = 0;   // dissolution rate of a link with no trust
  double outsourcing_share = 0;      // share of the northern partner's sales passed to the south
  double learning_per_month = 0;     // southern partner's log-quality gain, full absorption
  double contract_friction = 0;      // in [0, 1]: cross-border contracts hard to make and enforce
  double capability_gap = 0;         // distance between the clusters' mean capability vectors
  double optimal_distance = 0;       // cognitive distance of most learning, absorptive capacity 0.5
  double convergence_per_month = 0;  // share of the capability gap to a partner closed per month
  double threat_adjustment_per_month = 0;  // share of the gap to the present threats closed
  double ip_threat_per_partner = 0;        // a northern firm's IP threat per southern partner
  double market_access_per_month = 0;      // export-sales link: share of the readiness gap closed
};

/// Supply chains of tiered sectors (models/supply.cpp).
struct SupplyParams {
  double sourcing_share = 0;          // share of a buyer's inputs ordered from its suppliers
  std::int64_t suppliers_wanted = 0;  // a buyer with fewer suppliers searches
  double search_probability = 0;      // monthly probability such a buyer searches
  double initial_trust = 0;           // trust of a new supply link
  double trust_adjustment = 0;        // monthly smoothing of trust toward the delivery ratio
  double min_trust = 0;               // a link below this trust is dropped
  double dissolution_per_year = 0;    // rate at which a link of no trust ends
  double experience_trust_gain = 0;   // cross-border trust gain from supply experience
};

struct RunParams {
  std::int64_t replicates = 0;
  std::int64_t seed = 0;
};

struct ScenarioInfo {
  std::string name;
  std::string description;
};

/// Everything a run reads. Bound from a validated sim::ParamValues by schema().bind(values).
struct Params {
  ScenarioInfo scenario;
  std::int64_t horizon_months = 0;  // months simulated
  RunParams run;
  ClusterParams north;
  ClusterParams south;
  MarketParams market;
  FirmParams firms;
  EntryParams entry;
  NetworkParams network;
  ProjectParams project;
  BdsParams bds;
  AssociationParams associations;
  DonorParams donor;
  TwinningParams twinning;
  SupplyParams supply;
  std::vector<SectorParams> sectors;
  std::vector<KpiParams> kpis;

  const ClusterParams& cluster(int c) const { return c == kNorth ? north : south; }
  /// Initial firms of sector `s` in cluster `c`.
  std::int64_t initial_firms(int c, std::size_t s) const {
    return c == kNorth ? sectors[s].firms_north : sectors[s].firms_south;
  }
  /// Trend growth per year of the market of cluster `c`, sector `s`.
  double growth_per_year(int c, std::size_t s) const {
    if (c == kNorth) return north.demand_growth_per_year;
    return sectors[s].growth_per_year.value_or(market.growth_per_year);
  }
};

/// The one declaration of every scenario parameter (docs/scenarios.md is generated from it).
const sim::Schema<Params>& schema();

/// Checks across parameters that single ranges cannot express (e.g. the shock lists have the same
/// length). Returns one diagnostic per problem, at the place the offending value was written
/// (`values`' places; `source` for defaults); empty when consistent.
std::vector<sim::Diagnostic> cross_check(const Params& p, const sim::ParamValues& values,
                                         const std::string& source);

}  // namespace twinsim
