#include "models/firms.hpp"

#include "models/capability.hpp"
#include "models/supply.hpp"
#include "sim/poisson.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

namespace twinsim {

namespace {
constexpr sim::Purpose kInnovation("firms.innovation");
constexpr sim::Purpose kEntryCount("entry.count");
constexpr sim::Purpose kClosure("firms.closure");
constexpr sim::Purpose kEntrantQuality("entry.quality");
constexpr sim::Purpose kEntrantAbsorptive("entry.absorptive");
constexpr sim::Purpose kEntrantExport("entry.export_readiness");
constexpr sim::Purpose kEntrantCapability("entry.capability");
}  // namespace

void begin_month(Context& ctx) {
  ctx.world.events = {};
  collect_members(ctx.world);
}

void innovate(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double sigma = ctx.params.firms.quality_volatility;
  const double p = ctx.params.firms.innovation_probability;
  if (sigma == 0) return;
  // Steps of sd sigma / sqrt(p) with probability p: monthly variance sigma^2 for any p.
  const double step = sigma / std::sqrt(p);
  boost::random::normal_distribution<double> normal;
  for (const auto& members : ctx.world.members)
    for (sim::Slot i : members) {
      auto s = ctx.streams.stream(kInnovation, f.pop.id(i), ctx.month);
      if (p < 1 && s.uniform() >= p) continue;
      f.quality[i] *= std::exp(step * normal(s));
    }
}

void learn_by_demonstration(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double learning = ctx.params.firms.demonstration_learning;
  const double erosion = ctx.params.firms.advantage_erosion;
  if (learning <= 0 && erosion <= 0) return;
  for (std::size_t k = 0; k < ctx.world.markets.size(); ++k) {
    const double standard = ctx.world.markets[k].quality_standard;
    for (sim::Slot i : ctx.world.market_members[k]) {
      const double gap = standard - std::log(f.quality[i]);
      f.quality[i] *= std::exp(gap > 0 ? learning * f.absorptive[i] * gap : erosion * gap);
    }
  }
}

void account(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double reserve = ctx.params.firms.cash_reserve_months;
  for (int c = 0; c < kClusters; ++c) {
    const ClusterParams& cp = ctx.params.cluster(c);
    for (sim::Slot i : ctx.world.members[c]) {
      // Sales are counted at the reference price; the firm charges its price on them, and pays
      // for its materials at the reference price.
      f.profit[i] = (f.sales[i] + f.export_sales[i]) * (f.price[i] - cp.material_cost_share) -
                    cp.wage * f.employees[i] - cp.fixed_cost;
      f.cash[i] = std::min(f.cash[i] + f.profit[i], reserve * cp.wage * f.employees[i]);
    }
  }
}

void set_prices(Context& ctx) {
  const FirmParams& fp = ctx.params.firms;
  Firms& f = ctx.world.firms;
  World& w = ctx.world;
  for (std::size_t k = 0; k < w.markets.size(); ++k) {
    const double standard = w.markets[k].quality_standard;
    for (sim::Slot i : w.market_members[k]) {
      if (f.tier[i] > 0) {
        f.price[i] = 1.0;  // a supplier sells at the price its buyers set
        continue;
      }
      const double target =
          std::exp(fp.price_quality_elasticity * (std::log(f.quality[i]) - standard));
      f.price[i] += fp.price_adjustment * (target - f.price[i]);
    }
  }
}

void adjust_employment(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double rate = ctx.params.firms.hiring_rate;
  const double max_growth = ctx.params.firms.max_growth_per_month;
  for (int c = 0; c < kClusters; ++c) {
    const double productivity = ctx.params.cluster(c).labour_productivity;
    for (sim::Slot i : ctx.world.members[c]) {
      // Staff for what the firm attracts, or for what it serves (rivals' overflow included) plus
      // its share of the demand nobody could serve: in a capacity-bound market every firm grows.
      const double target = std::max(f.orders[i] + f.export_orders[i],
                                     f.sales[i] + f.export_sales[i] + f.backlog[i]) /
                            productivity;
      const double step = std::min(rate * (target - f.employees[i]),
                                   max_growth * (1.0 + f.management[i]) * f.employees[i]);
      f.employees[i] = std::max(0.0, f.employees[i] + step);
    }
  }
}

namespace {
// closure_probability for a firm born in month `born` (-1: present at the start), from the table
// init_world made; computed when there is none (a world built by hand) or the age is beyond it.
double closure_this_month(const Context& ctx, std::int32_t born) {
  const World& w = ctx.world;
  if (born < 0)
    return w.closure_by_age.empty() ? closure_probability(ctx.params.firms, -1.0)
                                    : w.closure_established;
  const auto age = static_cast<std::size_t>(ctx.month) - static_cast<std::size_t>(born);
  return age < w.closure_by_age.size()
             ? w.closure_by_age[age]
             : closure_probability(ctx.params.firms, static_cast<double>(age));
}
}  // namespace

void exit_firms(Context& ctx) {
  Firms& f = ctx.world.firms;
  for (int c = 0; c < kClusters; ++c)
    for (sim::Slot i : ctx.world.members[c]) {
      // Closures for reasons outside the model (owners retiring or leaving, quarrels, health):
      // a yearly hazard, higher for young firms (the liability of newness). Firms present at the
      // start count as established.
      const double p = closure_this_month(ctx, f.born[i]);
      const bool closes =
          p > 0 && ctx.streams.stream(kClosure, f.pop.id(i), ctx.month).uniform() < p;
      if (f.cash[i] < 0 || closes) {
        ctx.world.network.isolate(i);
        f.pop.remove(i);
        ++ctx.world.events.exits[c];
      }
    }
}

double closure_probability(const FirmParams& fp, double age) {
  const double months = age < 0 ? 1e9 : age;  // present at the start: established
  const double hazard = fp.closure_rate_per_year +
                        fp.young_closure_rate_per_year * std::exp(-months / fp.young_months);
  return hazard > 0 ? 1.0 - std::exp(-hazard / 12.0) : 0.0;
}

void enter_firms(Context& ctx) {
  Firms& f = ctx.world.firms;
  World& w = ctx.world;
  const auto& ep = ctx.params.entry;
  // Incumbents (survivors of this month's exits) and their mean log quality, per market, all
  // taken before any entrant is placed: an entrant may reuse the slot of a firm that just exited.
  for (std::size_t k = 0; k < w.markets.size(); ++k) {
    Market& m = w.markets[k];
    m.incumbents = 0;
    m.mean_log_quality = 0;
    m.capacity = 0;
    m.customers = 0;
    const double productivity =
        ctx.params.cluster(static_cast<int>(k / w.sectors)).labour_productivity;
    for (sim::Slot i : w.market_members[k])
      if (f.pop.alive(i)) {
        m.incumbents += 1;
        m.mean_log_quality += std::log(f.quality[i]);
        m.capacity += f.employees[i] * productivity;
        m.customers += f.customers[i];
      }
    if (m.incumbents > 0) m.mean_log_quality /= m.incumbents;
  }
  prepare_entrant_tiers(w, ctx.params);
  boost::random::normal_distribution<double> normal;
  for (std::size_t k = 0; k < w.markets.size(); ++k) {
    const Market& m = w.markets[k];
    const int c = static_cast<int>(k / w.sectors);
    const ClusterParams& cp = ctx.params.cluster(c);
    const double pull = std::max(0.0, 1.0 + ep.growth_sensitivity * m.growth_12m);
    const double expected = ep.rate_per_year / 12.0 * std::max(m.incumbents, 1.0) * pull;
    if (expected <= 0) continue;
    auto count_stream = ctx.streams.stream(kEntryCount, k, ctx.month);
    const int entrants = sim::PoissonCount(expected)(count_stream);
    for (int n = 0; n < entrants; ++n) {
      const sim::Slot e = f.pop.add();
      auto s = ctx.streams.stream(kEntrantQuality, f.pop.id(e), ctx.month);
      f.cluster[e] = static_cast<std::uint8_t>(c);
      f.sector[e] = static_cast<std::uint16_t>(k % w.sectors);
      f.born[e] = static_cast<std::int32_t>(ctx.month);
      f.employees[e] = std::max(1.0, ep.entrant_size * w.initial_mean_employees[c]);
      f.quality[e] = std::exp(m.mean_log_quality + ctx.params.firms.quality_dispersion * normal(s));
      f.cash[e] = cp.initial_cash_months * cp.wage * f.employees[e];
      f.customers[e] =
          m.capacity > 0 ? f.employees[e] * cp.labour_productivity * m.customers / m.capacity : 0.0;
      draw_capability(f, e, c, ctx.params,
                      ctx.streams.stream(kEntrantCapability, f.pop.id(e), ctx.month));
      f.absorptive[e] =
          draw_absorptive(ctx.streams.stream(kEntrantAbsorptive, f.pop.id(e), ctx.month));
      if (c == kSouth)
        f.export_readiness[e] =
            draw_export_readiness(ctx.streams.stream(kEntrantExport, f.pop.id(e), ctx.month));
      assign_entrant_tier(ctx, e);
      // A lead firm prices its quality as its market does (see set_prices); a supplier sells at
      // the reference price.
      if (f.tier[e] == 0)
        f.price[e] = std::exp(ctx.params.firms.price_quality_elasticity *
                              (std::log(f.quality[e]) - m.quality_standard));
      ++w.events.entries[c];
    }
  }
  ctx.world.network.resize(static_cast<sim::Slot>(f.pop.slots()));
  // Later phases of the month see the population after exit and entry.
  collect_members(ctx.world);
}

}  // namespace twinsim
