#include "models/capability.hpp"

#include <boost/random/normal_distribution.hpp>

namespace twinsim {

void draw_capability(Firms& f, sim::Slot slot, int cluster, const Params& p, sim::Stream stream) {
  const double mean = cluster == kNorth
                          ? p.twinning.capability_gap / std::sqrt(double{kCapabilityDimensions})
                          : 0.0;
  boost::random::normal_distribution<double> normal;
  for (auto& dim : f.capability) dim[slot] = mean + p.firms.capability_spread * normal(stream);
}

}  // namespace twinsim
