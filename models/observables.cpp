#include "models/observables.hpp"

#include "models/capability.hpp"

#include <algorithm>
#include <cmath>

namespace twinsim {

namespace {

// Aggregates computed once per month; each metric reads one field.
struct Snapshot {
  struct PerCluster {
    double firms = 0, jobs = 0, output = 0, demand = 0, entries = 0, exits = 0;
    double revenue = 0;        // firms' sales at home and abroad, EUR/month
    double concentration = 0;  // Herfindahl index of sales, sales-weighted mean over markets
    double price = 0;          // sales-weighted mean price
    sim::NetworkMeasures cooperation;  // the cluster's part of the cooperation network
  };
  std::array<PerCluster, kClusters> cluster;
  double jobs_south_assisted = 0, jobs_south_nonassisted = 0, firms_south_assisted = 0;
  double exports_south = 0, export_share_north = 0, exporters_south = 0;
  double threat_competition_north = 0, threat_ip_north = 0;
  double links_cross_border = 0, proposals = 0, matches = 0, outsourced = 0;
  double distance_cross_border = 0;
  std::array<double, 3> links_by_kind{};  // cross-border links, in kCrossBorderKinds order
  double project_spend = 0, project_spend_cumulative = 0, project_phase = 0,
         project_relationship = 0;
  double project_clients_supported = 0;
  double bds_active = 0, bds_revenue_firms = 0, bds_revenue_project = 0, bds_services_bought = 0,
         bds_contracts = 0, bds_entries = 0, bds_exits = 0;
  double association_strength = 0, association_strength_project = 0,
         association_share_members_12m = 0, association_members = 0, association_fees = 0,
         association_grants = 0, associations_active = 0, association_memoranda = 0,
         association_proposals = 0, association_matches = 0;
  double links_supply = 0, input_orders = 0, input_served = 0, suppliers = 0,
         suppliers_with_buyer = 0, supply_links_formed = 0, tier_upgrades = 0;
};

using Getter = double (*)(const Snapshot&);
struct Observable {
  sim::MetricSpec spec;
  Getter get;
};

// Standard deviation of the degree distribution (population form, over the cluster's firms).
double degree_sd(const sim::NetworkMeasures& m) {
  double n = 0, sum = 0, sum2 = 0;
  for (std::size_t d = 0; d < m.degree_histogram.size(); ++d) {
    const auto count = static_cast<double>(m.degree_histogram[d]), x = static_cast<double>(d);
    n += count;
    sum += count * x;
    sum2 += count * x * x;
  }
  if (n == 0) return 0.0;
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}

// The metrics of cluster C, named "<quantity>_<cluster>" (jobs_south, clustering_north, ...).
template <int C>
std::vector<Observable> cluster_observables() {
  const std::string c = kClusterNames[C];
  const std::string in = " in the " + c + "ern cluster";
  return {
      {{"firms_" + c, "1", "Live firms" + in + " at the end of the month"},
       [](const Snapshot& s) { return s.cluster[C].firms; }},
      {{"jobs_" + c, "employees", "Employment (full-time equivalents)" + in},
       [](const Snapshot& s) { return s.cluster[C].jobs; }},
      {{"output_" + c, "EUR/month",
        "Sales of the firms" + in +
            " this month (orders served; in tiered sectors suppliers' sales to their buyers too)"},
       [](const Snapshot& s) { return s.cluster[C].output; }},
      {{"sales_per_job_" + c, "EUR/month",
        "Sales (home market, exports and sales to buyers) per employee" + in +
            ": labour productivity, a measure of job quality"},
       [](const Snapshot& s) {
         return s.cluster[C].jobs > 0 ? s.cluster[C].revenue / s.cluster[C].jobs : 0.0;
       }},
      {{"concentration_" + c, "1",
        "Market concentration" + in +
            ": the Herfindahl index (sum of squared sales shares, 1/firms when all are equal, 1 "
            "for "
            "a monopoly) of each sector's market, weighted by the sector's sales"},
       [](const Snapshot& s) { return s.cluster[C].concentration; }},
      {{"price_" + c, "1",
        "Mean price" + in +
            " relative to the reference price 1, weighted by sales (home market, exports and "
            "suppliers' sales to buyers at 1); above 1 when the firms that sell most sell "
            "better products (firms.price_quality_elasticity)"},
       [](const Snapshot& s) { return s.cluster[C].price; }},
      {{"demand_" + c, "EUR/month", "Market demand for the products of the firms" + in},
       [](const Snapshot& s) { return s.cluster[C].demand; }},
      {{"entries_" + c, "1/month", "Firms that entered" + in + " this month"},
       [](const Snapshot& s) { return s.cluster[C].entries; }},
      {{"exits_" + c, "1/month", "Firms that exited" + in + " this month"},
       [](const Snapshot& s) { return s.cluster[C].exits; }},
      {{"links_cooperation_" + c, "1", "Cooperation links between firms" + in},
       [](const Snapshot& s) { return static_cast<double>(s.cluster[C].cooperation.links); }},
      {{"density_" + c, "1", "Cooperation links / possible pairs of live firms" + in},
       [](const Snapshot& s) { return s.cluster[C].cooperation.density; }},
      {{"clustering_" + c, "1",
        "Mean local clustering coefficient of the cooperation network" + in +
            " (firms with fewer than two partners count as 0)"},
       [](const Snapshot& s) { return s.cluster[C].cooperation.mean_clustering; }},
      {{"components_" + c, "1",
        "Connected components of the cooperation network" + in + " (isolated firms count)"},
       [](const Snapshot& s) { return static_cast<double>(s.cluster[C].cooperation.components); }},
      {{"largest_component_share_" + c, "1",
        "Share of live firms" + in + " in the largest connected component"},
       [](const Snapshot& s) {
         const auto& m = s.cluster[C].cooperation;
         return m.live_vertices ? static_cast<double>(m.largest_component) /
                                      static_cast<double>(m.live_vertices)
                                : 0.0;
       }},
      {{"mean_degree_" + c, "1", "Mean number of cooperation partners per firm" + in},
       [](const Snapshot& s) { return s.cluster[C].cooperation.mean_degree; }},
      {{"degree_sd_" + c, "1", "Standard deviation of the number of cooperation partners" + in},
       [](const Snapshot& s) { return degree_sd(s.cluster[C].cooperation); }},
      {{"max_degree_" + c, "1",
        "Largest number of cooperation partners of a firm" + in +
            " (the degree distribution's tail)"},
       [](const Snapshot& s) {
         const auto& h = s.cluster[C].cooperation.degree_histogram;
         return h.empty() ? 0.0 : static_cast<double>(h.size() - 1);
       }},
  };
}

std::vector<Observable> project_observables() {
  return {
      {{"exports_south", "EUR/month",
        "Sales of southern firms in the northern markets this month (exports)"},
       [](const Snapshot& s) { return s.exports_south; }},
      {{"export_share_north", "1",
        "Share of the northern markets' sales served by southern exporters this month"},
       [](const Snapshot& s) { return s.export_share_north; }},
      {{"north_threat_competition", "1",
        "Northern firms' mean perceived threat of competition from southern firms, in [0, 1] "
        "(with the threat of IP infringement, it lowers their acceptance of matches)"},
       [](const Snapshot& s) { return s.threat_competition_north; }},
      {{"north_threat_ip", "1",
        "Northern firms' mean perceived threat of infringement of their intellectual property by "
        "southern partners, in [0, 1]"},
       [](const Snapshot& s) { return s.threat_ip_north; }},
      {{"links_cross_border", "1",
        "Cross-border links (northern firm to southern firm), of every kind, at the end of the "
        "month"},
       [](const Snapshot& s) { return s.links_cross_border; }},
      {{"links_subcontracting", "1",
        "Cross-border subcontracting links (the northern firm orders part of its production from "
        "the southern one) at the end of the month"},
       [](const Snapshot& s) { return s.links_by_kind[0]; }},
      {{"links_export_sales", "1",
        "Cross-border export-sales links (the northern firm sells the southern firm's products) at "
        "the end of the month"},
       [](const Snapshot& s) { return s.links_by_kind[1]; }},
      {{"links_technology", "1",
        "Cross-border technology-transfer links (know-how alone) at the end of the month"},
       [](const Snapshot& s) { return s.links_by_kind[2]; }},
      {{"cognitive_distance_cross_border", "1",
        "Mean cognitive distance (between capability vectors) of the partners of the cross-border "
        "links at the end of the month; 0 without links"},
       [](const Snapshot& s) { return s.distance_cross_border; }},
      {{"twinning_proposals", "1/month", "Matches the project proposed this month"},
       [](const Snapshot& s) { return s.proposals; }},
      {{"twinning_matches", "1/month",
        "Proposed matches the northern firm accepted this month (new cross-border links)"},
       [](const Snapshot& s) { return s.matches; }},
      {{"outsourced_south", "EUR/month",
        "Sales northern firms subcontracted to their southern partners this month (part of "
        "exports_south)"},
       [](const Snapshot& s) { return s.outsourced; }},
      {{"exporters_south", "1", "Southern firms with export sales this month"},
       [](const Snapshot& s) { return s.exporters_south; }},
      {{"jobs_south_assisted", "employees",
        "Employment in the southern firms that are (or were) clients of the project"},
       [](const Snapshot& s) { return s.jobs_south_assisted; }},
      {{"jobs_south_nonassisted", "employees",
        "Employment in the southern firms that never were clients of the project"},
       [](const Snapshot& s) { return s.jobs_south_nonassisted; }},
      {{"firms_south_assisted", "1",
        "Live southern firms that are (or were) clients of the project"},
       [](const Snapshot& s) { return s.firms_south_assisted; }},
      {{"project_spend", "EUR/month", "What the project spent this month"},
       [](const Snapshot& s) { return s.project_spend; }},
      {{"project_spend_cumulative", "EUR", "What the project has spent so far"},
       [](const Snapshot& s) { return s.project_spend_cumulative; }},
      {{"project_phase", "1",
        "The project's phase: 0 not started (or no project), 1 preparation, 2 implementation, "
        "3 funding stop, 4 ended"},
       [](const Snapshot& s) { return s.project_phase; }},
      {{"project_relationship", "1",
        "The project team's relationship capital in [0, 1], mean over the project's sectors: "
        "built by active months (the team's time divided among its sectors), eroded by staff "
        "turnover; scales the matches the project can arrange and its transfer to non-clients"},
       [](const Snapshot& s) { return s.project_relationship; }},
      {{"project_clients_supported", "1/month",
        "Clients the project supported this month (client-months of support; fewer than its "
        "clients once the budget runs short)"},
       [](const Snapshot& s) { return s.project_clients_supported; }},
  };
}

std::vector<Observable> bds_observables() {
  return {
      {{"bds_active", "1", "Live southern BDS providers at the end of the month"},
       [](const Snapshot& s) { return s.bds_active; }},
      {{"bds_revenue", "EUR/month",
        "Providers' revenue this month, from paying firms and from project contracts"},
       [](const Snapshot& s) { return s.bds_revenue_firms + s.bds_revenue_project; }},
      {{"bds_revenue_share_firms", "1",
        "Share of providers' revenue this month paid by firms rather than the project (0 when "
        "there is no revenue)"},
       [](const Snapshot& s) {
         // 0 rather than NaN for a month without revenue: NaN marks failed runs in summaries, and
         // a month without revenue has no paying demand either.
         const double total = s.bds_revenue_firms + s.bds_revenue_project;
         return total > 0 ? s.bds_revenue_firms / total : 0.0;
       }},
      {{"bds_services_bought", "1/month", "BDS services (client-months) paid by firms this month"},
       [](const Snapshot& s) { return s.bds_services_bought; }},
      {{"bds_contracts", "1/month",
        "BDS services (client-months) the project paid for its clients this month"},
       [](const Snapshot& s) { return s.bds_contracts; }},
      {{"bds_entries", "1/month",
        "BDS providers that entered this month (market entry and providers recruited by the "
        "project)"},
       [](const Snapshot& s) { return s.bds_entries; }},
      {{"bds_exits", "1/month", "BDS providers that closed this month (out of cash)"},
       [](const Snapshot& s) { return s.bds_exits; }},
  };
}

// The southern associations' part of the snapshot; s.association_members holds the member count.
void observe_associations(const World& w, Snapshot& s) {
  const Associations& a = w.associations;
  double project_sectors = 0;
  for (std::size_t k = 0; k < w.sectors; ++k) {
    const std::size_t i = a.index(kSouth, k);
    s.association_strength += a.strength[i] / static_cast<double>(w.sectors);
    if (w.project_sector[k]) {
      s.association_strength_project += a.strength[i];
      ++project_sectors;
    }
    s.association_fees += a.income_fees[i];
    s.association_grants += a.income_project[i];
    s.associations_active += association_active(a, i);
    s.association_memoranda += a.memorandum[i] && association_active(a, i);
  }
  if (project_sectors > 0) s.association_strength_project /= project_sectors;
  double fees = 0, total = 0;
  for (std::size_t m = 0; m < a.fees_history.size(); ++m) {
    fees += a.fees_history[m];
    total += a.fees_history[m] + a.project_history[m];
  }
  s.association_share_members_12m = total > 0 ? fees / total : 0.0;
  const double south = s.cluster[kSouth].firms;
  s.association_members = south > 0 ? s.association_members / south : 0.0;
  s.association_proposals = static_cast<double>(a.proposals);
  s.association_matches = static_cast<double>(a.matches);
}

std::vector<Observable> association_observables() {
  return {
      {{"association_strength", "1",
        "Mean strength (capacity, in [0, 1]) of the southern associations, one per sector"},
       [](const Snapshot& s) { return s.association_strength; }},
      {{"association_strength_project_sectors", "1",
        "Mean strength of the southern associations of the project's sectors"},
       [](const Snapshot& s) { return s.association_strength_project; }},
      {{"association_income_share_members", "1",
        "Share of the southern associations' income over the last 12 months (the months so far "
        "in the first year) paid by member fees rather than the project (0 without income)"},
       [](const Snapshot& s) { return s.association_share_members_12m; }},
      {{"association_members_south", "1",
        "Share of live southern firms that are members of their sector's association"},
       [](const Snapshot& s) { return s.association_members; }},
      {{"association_income_fees", "EUR/month",
        "Member fees the southern associations received this month"},
       [](const Snapshot& s) { return s.association_fees; }},
      {{"association_income_project", "EUR/month",
        "Project grants the southern associations received this month (institutional focus)"},
       [](const Snapshot& s) { return s.association_grants; }},
      {{"associations_active_south", "1",
        "Southern associations strong enough to run services (strength >= "
        "associations.active_strength)"},
       [](const Snapshot& s) { return s.associations_active; }},
      {{"association_memoranda", "1",
        "Memoranda in force between southern and northern associations (signed, southern "
        "association active)"},
       [](const Snapshot& s) { return s.association_memoranda; }},
      {{"association_proposals", "1/month",
        "Cross-border matches the southern associations proposed this month"},
       [](const Snapshot& s) { return s.association_proposals; }},
      {{"association_matches", "1/month",
        "Associations' proposals the northern firm accepted this month (new cross-border links, "
        "not counted in twinning_matches)"},
       [](const Snapshot& s) { return s.association_matches; }},
  };
}

std::vector<Observable> supply_observables() {
  return {
      {{"links_supply_south", "1",
        "Supply links (buyer to supplier) in the tiered sectors of the southern cluster"},
       [](const Snapshot& s) { return s.links_supply; }},
      {{"suppliers_south", "1", "Live southern firms at tiers 1 to 3 (suppliers)"},
       [](const Snapshot& s) { return s.suppliers; }},
      {{"suppliers_with_buyer_share_south", "1",
        "Share of southern suppliers (tiers 1 to 3) with at least one buyer (0 without "
        "suppliers)"},
       [](const Snapshot& s) {
         return s.suppliers > 0 ? s.suppliers_with_buyer / s.suppliers : 0.0;
       }},
      {{"input_orders_south", "EUR/month",
        "Inputs buyers of the tiered sectors ordered in the cluster this month (material share "
        "x "
        "supply.sourcing_share x their sales)"},
       [](const Snapshot& s) { return s.input_orders; }},
      {{"input_sourcing_share_south", "1",
        "Share of those input orders served by suppliers in the cluster this month; the rest "
        "is "
        "imported (0 without orders)"},
       [](const Snapshot& s) {
         return s.input_orders > 0 ? s.input_served / s.input_orders : 0.0;
       }},
      {{"supply_links_formed", "1/month",
        "New supply links this month (supplier search and links the project brokered)"},
       [](const Snapshot& s) { return s.supply_links_formed; }},
      {{"tier_upgrades", "1/month",
        "Clients that moved up from tier 3 to tier 2 this month (project.upgrading = "
        "functional)"},
       [](const Snapshot& s) { return s.tier_upgrades; }},
  };
}

std::vector<Observable> build() {
  std::vector<Observable> all = cluster_observables<kSouth>();
  for (auto& o : cluster_observables<kNorth>()) all.push_back(std::move(o));
  for (auto& o : project_observables()) all.push_back(std::move(o));
  for (auto& o : bds_observables()) all.push_back(std::move(o));
  for (auto& o : association_observables()) all.push_back(std::move(o));
  for (auto& o : supply_observables()) all.push_back(std::move(o));
  return all;
}

const std::vector<Observable>& observables() {
  static const std::vector<Observable> all = build();
  return all;
}

}  // namespace

const std::vector<sim::MetricSpec>& metric_specs() {
  static const std::vector<sim::MetricSpec> specs = [] {
    std::vector<sim::MetricSpec> v;
    for (const auto& o : observables()) v.push_back(o.spec);
    return v;
  }();
  return specs;
}

const std::vector<const char*>& summary_metrics() {
  static const std::vector<const char*> names = {
      "firms_south",  "jobs_south",       "jobs_south_assisted",      "jobs_south_nonassisted",
      "output_south", "clustering_south", "project_spend_cumulative", "jobs_north",
      "bds_active"};
  return names;
}

void observe(const World& w, std::span<double> out) {
  Snapshot s;
  const Firms& f = w.firms;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
    if (!f.pop.alive(i)) continue;
    auto& c = s.cluster[f.cluster[i]];
    c.firms += 1;
    c.jobs += f.employees[i];
    c.revenue += f.sales[i] + f.export_sales[i];
    if (f.cluster[i] == kSouth) {
      (f.assisted[i] ? s.jobs_south_assisted : s.jobs_south_nonassisted) += f.employees[i];
      s.firms_south_assisted += f.assisted[i];
      s.exporters_south += f.export_sales[i] > 0 ? 1.0 : 0.0;
      s.association_members += f.member[i];
      if (f.tier[i] > 0) {
        s.suppliers += 1;
        bool has_buyer = false;
        w.network.for_each_link(i, kSupply, [&](sim::Slot o, double, int) {
          has_buyer = has_buyer || f.tier[o] < f.tier[i];
        });
        s.suppliers_with_buyer += has_buyer ? 1.0 : 0.0;
      }
    }
  }
  double north_sales = 0;
  for (std::size_t k = 0; k < w.sectors; ++k) {
    s.exports_south += w.market(kNorth, k).exports;
    north_sales += w.market(kNorth, k).sales;
  }
  s.export_share_north = north_sales > 0 ? s.exports_south / north_sales : 0.0;
  for (sim::Slot i : w.members[kNorth]) {
    s.threat_competition_north += f.threat_competition[i];
    s.threat_ip_north += f.threat_ip[i];
  }
  if (!w.members[kNorth].empty()) {
    s.threat_competition_north /= static_cast<double>(w.members[kNorth].size());
    s.threat_ip_north /= static_cast<double>(w.members[kNorth].size());
  }
  s.links_cross_border = static_cast<double>(cross_border_links(w.network));
  for (std::size_t k = 0; k < kCrossBorderKinds.size(); ++k)
    s.links_by_kind[k] = static_cast<double>(w.network.link_count(kCrossBorderKinds[k]));
  for (sim::Slot i : w.members[kSouth])
    for (const LinkKind kind : kCrossBorderKinds)
      w.network.for_each_link(i, kind, [&](sim::Slot north, double, int) {
        s.distance_cross_border += cognitive_distance(f, i, north);
      });
  if (s.links_cross_border > 0) s.distance_cross_border /= s.links_cross_border;
  s.proposals = static_cast<double>(w.events.proposals);
  s.matches = static_cast<double>(w.events.matches);
  s.outsourced = w.events.outsourced;
  s.project_spend = w.project.spent_this_month;
  s.project_spend_cumulative = w.project.spent;
  s.project_phase = static_cast<double>(w.project.phase);
  s.project_clients_supported = static_cast<double>(w.project.supported_this_month);
  // The mean over the project's sectors.
  for (std::size_t k = 0; k < w.sectors; ++k) s.project_relationship += w.project.relationship[k];
  if (w.project_sectors > 0) s.project_relationship /= static_cast<double>(w.project_sectors);
  s.bds_active = static_cast<double>(w.bds.pop.size());
  s.bds_revenue_firms = w.events.bds_revenue_firms;
  s.bds_revenue_project = w.events.bds_revenue_project;
  s.bds_services_bought = static_cast<double>(w.events.bds_services_bought);
  s.bds_contracts = static_cast<double>(w.events.bds_contracts);
  s.bds_entries = static_cast<double>(w.events.bds_entries);
  s.bds_exits = static_cast<double>(w.events.bds_exits);
  observe_associations(w, s);
  s.links_supply = static_cast<double>(w.network.link_count(kSupply));
  s.input_orders = w.events.input_orders;
  s.input_served = w.events.input_served;
  s.supply_links_formed = static_cast<double>(w.events.supply_links_formed);
  s.tier_upgrades = static_cast<double>(w.events.tier_upgrades);
  for (int c = 0; c < kClusters; ++c) {
    for (std::size_t k = 0; k < w.sectors; ++k) {
      s.cluster[c].demand += w.market(c, k).demand;
      // A market's sales include southern exporters' (in the north): output is the cluster's own.
      s.cluster[c].output += w.market(c, k).sales - w.market(c, k).exports;
      s.cluster[c].output += w.market(c, k).supply_sales;  // suppliers' sales to their buyers
    }
    s.cluster[c].entries = static_cast<double>(w.events.entries[c]);
    s.cluster[c].exits = static_cast<double>(w.events.exits[c]);
    s.cluster[c].cooperation = w.network.measure_induced(kCooperation, w.member_mask[c]);
    double weight = 0, priced = 0;
    for (std::size_t k = 0; k < w.sectors; ++k) {
      double total = 0, squares = 0;
      for (sim::Slot i : w.market_members[c * w.sectors + k])
        if (f.pop.alive(i)) {
          total += f.sales[i];
          squares += f.sales[i] * f.sales[i];
          s.cluster[c].price += f.price[i] * (f.sales[i] + f.export_sales[i]);
          priced += f.sales[i] + f.export_sales[i];
        }
      if (total <= 0) continue;
      s.cluster[c].concentration += squares / total;  // = total x (squares / total^2)
      weight += total;
    }
    if (weight > 0) s.cluster[c].concentration /= weight;
    s.cluster[c].price = priced > 0 ? s.cluster[c].price / priced : 1.0;
  }
  const auto& all = observables();
  for (std::size_t m = 0; m < all.size(); ++m) out[m] = all[m].get(s);
}

