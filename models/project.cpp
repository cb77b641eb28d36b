#include "models/project.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "models/associations.hpp"
#include "models/bds.hpp"
#include "models/supply.hpp"

namespace twinsim {

namespace {
constexpr sim::Purpose kAgenda("project.agenda");
constexpr sim::Purpose kTied("project.tied");

// Pays up to `amount` from what is left of the budget; returns what was paid.
double pay(Project& pr, double budget, double amount) {
  const double paid = std::min(amount, std::max(0.0, budget - pr.spent));
  pr.spent += paid;
  pr.spent_this_month += paid;
  return paid;
}
}  // namespace

void select_clients(Context& ctx) {
  const ProjectParams& pp = ctx.params.project;
  const World& w = ctx.world;
  Firms& f = ctx.world.firms;
  // The project's sectors (flagged once by init_world), in the scenario's order of sectors.
  std::vector<std::size_t> sectors;
  for (std::size_t s = 0; s < w.sectors; ++s)
    if (w.project_sector[s]) sectors.push_back(s);
  // Clients are shared evenly among the sectors (the first sectors take the remainder).
  // With an institutional focus the share institutional_share of the programme goes to the
  // associations instead of to clients.
  const auto total = static_cast<std::size_t>(
      std::lround((1.0 - pp.institutional_share) * static_cast<double>(pp.assisted_firms)));
  for (std::size_t k = 0; k < sectors.size(); ++k) {
    const std::size_t quota = total / sectors.size() + (k < total % sectors.size() ? 1 : 0);
    // (key, id, slot): the lowest keys are chosen; ids break ties, so the choice does not depend
    // on slot order.
    std::vector<std::tuple<double, sim::AgentId, sim::Slot>> candidates;
    for (sim::Slot i : w.market_members[kSouth * w.sectors + sectors[k]]) {
      if (!f.pop.alive(i)) continue;
      double key;
      if (pp.selection == "objective") {
        key = -f.absorptive[i];  // the most able to use the support first
      } else {
        // The host government's agenda: criteria unrelated to the firms' potential, i.e. random.
        key = ctx.streams.stream(kAgenda, f.pop.id(i), ctx.month).uniform();
      }
      candidates.emplace_back(key, f.pop.id(i), i);
    }
    const std::size_t n = std::min(candidates.size(), quota);
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n),
                      candidates.end());
    for (std::size_t c = 0; c < n; ++c) f.assisted[std::get<2>(candidates[c])] = 1;
  }
  ctx.world.project.clients_selected = true;
}

