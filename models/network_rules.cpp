#include "models/network_rules.hpp"

#include "models/project.hpp"
#include "models/twinning.hpp"
#include "sim/poisson.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

namespace twinsim {

namespace {
constexpr sim::Purpose kDissolve("links.dissolve");
constexpr sim::Purpose kSearch("links.search");
constexpr sim::Purpose kReach("project.reach");

// The k-th partner of `f` in the network's iteration order (k < degree).
sim::Slot nth_partner(const sim::Network& net, sim::Slot f, std::size_t k) {
  sim::Slot found = f;
  std::size_t seen = 0;
  net.for_each_link(f, kCooperation, [&](sim::Slot other, double, int) {
    if (seen++ == k) found = other;
  });
  return found;
}
}  // namespace

void dissolve_links(Context& ctx) {
  const double p = 1.0 - std::exp(-ctx.params.network.link_dissolution_per_year / 12.0);
  if (p <= 0) return;
  const auto& pop = ctx.world.firms.pop;
  ctx.world.network.remove_links_if(kCooperation, [&](sim::Slot a, sim::Slot b, double, int) {
    // A link's draw is keyed by its two firms' ids, whatever the order the network visits links in.
    const auto key = sim::pair_key(pop.id(a), pop.id(b));
    return ctx.streams.stream(kDissolve, key, ctx.month).uniform() < p;
  });
}

void form_links(Context& ctx) {
  const auto& np = ctx.params.network;
  const double searches = np.link_formation_per_year / 12.0;
  if (searches <= 0) return;
  World& w = ctx.world;
  const auto& pop = w.firms.pop;
  const bool development = in_cluster_development(ctx);
  // A project team reaches at most cluster_development_reach firms in joint actions at a time:
  // spread over more firms, it reaches a smaller share of them (each firm, each month, with that
  // probability).
  const double coverage = development ? project_coverage(w, ctx.params.project) : 0.0;
  // Searches this month ~ Poisson(rate): built once per rate (each computes exp(-rate)).
  const sim::PoissonCount plain(searches),
      boosted_searches(searches * ctx.params.project.cluster_development_boost);
  for (const auto& members : w.members) {
    if (members.size() < 2) continue;
    boost::random::uniform_int_distribution<std::size_t> pick(0, members.size() - 1);
    for (sim::Slot f : members) {
      auto s = ctx.streams.stream(kSearch, pop.id(f), ctx.month);
      // Cluster development: joint actions make the project's southern firms seek more partners.
      const bool boosted =
          development && w.firms.cluster[f] == kSouth && w.project_sector[w.firms.sector[f]] &&
          (coverage >= 1 || ctx.streams.stream(kReach, pop.id(f), ctx.month).uniform() < coverage);
      const int n = (boosted ? boosted_searches : plain)(s);
      for (int k = 0; k < n; ++k) {
        sim::Slot partner = members[pick(s)];
        const std::size_t degree = w.network.degree(f, kCooperation);
        if (degree > 0 && s.uniform() < np.closure_share) {
          const sim::Slot via = nth_partner(
              w.network, f, boost::random::uniform_int_distribution<std::size_t>(0, degree - 1)(s));
          const std::size_t d2 = w.network.degree(via, kCooperation);
          partner = nth_partner(w.network, via,
                                boost::random::uniform_int_distribution<std::size_t>(0, d2 - 1)(s));
        }
        if (partner != f)
          w.network.add_link(f, partner, kCooperation, 1.0, static_cast<int>(ctx.month));
      }
    }
  }
}

}  // namespace twinsim
