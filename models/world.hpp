// The model's state: agents as structure-of-arrays, markets and the network. Systems (firms.cpp,
// markets.cpp, network_rules.cpp) are plain functions over it; schedule.cpp orders them.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/associations.hpp"
#include "models/bds.hpp"
#include "models/parameters.hpp"
#include "sim/count_tree.hpp"
#include "sim/network.hpp"
#include "sim/population.hpp"
#include "sim/rng.hpp"

namespace twinsim {

/// Components of a firm's capability vector (models/capability.hpp).
inline constexpr std::size_t kCapabilityDimensions = 3;

/// Firms of both clusters; index = storage slot, `pop.id(slot)` = stable id.
struct Firms {
  sim::Population pop;
  std::vector<std::uint8_t> cluster;  // Cluster
  std::vector<std::uint16_t> sector;  // index into Params::sectors
  std::vector<std::int32_t> born;     // month of entry (-1: present at the start)
  std::vector<double> employees;      // full-time equivalents
  std::vector<double> quality;        // relative product quality (competitiveness), > 0
  std::vector<double> price;          // price relative to the reference price of its output, > 0
  std::vector<double> customers;      // customer base in its home market, EUR/month (see markets)
  std::vector<double> orders;         // demand allocated this month, EUR/month
  std::vector<double> sales;          // orders served (capacity-bound), EUR/month
  std::vector<double> backlog;        // the firm's share of demand no firm could serve, EUR/month
  std::vector<double> profit;         // this month, EUR
  std::vector<double> cash;           // EUR
  std::vector<double> absorptive;     // absorptive capacity in [0.1, 1]: how much of support sticks
  std::vector<double> management;     // in [0, 1]: raises how fast the firm can grow its staff
  std::array<std::vector<double>, kCapabilityDimensions> capability;  // what it knows how to do
  std::vector<double> export_readiness;      // in [0, 1]: access to northern markets (south only)
  std::vector<double> export_orders;         // northern-market orders of a southern firm, EUR/month
  std::vector<double> export_sales;          // of those, served this month, EUR/month
  std::vector<std::uint8_t> assisted;        // 1 for a client of the project (ever)
  std::vector<std::int32_t> support_months;  // months of support received
  std::vector<std::int32_t> bds_month;       // month of the last BDS service received (-1: none)
  std::vector<std::uint8_t> member;          // 1 for a member of its sector's association (south)
  // A northern firm's perceived threats in [0, 1] (0 in the south): of competition from southern
  // firms and of infringement of its intellectual property by them (twinning.hpp).
  std::vector<double> threat_competition;
  std::vector<double> threat_ip;
  std::vector<std::uint8_t> tier;  // 0 lead firm/OEM (sells to the final market), 1..3 suppliers
  std::vector<sim::Slot> past_supplier;        // slot of the last supplier lost (see below)
  std::vector<sim::AgentId> past_supplier_id;  // its id (kNoAgent: none), checks slot reuse

