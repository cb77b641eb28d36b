#include "models/firms.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

namespace twinsim {

namespace {
constexpr sim::Purpose kInnovation("firms.innovation");
constexpr sim::Purpose kEntryCount("entry.count");
constexpr sim::Purpose kEntrantQuality("entry.quality");
constexpr sim::Purpose kEntrantAbsorptive("entry.absorptive");
}  // namespace

void begin_month(Context& ctx) {
  ctx.world.events = {};
  collect_members(ctx.world);
}

void innovate(Context& ctx) {
  Firms& f = ctx.world.firms;
  const double sigma = ctx.params.firms.quality_volatility;
  if (sigma == 0) return;
  boost::random::normal_distribution<double> normal;
  for (const auto& members : ctx.world.members)
    for (sim::Slot i : members) {
      auto s = ctx.streams.stream(kInnovation, f.pop.id(i), ctx.month);
      f.quality[i] *= std::exp(sigma * normal(s));
    }
}

void account(Context& ctx) {
  Firms& f = ctx.world.firms;
  for (int c = 0; c < kClusters; ++c) {
    const ClusterParams& cp = ctx.params.cluster(c);
    for (sim::Slot i : ctx.world.members[c]) {
      f.profit[i] =
          f.sales[i] * (1.0 - cp.material_cost_share) - cp.wage * f.employees[i] - cp.fixed_cost;
      f.cash[i] += f.profit[i];
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
      const double target = std::max(f.orders[i], f.sales[i] + f.backlog[i]) / productivity;
      const double step = std::min(rate * (target - f.employees[i]), max_growth * f.employees[i]);
      f.employees[i] = std::max(0.0, f.employees[i] + step);
    }
  }
}

void exit_firms(Context& ctx) {
  Firms& f = ctx.world.firms;
  for (int c = 0; c < kClusters; ++c)
    for (sim::Slot i : ctx.world.members[c])
      if (f.cash[i] < 0) {
        ctx.world.network.isolate(i);
        f.pop.remove(i);
        ++ctx.world.events.exits[c];
      }
}

void enter_firms(Context& ctx) {
  Firms& f = ctx.world.firms;
  const auto& ep = ctx.params.entry;
  // Incumbents (survivors of this month's exits) and their mean log quality, per cluster, all
  // taken before any entrant is placed: an entrant may reuse the slot of a firm that just exited.
  std::array<double, kClusters> incumbents{}, log_quality{};
  for (int c = 0; c < kClusters; ++c)
    for (sim::Slot i : ctx.world.members[c])
      if (f.pop.alive(i)) {
        incumbents[c] += 1;
        log_quality[c] += std::log(f.quality[i]);
      }
  boost::random::normal_distribution<double> normal;
  for (int c = 0; c < kClusters; ++c) {
    const ClusterParams& cp = ctx.params.cluster(c);
    const double pull =
        std::max(0.0, 1.0 + ep.growth_sensitivity * ctx.world.markets[c].growth_12m);
    const double expected = ep.rate_per_year / 12.0 * std::max(incumbents[c], 1.0) * pull;
    if (expected <= 0) continue;
    auto count_stream = ctx.streams.stream(kEntryCount, static_cast<std::uint64_t>(c), ctx.month);
    const int entrants = boost::random::poisson_distribution<int, double>(expected)(count_stream);
    const double mean_log_quality = incumbents[c] > 0 ? log_quality[c] / incumbents[c] : 0.0;
    for (int k = 0; k < entrants; ++k) {
      const sim::Slot e = f.pop.add();
      auto s = ctx.streams.stream(kEntrantQuality, f.pop.id(e), ctx.month);
      f.cluster[e] = static_cast<std::uint8_t>(c);
      f.born[e] = static_cast<std::int32_t>(ctx.month);
      f.employees[e] = std::max(1.0, ep.entrant_size * ctx.world.initial_mean_employees[c]);
      f.quality[e] = std::exp(mean_log_quality + ctx.params.firms.quality_dispersion * normal(s));
      f.cash[e] = cp.initial_cash_months * cp.wage * f.employees[e];
      f.absorptive[e] =
          draw_absorptive(ctx.streams.stream(kEntrantAbsorptive, f.pop.id(e), ctx.month));
      ++ctx.world.events.entries[c];
    }
  }
  ctx.world.network.resize(static_cast<sim::Slot>(f.pop.slots()));
  // Later phases of the month see the population after exit and entry.
  collect_members(ctx.world);
}

}  // namespace twinsim
