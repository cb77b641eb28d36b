// Test support: a hand-built world of one (or more) sectors, for testing one system at a time.
#pragma once

#include <cstdint>

#include "models/world.hpp"

namespace test_support {

/// Default parameters, no firms; firms are added by the test. Markets and member lists sized for
/// `sectors` sectors in both clusters.
struct HandWorld {
  twinsim::Params p{};
  sim::Streams streams{1, 0};
  twinsim::World w;

  explicit HandWorld(std::size_t sectors = 1) {
    w.sectors = sectors;
    w.markets.assign(twinsim::kClusters * sectors, twinsim::Market{});
    w.market_members.assign(twinsim::kClusters * sectors, {});
  }
  /// A live firm of `cluster` with `employees` and `quality` (other columns at their defaults).
  sim::Slot add_firm(int cluster, double employees, double quality) {
    const sim::Slot f = w.firms.pop.add();
    w.firms.cluster[f] = static_cast<std::uint8_t>(cluster);
    w.firms.employees[f] = employees;
    w.firms.quality[f] = quality;
    w.network.resize(static_cast<sim::Slot>(w.firms.pop.slots()));
    return f;
  }
  /// Lists the live firms (as begin_month does) and runs `system` for month `month`.
  void run(void (*system)(twinsim::Context&), std::uint32_t month = 0) {
    twinsim::collect_members(w);
    twinsim::Context ctx{p, streams, w, month};
    system(ctx);
  }
};

}  // namespace test_support
