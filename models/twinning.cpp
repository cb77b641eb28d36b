#include "models/twinning.hpp"

#include "models/capability.hpp"

#include "models/associations.hpp"
#include "models/supply.hpp"
#include "sim/poisson.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

namespace twinsim {

namespace {
constexpr sim::Purpose kMatchmaking("twinning.matchmaking");
constexpr sim::Purpose kMatchPick("twinning.match");
constexpr sim::Purpose kCrossBorderDissolve("twinning.dissolve");

// Months of implementation so far (0 before implementation).
std::int64_t implementation_months(const Context& ctx) {
  const Project& pr = ctx.world.project;
  return std::max<std::int64_t>(0, pr.active_months - ctx.params.project.preparation_months);
}
}  // namespace

bool in_cluster_development(const Context& ctx) {
  const ProjectParams& pp = ctx.params.project;
  return pp.enabled && !pp.fast_track && ctx.world.project.phase == ProjectPhase::implementation &&
         implementation_months(ctx) <= pp.cluster_development_months;
}

bool in_twinning(const Context& ctx) {
  const ProjectParams& pp = ctx.params.project;
  return pp.enabled && ctx.world.project.phase == ProjectPhase::implementation &&
         (pp.fast_track || implementation_months(ctx) > pp.cluster_development_months);
}

void perceive_threats(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  const TwinningParams& tp = ctx.params.twinning;
  const DonorParams& dp = ctx.params.donor;
  const bool crisis = dp.crisis && static_cast<std::int64_t>(ctx.month) >= dp.crisis_start_month;
  const double crisis_half = crisis ? 0.5 * dp.crisis_threat : 0.0;
  const double rate = tp.threat_adjustment_per_month;
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const Market& north = w.market(kNorth, s);
    const double southern_share = north.sales > 0 ? north.exports / north.sales : 0.0;
    const double competition = std::min(1.0, tp.competition_threat * southern_share + crisis_half);
    for (sim::Slot i : w.market_members[kNorth * w.sectors + s]) {
      const double partners = static_cast<double>(cross_border_degree(w.network, i));
      const double ip = std::min(1.0, crisis_half + tp.ip_threat_per_partner * partners);
      f.threat_competition[i] += rate * (competition - f.threat_competition[i]);
      f.threat_ip[i] += rate * (ip - f.threat_ip[i]);
    }
  }
}

double north_threat(const Firms& f, sim::Slot north) {
  return std::min(1.0, f.threat_competition[north] + f.threat_ip[north]);
}

void matchmaking(Context& ctx) {
  if (!in_twinning(ctx)) return;
  World& w = ctx.world;
  const Firms& f = w.firms;
  // The team divides its proposals evenly among its sectors, and arranges them through its
  // relationships in each: fewer while they are thin.
  const double per_sector = ctx.params.project.matches_per_month /
                            static_cast<double>(std::max<std::size_t>(1, w.project_sectors));
  for (std::size_t sector = 0; sector < w.sectors; ++sector) {
    const double expected = per_sector * w.project.relationship[sector];
    if (!w.project_sector[sector] || expected <= 0) continue;
    w.clients.clear();
    for (sim::Slot i : w.market_members[kSouth * w.sectors + sector])
      if (f.assisted[i]) w.clients.push_back(i);
    if (w.clients.empty()) continue;
    auto count_stream = ctx.streams.stream(kMatchmaking, sector, ctx.month);
    const int proposals = sim::PoissonCount(expected)(count_stream);
    for (int k = 0; k < proposals; ++k) {
      auto s = ctx.streams.stream(kMatchPick, sim::mix64(sector) ^ static_cast<std::uint64_t>(k),
                                  ctx.month);
      const sim::Slot client = w.clients[boost::random::uniform_int_distribution<std::size_t>(
          0, w.clients.size() - 1)(s)];
      const Proposal outcome = propose_match(ctx, client, s);
      w.events.proposals += outcome != Proposal::none;
      w.events.matches += outcome == Proposal::accepted;
    }
  }
}

