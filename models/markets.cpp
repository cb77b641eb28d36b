#include "models/markets.hpp"

#include <cmath>
#include <numbers>

namespace twinsim {

void update_demand(Context& ctx) {
  const auto& p = ctx.params;
  const double t = ctx.month;
  const double cycle = 1.0 + p.market.cycle_amplitude * std::sin(2.0 * std::numbers::pi * t /
                                                                 p.market.cycle_period_months);
  for (int c = 0; c < kClusters; ++c) {
    Market& m = ctx.world.markets[c];
    const double trend = std::pow(1.0 + p.cluster(c).demand_growth_per_year, t / 12.0);
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
        ctx.world.markets[c].shock_level *= mp.shock_factors[i];
  }
}

void clear_markets(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double beta = ctx.params.market.competition_sensitivity;
  for (int c = 0; c < kClusters; ++c) {
    const auto& members = ctx.world.members[c];
    const double productivity = ctx.params.cluster(c).labour_productivity;
    double total_weight = 0;
    for (sim::Slot i : members) {
      // orders temporarily hold the firm's weight
      f.orders[i] = f.employees[i] * std::pow(f.quality[i], beta);
      total_weight += f.orders[i];
    }
    const double demand = ctx.world.markets[c].demand;
    const double per_weight = total_weight > 0 ? demand / total_weight : 0.0;
    double sales = 0;
    for (sim::Slot i : members) {
      f.orders[i] *= per_weight;
      f.sales[i] = std::min(f.orders[i], f.employees[i] * productivity);
      sales += f.sales[i];
    }
    ctx.world.markets[c].sales = sales;
  }
}

}  // namespace twinsim