const std::vector<sim::MetricSpec>& firm_panel_variables() {
  static const std::vector<sim::MetricSpec> variables = {
      {"cluster", "1", "Cluster: 0 north, 1 south"},
      {"sector", "1", "Sector: index into the scenario's [sectors.NAME] tables, in file order"},
      {"entry_month", "months", "Month the firm entered (-1: present at the start)"},
      {"employees", "employees", "Employment (full-time equivalents)"},
      {"quality", "1", "Relative product quality (competitiveness)"},
      {"price", "1", "Price relative to the reference price 1"},
      {"orders", "EUR/month", "Demand the firm attracted this month"},
      {"sales", "EUR/month", "Orders served this month"},
      {"profit", "EUR/month", "Profit this month"},
      {"cash", "EUR", "Cash at the end of the month"},
      {"absorptive_capacity", "1", "Absorptive capacity, in [0.1, 1]"},
      {"export_readiness", "1", "Export readiness, in [0, 1] (0 for northern firms)"},
      {"export_sales", "EUR/month", "Export orders served this month"},
      {"assisted", "1", "1 for a client of the project"},
      {"support_months", "months", "Months of project support received so far"},
      {"last_bds_month", "months", "Month of the last BDS service the firm received (-1: none)"},
      {"cooperation_partners", "1", "Cooperation links of the firm (its degree)"},
      {"cross_border_partners", "1", "Cross-border links of the firm"},
      {"association_member", "1", "1 for a member of its sector's (southern) association"},
      {"tier", "1",
       "Tier in its sector's supply chain: 0 lead firm/OEM (sells to the final market), 1 to 3 "
       "suppliers (0 in untiered sectors)"},
      {"supply_partners", "1", "Supply links of the firm (its buyers and its suppliers)"},
      {"threat_competition", "1",
       "A northern firm's perceived threat of competition from southern firms (0 in the south)"},
      {"threat_ip", "1",
       "A northern firm's perceived threat of IP infringement by southern partners (0 in the "
       "south)"},
  };
  return variables;
}

