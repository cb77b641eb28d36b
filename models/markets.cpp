#include "models/markets.hpp"

#include <cmath>
#include <numbers>

namespace twinsim {

void update_demand(Context& ctx) {
  const auto& p = ctx.params;
  const double t = ctx.month;
  const double cycle = 1.0 + p.market.cycle_amplitude * std::sin(2.0 * std::numbers::pi * t /
                                                                 p.market.cycle_period_months);
  for (std::size_t k = 0; k < ctx.world.markets.size(); ++k) {
    Market& m = ctx.world.markets[k];
    const int c = static_cast<int>(k / ctx.world.sectors);
    const double growth = p.growth_per_year(c, k % ctx.world.sectors);
    const double trend = std::pow(1.0 + growth, t / 12.0);
    m.demand = m.initial_demand * trend * cycle * m.shock_level;
    // Growth over the last 12 months; the ring holds the demand of month - 12 at this index
    // (initial demand for the first year).
    const std::size_t slot = ctx.month % m.history.size();
    const double year_ago = m.history[slot];
    m.growth_12m = year_ago > 0 ? m.demand / year_ago - 1.0 : 0.0;
    m.history[slot] = m.demand;
  }
}

void apply_demand_shocks(Context& ctx) {
  const auto& mp = ctx.params.market;
  for (std::size_t i = 0; i < mp.shock_months.size(); ++i) {
    if (static_cast<std::uint32_t>(mp.shock_months[i]) != ctx.month) continue;
    for (int c = 0; c < kClusters; ++c)
      if (mp.shock_cluster == "both" || mp.shock_cluster == kClusterNames[c])
        for (std::size_t s = 0; s < ctx.world.sectors; ++s)
          ctx.world.market(c, s).shock_level *= mp.shock_factors[i];
  }
}

void clear_markets(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double beta = ctx.params.market.competition_sensitivity;
  for (std::size_t k = 0; k < ctx.world.markets.size(); ++k) {
    const auto& members = ctx.world.market_members[k];
    const double productivity =
        ctx.params.cluster(static_cast<int>(k / ctx.world.sectors)).labour_productivity;
    const double demand = ctx.world.markets[k].demand;
    double total_weight = 0;
    for (sim::Slot i : members) {
      f.orders[i] = f.employees[i] * std::pow(f.quality[i], beta);  // the weight, for now
      total_weight += f.orders[i];
    }
    const double per_weight = total_weight > 0 ? demand / total_weight : 0.0;
    for (sim::Slot i : members) {
      f.orders[i] *= per_weight;
      f.sales[i] = 0;
    }
    // Serve the demand by water-filling: each round shares what is left among the firms with spare
    // capacity, in proportion to their orders; what a full firm cannot serve spills over to the
    // others. In a market with spare capacity (flat or declining) a firm that attracts more orders
    // takes them from its rivals; in a capacity-bound (growing) market its overflow goes to them.
    double left = demand;
    for (int round = 0; round < kClearingRounds && left > demand * 1e-12; ++round) {
      double open_weight = 0;
      for (sim::Slot i : members)
        if (f.sales[i] < f.employees[i] * productivity) open_weight += f.orders[i];
      if (open_weight <= 0) break;
      const double per_order = left / open_weight;
      left = 0;
      for (sim::Slot i : members) {
        const double room = f.employees[i] * productivity - f.sales[i];
        if (room <= 0) continue;
        const double offered = f.orders[i] * per_order;
        const double served = std::min(offered, room);
        f.sales[i] += served;
        left += offered - served;
      }
    }
    // Demand nobody could serve is attributed to the firms by their orders: it tells a full firm
    // that it could sell more with more staff.
    const double backlog_per_order = demand > 0 ? left / demand : 0.0;
    double sales = 0;
    for (sim::Slot i : members) {
      f.backlog[i] = f.orders[i] * backlog_per_order;
      sales += f.sales[i];
    }
    ctx.world.markets[k].sales = sales;
  }
}

}  // namespace twinsim