void run_project(Context& ctx) {
  const ProjectParams& pp = ctx.params.project;
  Project& pr = ctx.world.project;
  pr.spent_this_month = 0;
  pr.supported_this_month = 0;
  if (!pp.enabled) return;
  const auto month = static_cast<std::int64_t>(ctx.month);
  if (month < pp.start_month) return;
  // Staff turnover erodes the team's relationship capital every month, stopped, running or ended
  // (after the end the team disperses at the same rate).
  for (double& r : pr.relationship) r *= std::exp(-pp.staff_turnover_per_year / 12.0);
  if (pr.phase == ProjectPhase::ended) return;
  if (pp.funding_stop_months > 0 && month >= pp.funding_stop_month &&
      month < pp.funding_stop_month + pp.funding_stop_months) {
    pr.phase = ProjectPhase::stopped;
    return;
  }
  if (pr.active_months >= pp.duration_months || pr.spent >= pp.budget_eur) {
    pr.phase = ProjectPhase::ended;
    return;
  }
  ++pr.active_months;
  // The team divides its time evenly among the project's sectors: each sector's relationships
  // grow at 1/n of the rate of a team that works in one sector.
  const double gain = pp.relationship_gain_per_month /
                      static_cast<double>(std::max<std::size_t>(1, ctx.world.project_sectors));
  for (std::size_t s = 0; s < ctx.world.sectors; ++s)
    if (ctx.world.project_sector[s]) pr.relationship[s] += gain * (1.0 - pr.relationship[s]);
  pay(pr, pp.budget_eur,
      pp.overhead_per_month +
          pp.overhead_per_sector_month * static_cast<double>(ctx.world.project_sectors));
  if (pr.active_months <= pp.preparation_months) {
    pr.phase = ProjectPhase::preparation;
    return;
  }
  pr.phase = ProjectPhase::implementation;
  if (!pr.clients_selected) select_clients(ctx);
  // The institutional component is paid first: the grant is planned, clients' support is bought
  // with what is left.
  if (pp.institutional_share > 0)
    fund_associations(ctx, pay(pr, pp.budget_eur,
                               pp.institutional_share * static_cast<double>(pp.assisted_firms) *
                                   pp.cost_per_firm_month));

  Firms& f = ctx.world.firms;
  const bool functional = pp.upgrading == "functional";
  const double contract = pp.bds_contract_share * pp.cost_per_firm_month;
  for (sim::Slot i : ctx.world.members[kSouth]) {
    if (!f.assisted[i] || !f.pop.alive(i)) continue;
    // Tied (with probability tied_share), the contracted share goes to donor-country consultants
    // at their higher rates (international against local fees) instead of to southern providers.
    const bool tied = pp.tied_share >= 1 ||
                      (pp.tied_share > 0 &&
                       ctx.streams.stream(kTied, f.pop.id(i), ctx.month).uniform() < pp.tied_share);
    const double cost = pp.cost_per_firm_month + (tied ? pp.tied_cost_premium * contract : 0.0);
    // Support is bought client by client, in slot order, until the budget runs out.
    if (pay(pr, pp.budget_eur, cost) < cost) break;
    ++pr.supported_this_month;
    // The contracted share of the support is paid, out of what was just spent, to a BDS provider,
    // whose service replaces that share of the project's own upgrading. Without a provider the
    // project delivers the whole support itself, at the same cost. Tied, no southern provider is
    // paid: the donor-country consultants deliver that share as the project's own support does
    // (their client may still buy a local service, as when no provider can serve). The project's
    // own support is split between upgrading for the local market and export promotion.
    const double own_share =
        !tied && contract_service(ctx, i, contract) ? 1.0 - pp.bds_contract_share : 1.0;
    // Functional upgrading spends the upgrading share on moving a tier-3 client up a tier.
    if (!functional || !functional_upgrading(ctx, i))
      f.quality[i] *=
          std::exp(own_share * (1.0 - pp.export_focus) * pp.upgrading_per_month * f.absorptive[i]);
    f.management[i] = std::min(1.0, f.management[i] + pp.management_per_month * f.absorptive[i]);
    f.export_readiness[i] =
        std::min(1.0, f.export_readiness[i] + own_share * pp.export_focus *
                                                  pp.export_readiness_per_month * f.absorptive[i]);
    ++f.support_months[i];
  }
  transfer_experience(ctx);
}

double project_coverage(const World& w, const ProjectParams& pp) {
  double firms = 0;
  for (sim::Slot f : w.members[kSouth]) firms += w.project_sector[w.firms.sector[f]];
  return firms > 0 ? std::min(1.0, static_cast<double>(pp.cluster_development_reach) / firms) : 0.0;
}

void transfer_experience(Context& ctx) {
  const ProjectParams& pp = ctx.params.project;
  if (pp.transfer_per_month <= 0) return;
  Project& pr = ctx.world.project;
  if (pay(pr, pp.budget_eur, pp.transfer_cost_per_month) < pp.transfer_cost_per_month) return;
  World& w = ctx.world;
  Firms& f = w.firms;
  // Workshops and visits reach at most cluster_development_reach firms a month, as the team's
  // joint actions do: spread over more firms, each is reached less often.
  const double coverage = project_coverage(w, pp);
  for (std::size_t s = 0; s < w.sectors; ++s) {
    if (!w.project_sector[s]) continue;
    const auto& members = w.market_members[kSouth * w.sectors + s];
    double clients = 0, clients_log_quality = 0;
    for (sim::Slot i : members)
      if (f.pop.alive(i) && f.assisted[i]) {
        clients += 1;
        clients_log_quality += std::log(f.quality[i]);
      }
    if (clients == 0) continue;
    const double target = clients_log_quality / clients;
    const double rate = pp.transfer_per_month * pr.relationship[s] * coverage;
    for (sim::Slot i : members) {
      if (!f.pop.alive(i) || f.assisted[i]) continue;
      const double gap = target - std::log(f.quality[i]);
      if (gap > 0) f.quality[i] *= std::exp(rate * f.absorptive[i] * gap);
    }
  }
}

void donor_crisis(Context& ctx) {
  // Northern markets, where southern exporters sell too.
  for (std::size_t s = 0; s < ctx.world.sectors; ++s)
    ctx.world.market(kNorth, s).shock_level *= ctx.params.donor.crisis_demand_factor;
}

}  // namespace twinsim
