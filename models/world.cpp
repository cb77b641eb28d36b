#include "models/world.hpp"

#include <boost/random/normal_distribution.hpp>
#include <cmath>

namespace twinsim {

namespace {
constexpr sim::Purpose kInitSize("init.size");
constexpr sim::Purpose kInitAbsorptive("init.absorptive");
}  // namespace

void init_world(World& w, const Params& p, const sim::Streams& streams) {
  std::size_t total = 0;
  for (int c = 0; c < kClusters; ++c) total += static_cast<std::size_t>(p.cluster(c).firms);
  // Room for the population to double before the arrays reallocate.
  w.firms.pop.reserve(2 * total + 16);
  for (auto& m : w.members) m.reserve(2 * total + 16);
  for (auto& m : w.member_mask) m.reserve(2 * total + 16);

  for (int c = 0; c < kClusters; ++c) {
    const ClusterParams& cp = p.cluster(c);
    // Log-normal sizes with the requested mean: mu = ln(mean) - sigma^2 / 2.
    const double sigma = cp.employees_dispersion;
    const double mu = std::log(cp.employees_mean) - 0.5 * sigma * sigma;
    double capacity = 0;
    for (std::int64_t i = 0; i < cp.firms; ++i) {
      const sim::Slot f = w.firms.pop.add();
      const auto id = w.firms.pop.id(f);
      auto size_stream = streams.stream(kInitSize, id, 0);
      boost::random::normal_distribution<double> normal;
      w.firms.cluster[f] = static_cast<std::uint8_t>(c);
      w.firms.employees[f] = std::max(1.0, std::exp(mu + sigma * normal(size_stream)));
      // Everyone starts at quality 1: initial sizes are the outcome of past competition, so
      // initial orders match capacity; differences in quality emerge from innovation.
      w.firms.quality[f] = 1.0;
      w.firms.absorptive[f] = draw_absorptive(streams.stream(kInitAbsorptive, id, 0));
      w.firms.cash[f] = cp.initial_cash_months * cp.wage * w.firms.employees[f];
      capacity += w.firms.employees[f] * cp.labour_productivity;
    }
    w.initial_mean_employees[c] = cp.employees_mean;
    Market& m = w.markets[c];
    m.initial_demand = cp.initial_demand_ratio * capacity;
    m.demand = m.initial_demand;
    m.history.fill(m.initial_demand);
  }
  w.network.resize(static_cast<sim::Slot>(w.firms.pop.slots()));
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
  for (sim::Slot f = 0; f < pop.slots(); ++f)
    if (pop.alive(f)) {
      w.members[w.firms.cluster[f]].push_back(f);
      w.member_mask[w.firms.cluster[f]][f] = 1;
    }
}

}  // namespace twinsim