  Firms() {
    pop.column(cluster);
    pop.column(sector);
    pop.column(born, std::int32_t{-1});
    pop.column(employees);
    pop.column(quality, 1.0);
    pop.column(price, 1.0);
    pop.column(customers);
    pop.column(orders);
    pop.column(sales);
    pop.column(backlog);
    pop.column(profit);
    pop.column(cash);
    pop.column(absorptive, 0.5);
    pop.column(management);
    for (auto& dim : capability) pop.column(dim);
    pop.column(export_readiness);
    pop.column(export_orders);
    pop.column(export_sales);
    pop.column(assisted);
    pop.column(support_months);
    pop.column(bds_month, std::int32_t{-1});
    pop.column(member);
    pop.column(threat_competition);
    pop.column(threat_ip);
    pop.column(tier);
    pop.column(past_supplier);
    pop.column(past_supplier_id, kNoAgent);
  }
  static constexpr sim::AgentId kNoAgent = ~sim::AgentId{0};
};

/// The market of one sector in one cluster.
struct Market {
  double initial_demand = 0;         // EUR/month at month 0
  double shock_level = 1;            // product of the shocks that have hit so far
  double demand = 0;                 // this month, EUR/month
  double sales = 0;                  // orders served this month by all firms, EUR/month
  double exports = 0;                // of those, served by southern exporters (northern markets)
  std::array<double, 12> history{};  // demand of the last 12 months (ring, by month % 12)
  double growth_12m = 0;             // demand growth over the last 12 months
  double incumbents = 0;             // live firms before this month's entry
  double mean_log_quality = 0;       // their mean log quality (what entrants imitate)
  double capacity = 0;               // capacity of its live firms this month, EUR/month
  double customers = 0;              // their customer bases, EUR/month
  double quality_standard = 0;       // sales-weighted mean log quality (what firms learn toward)
  double supply_sales = 0;           // input orders served by the sector's suppliers (tiers > 0)
};

/// Link kinds of the multiplex network.
/// Cross-border links (a southern and a northern firm of a sector; weight = trust in [0, 1]) are of
/// three kinds (twinning.hpp): kSubcontracting (the northern firm outsources part of its production
/// to the southern one), kExportSales (it sells the southern firm's products in its market) and
/// kTechnology (technology transfer alone). A pair has at most one cross-border link.
/// kSupply: buyer and supplier of a tiered sector (the buyer is the endpoint of lower tier);
/// weight = the buyer's trust in the supplier (its smoothed delivery record), in [0, 1].
enum LinkKind : sim::LinkKind {
  kCooperation = 0,
  kSubcontracting = 1,
  kExportSales = 2,
  kTechnology = 3,
  kSupply = 4,
  kLinkKinds = 5
};
inline constexpr std::array<LinkKind, 3> kCrossBorderKinds{kSubcontracting, kExportSales,
                                                           kTechnology};

/// A firm's cross-border links, of every kind.
inline std::size_t cross_border_degree(const sim::Network& n, sim::Slot f) {
  std::size_t d = 0;
  for (const LinkKind k : kCrossBorderKinds) d += n.degree(f, k);
  return d;
}

/// Cross-border links of every kind in the network.
inline std::size_t cross_border_links(const sim::Network& n) {
  std::size_t d = 0;
  for (const LinkKind k : kCrossBorderKinds) d += n.link_count(k);
  return d;
}

/// The project's phase in a month.
enum class ProjectPhase : std::uint8_t {
  not_started = 0,     // before project.start_month (or no project)
  preparation = 1,     // preparation and assessment: overhead only
  implementation = 2,  // clients selected and supported
  stopped = 3,         // funding stop: nothing spent, the clock does not run
  ended = 4,           // duration reached or budget spent
};

/// The project's state.
struct Project {
  ProjectPhase phase = ProjectPhase::not_started;
  std::int64_t active_months = 0;  // months with the clock running (not counting stops)
  double spent = 0;                // EUR, cumulative
  double spent_this_month = 0;     // EUR
  // The team's relationship capital in [0, 1] with each sector's firms, association and partners
  // ([sector]; 0 outside the project's sectors): the team divides its time among its sectors.
  std::vector<double> relationship;
  bool clients_selected = false;
  // Clients supported this month (client-months of support; run_project resets it).
  std::int64_t supported_this_month = 0;
};

/// Per-month counters of events and flows, reset at the start of each month.
struct MonthEvents {
  std::int64_t proposals = 0;  // matches the project proposed
  std::int64_t matches = 0;    // of those, accepted: new cross-border links
  double outsourced = 0;       // sales passed from northern to southern partners, EUR
  std::array<std::int64_t, kClusters> entries{};
  std::array<std::int64_t, kClusters> exits{};
  std::int64_t bds_entries = 0;          // providers that entered (market entry or recruited)
  std::int64_t bds_exits = 0;            // providers that closed
  std::int64_t bds_services_bought = 0;  // services paid by firms
  std::int64_t bds_contracts = 0;        // services paid by the project
  double bds_revenue_firms = 0;          // EUR
  double bds_revenue_project = 0;        // EUR
  double input_orders = 0;               // buyers' in-cluster input orders (tiered sectors), EUR
  double input_served = 0;               // of those, served by suppliers in the cluster, EUR
  std::int64_t supply_links_formed = 0;  // new supply links (search and brokered)
  std::int64_t tier_upgrades = 0;        // clients that moved up a tier (functional upgrading)
};

struct World {
  Firms firms;
  std::size_t sectors = 0;
  std::vector<Market> markets;               // [cluster * sectors + sector]
  std::vector<std::uint8_t> project_sector;  // [sector]: 1 when the project works in it
  std::size_t project_sectors = 0;           // how many sectors the project works in
  // Cumulative shares of the cross-border kinds (kCrossBorderKinds order) a match takes, from
  // project.orientation (set once by init_world).
  std::array<double, 3> match_kind_cdf{};
  std::vector<sim::Slot> clients;                      // scratch: live clients, for matchmaking
  std::vector<std::pair<sim::Slot, double>> partners;  // scratch: a firm's partners and trust
  Market& market(int cluster, std::size_t sector) { return markets[cluster * sectors + sector]; }
  const Market& market(int cluster, std::size_t sector) const {
    return markets[cluster * sectors + sector];
  }
  sim::Network network{kLinkKinds};
  MonthEvents events;
  Project project;
  BdsProviders bds;
  Associations associations;
  std::array<double, kClusters> initial_mean_employees{};
  // Rebuilt by collect_members (capacity reserved once): live slots of each cluster, and the same
  // as a mask over all slots (1 = live member), for measuring one cluster's part of the network.
  std::array<std::vector<sim::Slot>, kClusters> members;
  std::array<std::vector<std::uint8_t>, kClusters> member_mask;
  std::vector<std::vector<sim::Slot>> market_members;  // live slots of each market, like markets
  // Scratch for market clearing (capacity reserved once): the firms competing in one market and
  // their weights, capacity left, orders and sales, by position in `bidders`.
  std::vector<sim::Slot> bidders;
  std::vector<double> bid_weight, bid_room, bid_orders, bid_sales;
  // Supply chains (models/supply.cpp; capacity reserved once by init_supply): the firms of one
  // tiered market by tier, each supplier's delivery ratio this month (served / ordered) and each
  // buyer's input fill (its input orders its suppliers served / its input orders; per slot).
  std::array<std::vector<sim::Slot>, kMaxTiers> tier_members;
  std::vector<double> fill_ratio, input_fill;
  // Per slot, for the rounds of supply_orders: offers a supplier received this round, its room
  // at the round's start and the share it served, side by side (a buyer's link to a supplier
  // reads them together: one cache line, not three, in a large world); the input orders a buyer
  // has not placed yet, and the weight of the suppliers its orders were split over this round.
  struct SupplierRound {
    double offer = 0, room = 0, ratio = 0;
  };
  std::vector<SupplierRound> supplier_round;
  std::vector<double> supply_left, supply_total;
  // Entrants' first buyers (assign_entrant_tier), for one month's entry: the tiered southern
  // market whose member list holds each slot (sector + 1; 0: none) and its place there, and per
  // such market and tier which places hold a live firm of that tier.
  std::vector<std::uint32_t> entry_list, entry_place;
  std::vector<std::array<sim::CountTree, kMaxTiers>> entry_buyers;  // [sector]
  // quality^beta of each supplier, computed once a month rather than on every visit of a link;
  // the suppliers one tier down of each buyer with their weights (supply_links[supply_first[b]]
  // and the supply_count[b] after it), listed once for all the rounds of a month.
  std::vector<double> supply_quality_pow;
  std::vector<std::pair<sim::Slot, double>> supply_links;
  std::vector<std::size_t> supply_first, supply_count;
  // The probability that a firm closes in a month for reasons outside the model
  // (closure_probability), by age in months (age < horizon) and for a firm present at the start:
  // computed once by init_world rather than two exponentials per firm and month.
  std::vector<double> closure_by_age;
  double closure_established = 0;
  // Scratch for market clearing: quality^beta x price^-eps of each southern lead firm, computed
  // for its home market and reused for its export bid.
  std::vector<double> appeal;
};

/// What every system receives: read-only parameters and streams, the world, the current month.
struct Context {
  const Params& params;
  const sim::Streams& streams;
  World& world;
  std::uint32_t month = 0;
};

/// Creates the initial firms and markets of both clusters, the southern BDS providers and the
/// associations (month 0, before the first step).
void init_world(World& w, const Params& p, const sim::Streams& streams);

/// A firm's absorptive capacity: uniform in [0.1, 1] (Cohen & Levinthal's notion; no calibrated
/// distribution is known, see docs/model.md).
double draw_absorptive(sim::Stream stream);

/// A southern firm's initial export readiness: U^3 for U uniform in [0, 1] (most firms are not
/// ready to export, a few are; mean 0.25). Northern firms have none.
double draw_export_readiness(sim::Stream stream);

/// Rebuilds `w.members`, `w.member_mask` and `w.market_members` from the live firms, in slot
/// order.
void collect_members(World& w);

}  // namespace twinsim
