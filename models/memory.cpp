#include "models/memory.hpp"

#include <cmath>

#include "models/observables.hpp"

namespace twinsim {
namespace {

// Peak RSS per initial firm of `twinsim run` (one world, -j 1): 690-720 B from 1.5e4 to 1.5e6
// firms over 12 months (the firms' columns, 5 link kinds' adjacency per slot, market and supply
// scratch), 860-930 B over 120 to 1200 months as the network fills and entrants take slots;
// `twinsim compare`, 840 B per firm and world. The middle of that range: within 25% of each.
constexpr double kBytesPerFirm = 850;
// A provider of business development services (measured: 1e5 providers, 140 B each).
constexpr double kBytesPerProvider = 150;
// A design point's resolved scenario and its values: measured with 1 and 64 sectors (sweeps of
// 2e4 to 8e4 points).
constexpr double kBytesPerPoint = 2800, kBytesPerPointSector = 100, kBytesPerPointKpi = 150;
// The results of compare's run: both worlds' series and the impact accounting of every outcome,
// measured against one world's series (3.08 times).
constexpr double kPairedResults = 3.1;

}  // namespace

double initial_firms(const Params& p) {
  double n = 0;
  for (int c = 0; c < kClusters; ++c)
    for (std::size_t s = 0; s < p.sectors.size(); ++s)
      n += static_cast<double>(p.initial_firms(c, s));
  return n;
}

double world_bytes(const Params& p) {
  const double series = static_cast<double>(metric_specs().size()) *
                        static_cast<double>(p.horizon_months) * sizeof(double);
  return kBytesPerFirm * initial_firms(p) +
         kBytesPerProvider * static_cast<double>(p.bds.initial_providers) + series;
}

double run_results_bytes(const Params& p, std::size_t panel_every, bool paired) {
  const auto months = static_cast<double>(p.horizon_months);
  double bytes = static_cast<double>(metric_specs().size()) * months * sizeof(double);
  if (paired) bytes *= kPairedResults;
  if (panel_every > 0) {
    // A snapshot holds every slot (live or free) with its id and each variable (sim/panel.hpp);
    // measured 199 B per slot and snapshot with 24 variables.
    const double snapshots = std::floor(months / static_cast<double>(panel_every));
    bytes += snapshots * initial_firms(p) * static_cast<double>(firm_panel_variables().size() + 1) *
             sizeof(double);
  }
  return bytes;
}

double design_point_bytes(const Params& p, std::size_t factors) {
  return kBytesPerPoint + kBytesPerPointSector * static_cast<double>(p.sectors.size()) +
         kBytesPerPointKpi * static_cast<double>(p.kpis.size()) +
         static_cast<double>(factors) * sizeof(double);
}

}  // namespace twinsim
