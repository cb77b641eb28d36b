#include "models/associations.hpp"

#include <algorithm>
#include <array>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

#include "models/twinning.hpp"
#include "models/world.hpp"
#include "sim/poisson.hpp"

namespace twinsim {

namespace {
constexpr sim::Purpose kReview("associations.review");
constexpr sim::Purpose kJointActionCount("associations.joint_actions");
constexpr sim::Purpose kJointAction("associations.joint_action");
constexpr sim::Purpose kMatchCount("associations.matchmaking");
constexpr sim::Purpose kMatchPick("associations.match");

bool active(const AssociationParams& ap, double strength) {
  return strength >= ap.active_strength;
}

// The membership test of a firm of absorptive capacity `a`, profit and cash, in an association of
// strength `s`: services it values at least at the fee, and a year's fees it can afford. A
// non-member joins only in a month without loss; a member stays through a bad month.
bool wants_membership(const AssociationParams& ap, double s, double a, bool member, double profit,
                      double cash) {
  return active(ap, s) && ap.member_value * s * a >= ap.fee && (member || profit >= 0) &&
         cash >= 12.0 * ap.fee;
}
}  // namespace

void init_associations(World& w, const Params& p) {
  Associations& a = w.associations;
  const AssociationParams& ap = p.associations;
  a.sectors = w.sectors;
  a.active_strength = ap.active_strength;
  const std::size_t n = kClusters * w.sectors;
  a.strength.assign(n, ap.north_strength);
  a.income_fees.assign(n, 0.0);
  a.income_project.assign(n, 0.0);
  a.memorandum.assign(n, 0);
  a.roll.assign(n, {});
  for (std::size_t s = 0; s < w.sectors; ++s) {
    a.strength[a.index(kSouth, s)] = ap.initial_strength;
    // Room for the sector to double, as init_world reserves for the firms.
    a.roll[a.index(kSouth, s)].reserve(2 * static_cast<std::size_t>(p.initial_firms(kSouth, s)) +
                                       16);
  }
  Firms& f = w.firms;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i)
    if (f.pop.alive(i) && f.cluster[i] == kSouth)
      f.member[i] =
          wants_membership(ap, ap.initial_strength, f.absorptive[i], false, 0.0, f.cash[i]);
}

void open_association_month(Context& ctx) {
  Associations& a = ctx.world.associations;
  std::fill(a.income_fees.begin(), a.income_fees.end(), 0.0);
  std::fill(a.income_project.begin(), a.income_project.end(), 0.0);
  a.proposals = 0;
  a.matches = 0;
}

void fund_associations(Context& ctx, double amount) {
  World& w = ctx.world;
  std::size_t funded = 0;
  for (std::size_t s = 0; s < w.sectors; ++s) funded += w.project_sector[s];
  if (amount <= 0 || funded == 0) return;
  for (std::size_t s = 0; s < w.sectors; ++s)
    if (w.project_sector[s])
      w.associations.income_project[w.associations.index(kSouth, s)] +=
          amount / static_cast<double>(funded);
}

void review_membership(Context& ctx) {
  World& w = ctx.world;
  Firms& f = w.firms;
  Associations& a = w.associations;
  const AssociationParams& ap = ctx.params.associations;
  for (std::size_t s = 0; s < w.sectors; ++s) a.roll[a.index(kSouth, s)].clear();
  for (sim::Slot i : w.members[kSouth]) {
    const std::size_t k = a.index(kSouth, f.sector[i]);
    const double strength = a.strength[k];
    if (ctx.streams.stream(kReview, f.pop.id(i), ctx.month).uniform() < ap.review_probability)
      f.member[i] =
          wants_membership(ap, strength, f.absorptive[i], f.member[i], f.profit[i], f.cash[i]);
    if (!f.member[i]) continue;
    // The fee comes out of cash, as a BDS purchase does: a member that cannot pay leaves.
    if (f.cash[i] < ap.fee) {
      f.member[i] = 0;
      continue;
    }
    f.cash[i] -= ap.fee;
    a.income_fees[k] += ap.fee;
    a.roll[k].push_back(i);
    if (active(ap, strength))
      f.quality[i] *= std::exp(ap.information_per_month * strength * f.absorptive[i]);
  }
}

