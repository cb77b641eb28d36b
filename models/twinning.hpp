// Twinning: cross-border links between northern and southern firms of a sector, made by the
// project's matchmaking, accepted or refused by northern firms according to the threat they
// perceive, and kept or lost according to the trust they build.
#pragma once

#include "models/world.hpp"

namespace twinsim {

/// True in the project's implementation months spent on cluster development (no fast track,
/// within `project.cluster_development_months` of the first implementation month).
bool in_cluster_development(const Context& ctx);

/// True when the project makes matches: implementation, after cluster development (or at once
/// with fast track).
bool in_twinning(const Context& ctx);

/// Northern firms' perceived threats move toward the present ones by the share
/// `twinning.threat_adjustment_per_month`: competition toward competition_threat x the southern
/// exporters' share of its sector's northern market + half of donor.crisis_threat once the crisis
/// began; IP infringement toward the other half + ip_threat_per_partner x its southern partners;
/// each at most 1.
void perceive_threats(Context& ctx);

/// A northern firm's perceived threat: competition + IP infringement, at most 1.
double north_threat(const Firms& f, sim::Slot north);

/// What became of a proposed match.
enum class Proposal : std::uint8_t {
  none,      // the sector has no northern firm: nothing proposed
  refused,   // refused, or the two firms were linked already
  accepted,  // a new cross-border link
};

/// Proposes southern firm `south` to a random live northern firm of its sector (drawn from
/// `stream`), who accepts with probability north_acceptance (associations.hpp) unless the two are
/// linked already; an accepted match is a new cross-border link of trust `twinning.initial_trust`,
/// of the kind drawn from `project.orientation` (World::match_kind_cdf).
Proposal propose_match(Context& ctx, sim::Slot south, sim::Stream& stream);

/// The project's matchmaking: in each of its n sectors s, Poisson(`project.matches_per_month` / n x
/// the team's relationships R_s) proposals, each a random client of the sector proposed to a
/// northern firm of the sector (propose_match).
void matchmaking(Context& ctx);

/// Along each cross-border link: a subcontracting partner orders `outsourcing_share` of its sales
/// from the southern partner (an order the partner serves up to its spare capacity and hires for:
/// exports for the south, less production and staff in the north); an export-sales partner raises
/// the southern firm's export readiness by `market_access_per_month` x trust of its gap to 1; and
/// on every kind the southern partner learns (quality x exp(learning x the inverted-U factor of
/// cognitive distance)) and trust grows by trust_gain x d / (1 + d) for a southern partner with d
/// cooperation links (plus its supply experience), up to 1.
void twinning_trade(Context& ctx);

/// Each cross-border link, of every kind, dissolves this month with probability
/// 1 - exp(-rate / 12 x (1 - trust x (1 - twinning.contract_friction))).
void dissolve_cross_border(Context& ctx);

}  // namespace twinsim