Proposal propose_match(Context& ctx, sim::Slot south, sim::Stream& stream) {
  World& w = ctx.world;
  const std::size_t sector = w.firms.sector[south];
  const auto& north = w.market_members[kNorth * w.sectors + sector];
  if (north.empty()) return Proposal::none;
  const sim::Slot partner =
      north[boost::random::uniform_int_distribution<std::size_t>(0, north.size() - 1)(stream)];
  // The kind the matchmaker seeks (project.orientation); a pair has one cross-border link at most.
  const double u = stream.uniform();
  std::size_t kind = 0;
  while (kind + 1 < kCrossBorderKinds.size() && u >= w.match_kind_cdf[kind]) ++kind;
  bool linked = false;
  for (const LinkKind k : kCrossBorderKinds)
    linked = linked || w.network.has_link(south, partner, k);
  const bool accepted =
      stream.uniform() < north_acceptance(ctx, partner) && !linked &&
      w.network.add_link(south, partner, kCrossBorderKinds[kind], ctx.params.twinning.initial_trust,
                         static_cast<int>(ctx.month));
  return accepted ? Proposal::accepted : Proposal::refused;
}

void twinning_trade(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  const TwinningParams& tp = ctx.params.twinning;
  const double productivity = ctx.params.south.labour_productivity;
  for (sim::Slot south : w.members[kSouth]) {
    if (cross_border_degree(w.network, south) == 0) continue;
    const double embedded = static_cast<double>(w.network.degree(south, kCooperation));
    // Supply experience (delivering to a buyer's specification) adds to the embedding in the
    // cluster: 0 outside tiered sectors, so untiered sectors are as before.
    const double trust_gain = tp.trust_gain_per_month * embedded / (1.0 + embedded) +
                              tp.trust_gain_per_month * ctx.params.supply.experience_trust_gain *
                                  supply_experience(w, south);
    for (const LinkKind kind : kCrossBorderKinds) {
      // Partners first, then updates: the network is not edited while it is iterated.
      w.partners.clear();
      w.network.for_each_link(south, kind, [&](sim::Slot north, double trust, int) {
        w.partners.emplace_back(north, trust);
      });
      for (const auto& [north, trust] : w.partners) {
        if (kind == kSubcontracting) {
          // The northern partner orders part of its production from the southern one: an order
          // the partner serves with its spare capacity and hires for (delocalisation).
          const double order = tp.outsourcing_share * f.sales[north];
          const double room = std::max(
              0.0, f.employees[south] * productivity - f.sales[south] - f.export_sales[south]);
          const double moved = std::min(order, room);
          f.sales[north] -= moved;
          f.orders[north] -= moved;  // produced in the south now: the north needs less staff
          f.export_sales[south] += moved;
          f.export_orders[south] += order;
          w.market(kNorth, f.sector[north]).exports += moved;
          w.events.outsourced += moved;
        } else if (kind == kExportSales) {
          // The partner sells the southern firm's products in its market (export promotion).
          f.export_readiness[south] +=
              tp.market_access_per_month * trust * (1.0 - f.export_readiness[south]);
        }
        // Every kind carries technology transfer, scaled by the inverted U in cognitive
        // distance: the southern firm's quality rises and its capabilities move toward its
        // partner's (buyers teach their suppliers, Humphrey & Schmitz 2002).
        const double a = f.absorptive[south];
        const double learned =
            a * learning_factor(cognitive_distance(f, south, north), a, tp.optimal_distance);
        f.quality[south] *= std::exp(tp.learning_per_month * learned);
        for (auto& dim : f.capability)
          dim[south] += tp.convergence_per_month * learned * (dim[north] - dim[south]);
        w.network.set_weight(south, north, kind, std::min(1.0, trust + trust_gain));
      }
    }
  }
}

void dissolve_cross_border(Context& ctx) {
  const double rate = ctx.params.twinning.dissolution_per_year / 12.0;
  const double friction = ctx.params.twinning.contract_friction;
  if (rate <= 0) return;
  const auto& pop = ctx.world.firms.pop;
  for (const LinkKind kind : kCrossBorderKinds)
    ctx.world.network.remove_links_if(kind, [&](sim::Slot a, sim::Slot b, double trust, int) {
      const auto key = sim::pair_key(pop.id(a), pop.id(b));
      // Trust holds a link together; where contracts are hard to enforce it protects less.
      const double p = 1.0 - std::exp(-rate * (1.0 - trust * (1.0 - friction)));
      return ctx.streams.stream(kCrossBorderDissolve, key, ctx.month).uniform() < p;
    });
}

}  // namespace twinsim