void account_associations(Context& ctx) {
  World& w = ctx.world;
  Associations& a = w.associations;
  const AssociationParams& ap = ctx.params.associations;
  const double erosion = ap.staff_turnover_per_year / 12.0;
  double fees = 0, project = 0;
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const std::size_t k = a.index(kSouth, s);
    fees += a.income_fees[k];
    project += a.income_project[k];
    // What a fully staffed association would spend grows with the cluster it serves; income is
    // spent the month it arrives (no reserves), so strength follows this month's funding. The
    // project's grant builds capacity as far as the team coaches the association: in proportion
    // to the team's relationships in the sector.
    const double income = a.income_fees[k] + a.income_project[k] * w.project.relationship[s];
    const double need =
        ap.cost_per_firm * static_cast<double>(w.market_members[kSouth * w.sectors + s].size());
    const double funding = need > 0 ? std::min(1.0, income / need) : 0.0;
    double& strength = a.strength[k];
    strength += ap.capacity_building_per_month * funding * (1.0 - strength) - erosion * strength;
    strength = std::clamp(strength, 0.0, 1.0);
    // The memorandum of the project's sectors is signed when twinning begins (the reviewed
    // projects' MoUs between Italian and local associations, section 4).
    if (ap.memorandum && w.project_sector[s] && in_twinning(ctx))
      a.memorandum[k] = a.memorandum[a.index(kNorth, s)] = 1;  // both sides of the pair
  }
  a.fees_history[ctx.month % a.fees_history.size()] = fees;
  a.project_history[ctx.month % a.project_history.size()] = project;
}

void joint_actions(Context& ctx) {
  World& w = ctx.world;
  Associations& a = w.associations;
  const AssociationParams& ap = ctx.params.associations;
  const auto size = static_cast<std::size_t>(ap.joint_action_size);
  std::array<sim::Slot, kMaxJointActionSize> group{};
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const std::size_t k = a.index(kSouth, s);
    const auto& roll = a.roll[k];
    if (!association_active(a, k) || roll.size() < size) continue;
    // Each member takes part in joint_actions_per_year x s actions a year on average.
    const double expected = ap.joint_actions_per_year / 12.0 * a.strength[k] *
                            static_cast<double>(roll.size()) / static_cast<double>(size);
    auto count_stream = ctx.streams.stream(kJointActionCount, s, ctx.month);
    const int actions = sim::PoissonCount(expected)(count_stream);
    boost::random::uniform_int_distribution<std::size_t> pick(0, roll.size() - 1);
    for (int j = 0; j < actions; ++j) {
      auto stream = ctx.streams.stream(kJointAction, sim::mix64(s) ^ static_cast<std::uint64_t>(j),
                                       ctx.month);
      // `size` distinct members (rejection: groups are small against the roll).
      for (std::size_t n = 0; n < size;) {
        const sim::Slot f = roll[pick(stream)];
        if (std::find(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(n), f) ==
            group.begin() + static_cast<std::ptrdiff_t>(n))
          group[n++] = f;
      }
      // Working together links every pair of participants: joint actions close triangles.
      for (std::size_t x = 0; x < size; ++x)
        for (std::size_t y = x + 1; y < size; ++y)
          w.network.add_link(group[x], group[y], kCooperation, 1.0, static_cast<int>(ctx.month));
    }
  }
}

void association_matchmaking(Context& ctx) {
  World& w = ctx.world;
  Associations& a = w.associations;
  const AssociationParams& ap = ctx.params.associations;
  for (std::size_t s = 0; s < w.sectors; ++s) {
    const std::size_t k = a.index(kSouth, s);
    const auto& roll = a.roll[k];
    // Its contacts in the north are the partner association's: no memorandum, no one to propose.
    if (!memorandum_in_force(ctx, s) || roll.empty()) continue;
    auto count_stream = ctx.streams.stream(kMatchCount, s, ctx.month);
    const int proposals = sim::PoissonCount(ap.matches_per_month * a.strength[k])(count_stream);
    for (int j = 0; j < proposals; ++j) {
      auto pick =
          ctx.streams.stream(kMatchPick, sim::mix64(s) ^ static_cast<std::uint64_t>(j), ctx.month);
      const sim::Slot member =
          roll[boost::random::uniform_int_distribution<std::size_t>(0, roll.size() - 1)(pick)];
      const Proposal outcome = propose_match(ctx, member, pick);
      a.proposals += outcome != Proposal::none;
      a.matches += outcome == Proposal::accepted;
    }
  }
}

bool memorandum_in_force(const Context& ctx, std::size_t sector) {
  const Associations& a = ctx.world.associations;
  const std::size_t k = a.index(kSouth, sector);
  return a.memorandum[k] && association_active(a, k);
}

bool association_active(const Associations& a, std::size_t k) {
  return a.strength[k] >= a.active_strength;
}

double north_acceptance(const Context& ctx, sim::Slot north) {
  const std::size_t sector = ctx.world.firms.sector[north];
  const double interest = ctx.params.twinning.north_interest;
  double willing = interest;
  // The partner association vouches for the southern firm: it raises interest, not the threat.
  if (memorandum_in_force(ctx, sector))
    willing += ctx.params.associations.memorandum_interest *
               ctx.world.associations.strength[ctx.world.associations.index(kNorth, sector)] *
               (1.0 - interest);
  // Regulatory friction: contracts across the border are harder to make.
  return willing * (1.0 - north_threat(ctx.world.firms, north)) *
         (1.0 - ctx.params.twinning.contract_friction);
}

}  // namespace twinsim
