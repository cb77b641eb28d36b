// The model's accounting identities and bounds, checked while a run goes on: after market clearing
// (demand shared equals demand) and at the end of every month (stocks never negative, links only
// between live agents, money spent never above the budget, every state variable finite). On in
// debug builds, and with --check in release (Recording::check_invariants); the schedule lists the
// checks as phases of their own (models/schedule.cpp), so they cost nothing when off.
#pragma once

#include <span>
#include <stdexcept>
#include <string>

#include "models/world.hpp"
#include "sim/metrics.hpp"

namespace twinsim {

/// A broken invariant: a bug in the model (or a scenario it cannot handle), never bad input. The
/// message names the month, the check, the agent or market and the values.
struct InvariantError : std::logic_error {
  using std::logic_error::logic_error;
};

/// Right after market clearing, in every market: the orders of its bidders add up to its demand
/// (or to 0 when no bidder can attract any), their sales are the market's sales and at most its
/// demand, each bidder's backlog is its orders' share of the demand left unserved (so sales plus
/// backlog add up to the demand), and no firm sells more than its capacity (a full firm's
/// overflow goes to its rivals, so a firm may sell more than its own orders). Throws
/// InvariantError.
void check_market_clearing(Context& ctx);

/// At the end of a month: every state variable of live firms, providers, associations, markets
/// and the project finite; employees, cash, customers, orders and sales of live firms >= 0, cash
/// of live providers >= 0; quality and price > 0 and shares within their ranges; links only
/// between live firms, never to the firm itself, weights finite (trust in [0, 1]); cross-border
/// links between a southern and a northern firm of one sector, supply links within a southern
/// sector; 0 <= project spending <= budget, the month's contracts within the month's spending;
/// input orders served within input orders. Throws InvariantError.
void check_month(Context& ctx);

/// Every recorded metric of a month finite (`specs`[k] describes row[k]). Throws
/// InvariantError naming the metric.
void check_metrics(std::uint32_t month, std::span<const double> row,
                   std::span<const sim::MetricSpec> specs);

}  // namespace twinsim
