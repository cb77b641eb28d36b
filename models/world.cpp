#include "models/world.hpp"

#include "models/capability.hpp"
#include "models/firm_sizes.hpp"
#include "models/firms.hpp"
#include "models/supply.hpp"

#include <algorithm>
#include <cmath>

namespace twinsim {

namespace {
constexpr sim::Purpose kInitSize("init.size");
constexpr sim::Purpose kInitAbsorptive("init.absorptive");
constexpr sim::Purpose kInitExport("init.export_readiness");
constexpr sim::Purpose kInitCapability("init.capability");
}  // namespace

void init_world(World& w, const Params& p, const sim::Streams& streams) {
  w.sectors = p.sectors.size();
  w.markets.assign(kClusters * w.sectors, Market{});
  w.market_members.assign(kClusters * w.sectors, {});
  std::size_t total = 0;
  for (int c = 0; c < kClusters; ++c)
    for (std::size_t s = 0; s < w.sectors; ++s)
      total += static_cast<std::size_t>(p.initial_firms(c, s));
  // Room for the population to double before the arrays reallocate.
  const std::size_t room = 2 * total + 16;
  w.firms.pop.reserve(room);
  w.closure_established = closure_probability(p.firms, -1);
  w.closure_by_age.resize(static_cast<std::size_t>(std::max<std::int64_t>(p.horizon_months, 1)));
  for (std::size_t age = 0; age < w.closure_by_age.size(); ++age)
    w.closure_by_age[age] = closure_probability(p.firms, static_cast<double>(age));
  for (auto& m : w.members) m.reserve(room);
  for (auto& m : w.member_mask) m.reserve(room);
  for (std::size_t k = 0; k < w.markets.size(); ++k) {
    const int c = static_cast<int>(k / w.sectors);
    const std::size_t s = k % w.sectors;
    w.market_members[k].reserve(2 * static_cast<std::size_t>(p.initial_firms(c, s)) + 16);
  }

  for (int c = 0; c < kClusters; ++c) {
    const ClusterParams& cp = p.cluster(c);
    // A log-normal body with a Pareto tail, with the requested mean (models/firm_sizes.hpp).
    const SizeDistribution sizes = size_distribution(cp);
    w.initial_mean_employees[c] = cp.employees_mean;
    for (std::size_t s = 0; s < w.sectors; ++s) {
      double capacity = 0;
      for (std::int64_t i = 0; i < p.initial_firms(c, s); ++i) {
        const sim::Slot f = w.firms.pop.add();
        const auto id = w.firms.pop.id(f);
        w.firms.cluster[f] = static_cast<std::uint8_t>(c);
        w.firms.sector[f] = static_cast<std::uint16_t>(s);
        w.firms.employees[f] =
            std::max(1.0, size_at(sizes, streams.stream(kInitSize, id, 0).uniform()));
        // Initial customers: demand shared by capacity, the outcome of past competition.
        w.firms.customers[f] =
            cp.initial_demand_ratio * w.firms.employees[f] * cp.labour_productivity;
        // Everyone starts at quality 1: initial sizes are the outcome of past competition, so
        // initial orders match capacity; differences in quality emerge from innovation.
        w.firms.quality[f] = 1.0;
        w.firms.absorptive[f] = draw_absorptive(streams.stream(kInitAbsorptive, id, 0));
        if (c == kSouth)
          w.firms.export_readiness[f] = draw_export_readiness(streams.stream(kInitExport, id, 0));
        draw_capability(w.firms, f, c, p, streams.stream(kInitCapability, id, 0));
        w.firms.cash[f] = cp.initial_cash_months * cp.wage * w.firms.employees[f];
        capacity += w.firms.employees[f] * cp.labour_productivity;
      }
      Market& m = w.market(c, s);
      m.initial_demand = cp.initial_demand_ratio * capacity;

      m.demand = m.initial_demand;
      m.history.fill(m.initial_demand);
    }
  }
  for (auto* v : {&w.bid_weight, &w.bid_room, &w.bid_orders, &w.bid_sales}) v->reserve(room);
  w.bidders.reserve(room);
  w.project_sector.assign(w.sectors, 0);
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const auto& names = p.project.sectors;
    w.project_sector[s] =
        !names || std::find(names->begin(), names->end(), p.sectors[s].name) != names->end();
    w.project_sectors += w.project_sector[s];
  }
  w.project.relationship.assign(w.sectors, 0.0);
  // Kinds in kCrossBorderKinds order: subcontracting, export sales, technology transfer.
  const std::string& o = p.project.orientation;
  w.match_kind_cdf = o == "export"        ? std::array<double, 3>{0.0, 1.0, 1.0}
                     : o == "outsourcing" ? std::array<double, 3>{1.0, 1.0, 1.0}
                     : o == "technology"  ? std::array<double, 3>{0.0, 0.0, 1.0}
                                          : std::array<double, 3>{1.0 / 3, 2.0 / 3, 1.0};
  w.clients.reserve(room);
  w.partners.reserve(64);
  w.network.resize(static_cast<sim::Slot>(w.firms.pop.slots()));
  init_bds(w, p, streams);
  init_supply(w, p, streams);
  init_associations(w, p);
}

double draw_export_readiness(sim::Stream stream) {
  const double u = stream.uniform();
  return u * u * u;
}

double draw_absorptive(sim::Stream stream) {
  return 0.1 + 0.9 * stream.uniform();
}

void collect_members(World& w) {
  const auto& pop = w.firms.pop;
  for (int c = 0; c < kClusters; ++c) {
    w.members[c].clear();
    w.member_mask[c].assign(pop.slots(), 0);
  }
  for (auto& m : w.market_members) m.clear();
  for (sim::Slot f = 0; f < pop.slots(); ++f)
    if (pop.alive(f)) {
      w.members[w.firms.cluster[f]].push_back(f);
      w.member_mask[w.firms.cluster[f]][f] = 1;
      w.market_members[w.firms.cluster[f] * w.sectors + w.firms.sector[f]].push_back(f);
    }
}

}  // namespace twinsim
