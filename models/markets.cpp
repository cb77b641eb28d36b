#include "models/markets.hpp"

#include <cmath>
#include <numbers>

namespace twinsim {

void update_demand(Context& ctx) {
  const auto& p = ctx.params;
  const double t = ctx.month;
  const double cycle = 1.0 + p.market.cycle_amplitude * std::sin(2.0 * std::numbers::pi * t /
                                                                 p.market.cycle_period_months);
  auto set = [&](Market& m, double growth) {
    m.demand = m.initial_demand * std::pow(1.0 + growth, t / 12.0) * cycle * m.shock_level;
    // Growth over the last 12 months; the ring holds the demand of month - 12 at this index
    // (initial demand for the first year).
    const std::size_t slot = ctx.month % m.history.size();
    const double year_ago = m.history[slot];
    m.growth_12m = year_ago > 0 ? m.demand / year_ago - 1.0 : 0.0;
    m.history[slot] = m.demand;
  };
  for (std::size_t k = 0; k < ctx.world.markets.size(); ++k)
    set(ctx.world.markets[k],
        p.growth_per_year(static_cast<int>(k / ctx.world.sectors), k % ctx.world.sectors));
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

namespace {

// Shares `demand` among the bidders w.bidders, with weights w.bid_weight and capacity left
// w.bid_room, into orders (demand x weight / total weight) and sales, by water-filling: each round
// shares what is left among the bidders with room, in proportion to their orders; what a full
// firm cannot serve spills over to the others. So in a market with spare capacity (flat or
// declining) a firm that attracts more orders takes them from its rivals; in a capacity-bound
// (growing) market its overflow goes to them. Returns the demand nobody could serve.
double serve(World& w, double demand) {
  const std::size_t n = w.bidders.size();
  w.bid_orders.assign(n, 0.0);
  w.bid_sales.assign(n, 0.0);
  double total_weight = 0;
  for (std::size_t b = 0; b < n; ++b) total_weight += w.bid_weight[b];
  const double per_weight = total_weight > 0 ? demand / total_weight : 0.0;
  for (std::size_t b = 0; b < n; ++b) w.bid_orders[b] = w.bid_weight[b] * per_weight;
  double left = demand;
  for (int round = 0; round < kClearingRounds && left > demand * 1e-12; ++round) {
    double open_orders = 0;
    for (std::size_t b = 0; b < n; ++b)
      if (w.bid_room[b] > w.bid_sales[b]) open_orders += w.bid_orders[b];
    if (open_orders <= 0) break;
    const double per_order = left / open_orders;
    left = 0;
    for (std::size_t b = 0; b < n; ++b) {
      const double room = w.bid_room[b] - w.bid_sales[b];
      if (room <= 0) continue;
      const double offered = w.bid_orders[b] * per_order;
      const double served = std::min(offered, room);
      w.bid_sales[b] += served;
      left += offered - served;
    }
  }
  return left;
}

void clear_bidders(World& w) {
  w.bidders.clear();
  w.bid_weight.clear();
  w.bid_room.clear();
}

void add_bidder(World& w, sim::Slot i, double weight, double room) {
  w.bidders.push_back(i);
  w.bid_weight.push_back(weight);
  w.bid_room.push_back(room);
}

}  // namespace

void clear_markets(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  const double beta = ctx.params.market.competition_sensitivity;
  const double eps = ctx.params.market.price_sensitivity;
  // Orders follow quality^beta x price^-eps; at the reference price 1 the second factor is 1.
  const auto appeal = [&](sim::Slot i) {
    return std::pow(f.quality[i], beta) * (f.price[i] == 1.0 ? 1.0 : std::pow(f.price[i], -eps));
  };
  const double access = ctx.params.market.export_access;
  const double south_productivity = ctx.params.south.labour_productivity;
  const double north_productivity = ctx.params.north.labour_productivity;
  w.appeal.resize(f.pop.slots());
  for (std::size_t s = 0; s < w.sectors; ++s) {
    // The southern market: southern firms only.
    Market& south = w.market(kSouth, s);
    clear_bidders(w);
    for (sim::Slot i : w.market_members[kSouth * w.sectors + s])
      if (f.tier[i] == 0) {       // suppliers of a tiered sector sell to buyers (supply.cpp)
        w.appeal[i] = appeal(i);  // again in its export bid below
        add_bidder(w, i, f.customers[i] * w.appeal[i], f.employees[i] * south_productivity);
      }
    double left = serve(w, south.demand);
    // Demand nobody could serve is attributed to the firms by their orders: it tells a full firm
    // that it could sell more with more staff.
    south.sales = 0;
    for (std::size_t b = 0; b < w.bidders.size(); ++b) {
      const sim::Slot i = w.bidders[b];
      f.orders[i] = w.bid_orders[b];
      f.sales[i] = w.bid_sales[b];
      f.backlog[i] = south.demand > 0 ? w.bid_orders[b] * left / south.demand : 0.0;
      south.sales += f.sales[i];
    }

    // The northern market: northern firms, and southern firms that export with the capacity their
    // home market left, weighted by their export readiness and market.export_access.
    Market& north = w.market(kNorth, s);
    clear_bidders(w);
    for (sim::Slot i : w.market_members[kNorth * w.sectors + s])
      add_bidder(w, i, f.customers[i] * appeal(i), f.employees[i] * north_productivity);
    const std::size_t northern = w.bidders.size();
    for (sim::Slot i : w.market_members[kSouth * w.sectors + s]) {
      f.export_orders[i] = 0;
      f.export_sales[i] = 0;
      if (access <= 0 || f.export_readiness[i] <= 0 || f.tier[i] > 0) continue;
      add_bidder(w, i,
                 f.employees[i] * south_productivity * w.appeal[i] * f.export_readiness[i] * access,
                 f.employees[i] * south_productivity - f.sales[i]);
    }
    left = serve(w, north.demand);
    north.sales = 0;
    north.exports = 0;
    for (std::size_t b = 0; b < w.bidders.size(); ++b) {
      const sim::Slot i = w.bidders[b];
      const double backlog = north.demand > 0 ? w.bid_orders[b] * left / north.demand : 0.0;
      if (b < northern) {
        f.orders[i] = w.bid_orders[b];
        f.sales[i] = w.bid_sales[b];
        f.backlog[i] = backlog;
      } else {
        f.export_orders[i] = w.bid_orders[b];
        f.export_sales[i] = w.bid_sales[b];
        f.backlog[i] += backlog;
        north.exports += w.bid_sales[b];
      }
      north.sales += w.bid_sales[b];
    }
  }
}

void update_customers(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  const double turnover = ctx.params.market.customer_turnover;
  for (std::size_t k = 0; k < w.markets.size(); ++k) {
    Market& m = w.markets[k];
    double sales = 0, weighted_log_quality = 0;
    for (sim::Slot i : w.market_members[k]) {
      f.customers[i] += turnover * (f.sales[i] - f.customers[i]);
      sales += f.sales[i];
      weighted_log_quality += f.sales[i] * std::log(f.quality[i]);
    }
    if (sales > 0) m.quality_standard = weighted_log_quality / sales;
  }
}

}  // namespace twinsim
