// Firms' capability profiles and the cognitive distance between two firms. A firm's capability is
// a small vector (what it knows how to do: products, processes, markets); two firms far apart
// understand each other poorly, two firms close together have little to teach each other.
// Learning from a partner follows Nooteboom's inverted U in cognitive distance (Nooteboom et al.
// 2007), with an optimum that lies further out for a firm of higher absorptive capacity.
#pragma once

#include <cmath>

#include "models/world.hpp"

namespace twinsim {

/// Euclidean distance between the capability vectors of firms `a` and `b`.
inline double cognitive_distance(const Firms& f, sim::Slot a, sim::Slot b) {
  double sum = 0;
  for (const auto& dim : f.capability) sum += (dim[a] - dim[b]) * (dim[a] - dim[b]);
  return std::sqrt(sum);
}

/// How much of the possible learning a firm of absorptive capacity `absorptive` gets from a
/// partner at cognitive distance `distance`: (d / d*) exp(1 - d / d*), 1 at the optimum
/// d* = optimal_distance x (0.5 + absorptive), 0 at d = 0, falling toward 0 far beyond d*.
inline double learning_factor(double distance, double absorptive, double optimal_distance) {
  const double optimum = optimal_distance * (0.5 + absorptive);
  if (optimum <= 0) return 0.0;
  const double x = distance / optimum;
  return x * std::exp(1.0 - x);
}

/// Draws the capability vector of firm `f` of cluster `cluster`: each component around the
/// cluster's mean (0 in the south, twinning.capability_gap / sqrt(dimensions) in the north, so
/// that the clusters' means lie capability_gap apart) with sd firms.capability_spread.
void draw_capability(Firms& f, sim::Slot slot, int cluster, const Params& p, sim::Stream stream);

}  // namespace twinsim