void record_firm_panel(const World& w, std::size_t step, sim::PanelRecorder& panel) {
  const Firms& f = w.firms;
  panel.begin_snapshot(step, f.pop);
  // In the order of firm_panel_variables().
  std::size_t v = 0;
  panel.column(v++, f.cluster);
  panel.column(v++, f.sector);
  panel.column(v++, f.born);
  panel.column(v++, f.employees);
  panel.column(v++, f.quality);
  panel.column(v++, f.price);
  panel.column(v++, f.orders);
  panel.column(v++, f.sales);
  panel.column(v++, f.profit);
  panel.column(v++, f.cash);
  panel.column(v++, f.absorptive);
  panel.column(v++, f.export_readiness);
  panel.column(v++, f.export_sales);
  panel.column(v++, f.assisted);
  panel.column(v++, f.support_months);
  panel.column(v++, f.bds_month);
  // Degrees per slot (snapshots are rare: the vector is allocated here, not in the step loop).
  std::vector<double> degree(f.pop.slots(), 0.0);
  for (sim::Slot i = 0; i < f.pop.slots(); ++i)
    degree[i] = static_cast<double>(w.network.degree(i, kCooperation));
  panel.column(v++, degree);
  for (sim::Slot i = 0; i < f.pop.slots(); ++i)
    degree[i] = static_cast<double>(cross_border_degree(w.network, i));
  panel.column(v++, degree);
  panel.column(v++, f.member);
  panel.column(v++, f.tier);
  for (sim::Slot i = 0; i < f.pop.slots(); ++i)
    degree[i] = static_cast<double>(w.network.degree(i, kSupply));
  panel.column(v++, degree);
  panel.column(v++, f.threat_competition);
  panel.column(v++, f.threat_ip);
}

}  // namespace twinsim
