// The development project (and its donor): phases, budget and disbursement, client selection and
// the support it gives. The donor's home-country crisis is here too.
#pragma once

#include <cstdint>

#include "models/world.hpp"

namespace twinsim {

/// Advances the project by one month and spends: nothing before `project.start_month` or during a
/// funding stop (the stop extends the project); a preparation phase of `preparation_months`; then
/// implementation, which selects the clients once and, while the budget lasts, supports each live
/// client: cost_per_firm_month from the budget and a quality upgrade of exp(upgrading_per_month x
/// absorptive capacity). The share `bds_contract_share` of that cost goes to a BDS provider
/// (contract_service, bds.hpp) whose service replaces that share of the upgrade; in a tied
/// client-month (probability `tied_share`) that share goes to donor-country consultants instead,
/// at (1 + tied_cost_premium) times the price, who deliver the project's own upgrade. Overhead is
/// paid every active month. The project ends when its active months reach `duration_months` or the
/// budget is spent.
void run_project(Context& ctx);

/// The deliberate transfer of the pilot experience (`project.transfer_per_month` > 0), each
/// implementation month after the clients' support: pays `transfer_cost_per_month` (nothing
/// happens when the budget cannot pay it); then in each project sector every live non-client
/// below the clients' mean log quality closes transfer_per_month x absorptive capacity x the
/// team's relationship capital in the sector x project_coverage of the gap.
void transfer_experience(Context& ctx);

/// The share of the project's southern firms (in its sectors) the team reaches in a month:
/// `project.cluster_development_reach` / their number, at most 1.
double project_coverage(const World& w, const ProjectParams& pp);

/// Event at `donor.crisis_start_month`: northern demand (where southern exporters sell too) falls
/// by `donor.crisis_demand_factor`.
void donor_crisis(Context& ctx);

/// Chooses up to `project.assisted_firms` southern clients, shared evenly among the project's
/// sectors (`project.sectors`, all when unset), among each sector's live southern firms:
/// "objective" takes the highest absorptive capacity (ties by id), "agenda" a random set.
void select_clients(Context& ctx);

}  // namespace twinsim
