// Markets: each cluster's demand follows the scenario's path (trend, business cycle, shocks) and is
// shared among the cluster's firms by competitiveness. One firm's gain in a fixed or shrinking
// market is another's loss: crowding-out emerges here and is never written in as a rule.
#pragma once

#include "models/world.hpp"

namespace twinsim {

/// Sets this month's demand of every market (cluster x sector): initial x (1 + growth)^(month/12) x
/// (1 + amplitude sin(2 pi month / period)) x the shocks so far; updates the 12-month growth.
void update_demand(Context& ctx);

/// Event: multiplies the shock level of the targeted markets by the factors of the shocks that hit
/// this month (market.shock_months / market.shock_factors).
void apply_demand_shocks(Context& ctx);

/// Rounds of spill-over in market clearing; demand still unserved after them is lost.
inline constexpr int kClearingRounds = 20;

/// Shares each market's demand among its firms in proportion to customer base x quality^beta
/// (beta = market.competition_sensitivity): the firm's orders. Sales serve the demand up to each
/// firm's capacity (employees x labour productivity); what a full firm cannot serve spills over to
/// firms with spare capacity, in proportion to their orders (water-filling). Southern firms also
/// bid in the northern market of their sector with capacity x quality^beta x export readiness x
/// market.export_access, using the capacity their home market left.
void clear_markets(Context& ctx);

/// Customers follow the firms that serve them: each firm's customer base moves toward its
/// home-market sales, customers += market.customer_turnover x (sales - customers), so a firm that
/// serves its rivals' overflow or wins orders with better quality keeps some of those customers.
/// Also sets each market's quality standard, the sales-weighted mean log quality of its firms.
void update_customers(Context& ctx);

}  // namespace twinsim
