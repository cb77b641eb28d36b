// Tiered supply chains (issue 3): lead firms sell to the final market, suppliers of tiers 1..3 sell
// to the tier above over supply links. docs/model.md, section 7, "Supply chains".
#pragma once

#include "models/world.hpp"

namespace twinsim {

/// At initialisation (after the firms are drawn): gives the southern firms of each tiered sector a
/// tier (shares `tier_shares`), scales each tier's sizes so the chain starts balanced, sets the
/// market's initial demand from the lead firms' capacity and links every supplier to a buyer.
/// Untiered sectors are left as they are. Reserves the scratch vectors.
void init_supply(World& w, const Params& p, const sim::Streams& streams);

/// Before a month's entrants: indexes the member lists of the tiered southern markets (as
/// collect_members left them) by tier, over the firms alive after the month's exits, so that
/// assign_entrant_tier draws an entrant's first buyer in O(log n) rather than by a pass over its
/// market.
void prepare_entrant_tiers(World& w, const Params& p);

/// Draws the tier of entrant `e` (a southern firm of a tiered sector; others stay at tier 0) and,
/// for a supplier, its first buyer: uniformly among the live firms of the tier above in its
/// market's member list (in list order), entrants placed before it included. Then counts `e` in
/// the index of prepare_entrant_tiers.
void assign_entrant_tier(Context& ctx, sim::Slot e);

/// Phase "supply orders", right after market clearing: in each tiered sector, from the lead firms
/// down, buyers order inputs from their suppliers, suppliers serve up to capacity (what a full one
/// cannot serve goes to the buyer's suppliers with room), the rest is imported; trust on each link
/// moves toward the supplier's delivery ratio.
void supply_orders(Context& ctx);

/// Phase "supplier search": supply links dissolve (low trust, or at a rate falling with trust);
/// buyers short of suppliers search the next tier: past partner first, then partners of partners,
/// then at random.
void supplier_search(Context& ctx);

/// Functional upgrading (project.upgrading = "functional"): a tier-3 client of a tiered sector
/// moves up to tier 2 with probability functional_upgrading_per_month x absorptive capacity; it
/// leaves its former buyers (now its peers) and the project brokers a tier-1 buyer. Returns true
/// when the month's support went to functional upgrading (the client is at tier 3), false when
/// the client gets quality upgrading as under cost/performance.
bool functional_upgrading(Context& ctx, sim::Slot client);

/// A firm's supply experience: mean trust of its supply links, 0 without any.
double supply_experience(const World& w, sim::Slot f);

}  // namespace twinsim
