// Capability vectors, cognitive distance and learning across cross-border links.
#include "models/capability.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "models/twinning.hpp"
#include "tests/models/hand_world.hpp"

using namespace twinsim;

TEST_CASE("learning is an inverted U in cognitive distance, peaking further out for able firms",
          "[capability]") {
  CHECK(learning_factor(0.0, 0.5, 1.0) == 0.0);
  CHECK(learning_factor(1.0, 0.5, 1.0) == Approx(1.0));  // optimum 1 x (0.5 + 0.5)
  CHECK(learning_factor(0.5, 0.5, 1.0) < 1.0);
  CHECK(learning_factor(3.0, 0.5, 1.0) < learning_factor(1.5, 0.5, 1.0));
  // A more absorptive firm learns more from a distant partner, less from a close one.
  CHECK(learning_factor(2.0, 1.0, 1.0) > learning_factor(2.0, 0.2, 1.0));
  CHECK(learning_factor(0.3, 1.0, 1.0) < learning_factor(0.3, 0.2, 1.0));
  CHECK(learning_factor(1.0, 0.5, 0.0) == 0.0);
}

namespace {
// Three southern firms, each linked to its own northern partner at a given cognitive distance.
struct Pairs : test_support::HandWorld {
  sim::Slot add(int cluster, double first_component) {
    const sim::Slot f = add_firm(cluster, 10, 1.0);
    w.firms.absorptive[f] = 0.5;
    w.firms.capability[0][f] = first_component;
    return f;
  }
  explicit Pairs(std::initializer_list<double> distances) {
    p.twinning.learning_per_month = 0.1;
    p.twinning.optimal_distance = 1.0;
    p.twinning.convergence_per_month = 0.1;
    for (double d : distances) {
      const sim::Slot s = add(kSouth, 0.0), n = add(kNorth, d);
      w.network.add_link(s, n, kTechnology, 0.5, 0);
    }
    run(twinning_trade);
  }
  double log_quality(sim::Slot f) const { return std::log(w.firms.quality[f]); }
};
}  // namespace

TEST_CASE("a southern firm learns most from a partner at the optimal cognitive distance",
          "[capability]") {
  const Pairs pairs({0.2, 1.0, 4.0});  // southern firms are slots 0, 2, 4
  CHECK(cognitive_distance(pairs.w.firms, 0, 1) ==
        Approx(0.2 - 0.1 * 0.5 * learning_factor(0.2, 0.5, 1.0) * 0.2));
  const double close = pairs.log_quality(0), optimal = pairs.log_quality(2),
               far = pairs.log_quality(4);
  CHECK(optimal == Approx(0.1 * 0.5));  // learning factor 1 at distance 1
  CHECK(optimal > close);
  CHECK(optimal > far);
  // Capabilities move toward the partner's: the distance shrinks.
  CHECK(pairs.w.firms.capability[0][2] == Approx(0.1 * 0.5 * 1.0));
  CHECK(cognitive_distance(pairs.w.firms, 2, 3) < 1.0);
}
