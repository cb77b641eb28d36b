// Business associations, one per cluster and sector: members who pay a monthly fee, strength
// (capacity) built by spending and eroded by staff turnover, income from member fees and from the
// project, the services they run (joint actions, cross-border matchmaking, information) and
// memoranda with the partner association of the other cluster. The seed's finding (Tarnutzer &
// Dobinger 2013, sections 4 and 5): associations the project funds grow while funded and survive
// after it only if members pay for them (ownership); a cluster must be developed (joint actions)
// before it can be twinned.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/parameters.hpp"
#include "sim/population.hpp"

namespace twinsim {

struct Context;
struct World;

/// The associations of both clusters, index [cluster * sectors + sector] (as World::markets).
/// Only the southern associations have dynamics; the northern ones keep the strength
/// `associations.north_strength` and matter as memorandum partners. Membership is the firm column
/// Firms::member.
struct Associations {
  std::size_t sectors = 0;
  double active_strength = 0;    // associations.active_strength, for observers without parameters
  std::vector<double> strength;  // capacity in [0, 1]
  std::vector<double> income_fees;           // member fees this month, EUR
  std::vector<double> income_project;        // project grant this month, EUR
  std::vector<std::uint8_t> memorandum;      // 1, at both of a sector's pair, once it signed one
  std::vector<std::vector<sim::Slot>> roll;  // live members (rebuilt by review_membership)
  // Totals of the southern associations' income over the last 12 months (ring, by month % 12).
  std::array<double, 12> fees_history{}, project_history{};
  std::int64_t proposals = 0;  // matches the associations proposed this month
  std::int64_t matches = 0;    // of those, accepted: new cross-border links

  std::size_t index(int cluster, std::size_t sector) const { return cluster * sectors + sector; }
};

/// Creates the associations (month 0): southern strength `associations.initial_strength`,
/// northern `associations.north_strength`, no memorandum; every southern firm whose membership
/// test (review_membership) passes at that strength is a member.
void init_associations(World& w, const Params& p);

/// Resets the associations' monthly income and counters (before the project pays its grant).
void open_association_month(Context& ctx);

/// The project's institutional component: `amount` EUR, already paid from the budget, shared
/// evenly among the southern associations of the project's sectors as project income.
void fund_associations(Context& ctx, double amount);

/// Southern firms review their membership with probability `review_probability` (own stream per
/// firm and month). A firm of absorptive capacity a is a member after a review when its
/// association is active (strength s >= active_strength), member_value x s x a >= fee, its cash
/// >= 12 x fee and (to join, not to stay) its profit this month is >= 0. Every member then pays the
/// fee (one that cannot pay leaves) and, when its association is active, gets the information
/// service: quality x exp(information_per_month x s x a). Rebuilds the member rolls.
void review_membership(Context& ctx);

/// Strength of each southern association: s += capacity_building_per_month x x x (1 - s) -
/// staff_turnover_per_year / 12 x s, with x = min(1, income / (cost_per_firm x live firms of the
/// sector)); also records the income histories and signs the memoranda of the project's sectors
/// once the project twins (with `associations.memorandum`).
void account_associations(Context& ctx);

/// Largest number of firms in one joint action (the range of associations.joint_action_size).
inline constexpr std::size_t kMaxJointActionSize = 16;

/// Joint actions: an active southern association of strength s with M members runs
/// Poisson(joint_actions_per_year / 12 x s x M / g) actions a month, each with g =
/// joint_action_size distinct random members, every pair of whom gets a cooperation link.
/// Nothing when M < g.
void joint_actions(Context& ctx);

/// Each active southern association with a memorandum proposes Poisson(matches_per_month x s)
/// matches (a random member, a random northern firm of its sector), also after the project;
/// accepted with probability north_acceptance.
void association_matchmaking(Context& ctx);

/// True when sector `sector`'s southern association has a memorandum and is active.
bool memorandum_in_force(const Context& ctx, std::size_t sector);

/// True when association `k` (an index) runs services: strength >= associations.active_strength.
bool association_active(const Associations& a, std::size_t k);

/// Probability that northern firm `north` accepts a proposed match:
/// (i + m x S_north x (1 - i)) x (1 - threat) with a memorandum in force in its sector, else
/// i x (1 - threat); i = twinning.north_interest, m = associations.memorandum_interest, S_north the
/// northern association's strength, threat = the firm's north_threat (twinning.hpp); both times
/// (1 - twinning.contract_friction).
double north_acceptance(const Context& ctx, sim::Slot north);

}  // namespace twinsim
