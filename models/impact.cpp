#include "models/impact.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace twinsim {

const std::array<ImpactOutcomeSpec, kImpactOutcomes>& impact_outcomes() {
  static const std::array<ImpactOutcomeSpec, kImpactOutcomes> specs = {{
      {"jobs", "employees", "Employment (full-time equivalents)"},
      {"output", "EUR/month", "Sales at home and to buyers (the cluster's output_<cluster>)"},
      {"exports", "EUR/month", "Export sales of southern firms into the northern markets"},
      {"firms", "1", "Live firms"},
      {"links_cross_border", "1",
       "Cross-border links (each has one southern and one northern end)"},
      {"links_cooperation", "1", "Cooperation links, half of each counted at each end"},
  }};
  return specs;
}

namespace {

using Sums = std::array<double, kImpactOutcomes>;

Sums firm_sums(const World& w, sim::Slot i) {
  const Firms& f = w.firms;
  Sums s{};
  s[kImpactJobs] = f.employees[i];
  s[kImpactOutput] = f.sales[i];
  s[kImpactExports] = f.export_sales[i];
  s[kImpactFirms] = 1.0;
  s[kImpactCrossBorder] = static_cast<double>(cross_border_degree(w.network, i));
  s[kImpactCooperation] = 0.5 * static_cast<double>(w.network.degree(i, kCooperation));
  return s;
}

void add(GroupSeries& g, std::size_t month, const Sums& s) {
  for (std::size_t k = 0; k < kImpactOutcomes; ++k) g.at(month, k) += s[k];
}

// The firms the intervention's project chooses as clients: its world run alone up to the month it
// chooses them (none when it never does). The project chooses once (select_clients), so these are
// all its clients.
std::vector<sim::AgentId> chosen_clients(const Params& p, std::uint64_t seed, std::uint64_t run) {
  ModelRun alone(p, seed, run, {});
  std::vector<sim::AgentId> ids;
  for (std::size_t m = 0; m < alone.months(); ++m) {
    alone.step(m);
    const World& w = alone.world();
    if (!w.project.clients_selected) continue;
    const Firms& f = w.firms;
    for (sim::Slot i = 0; i < f.pop.slots(); ++i)
      if (f.pop.alive(i) && f.cluster[i] == kSouth && f.assisted[i]) ids.push_back(f.pop.id(i));
    break;
  }
  return ids;
}

// Adds month `month` of world `w` to its clients' and its clusters' sums.
void observe_groups(const World& w, const std::vector<sim::AgentId>& clients, std::size_t month,
                    GroupSeries& mine, GroupSeries& south, GroupSeries& north) {
  const Firms& f = w.firms;
  for (sim::Slot i = 0; i < f.pop.slots(); ++i) {
    if (!f.pop.alive(i)) continue;
    Sums s = firm_sums(w, i);
    if (f.cluster[i] != kSouth) {
      s[kImpactCrossBorder] = 0;  // a cross-border link counts at its southern end
      add(north, month, s);
      continue;
    }
    add(south, month, s);
    if (std::binary_search(clients.begin(), clients.end(), f.pop.id(i))) add(mine, month, s);
  }
}

}  // namespace

PairedRun::PairedRun(const Params& intervention, const Params& counterfactual, std::uint64_t seed,
                     std::uint64_t run, const Recording& recording)
    : with_(intervention, seed, run, recording), without_(counterfactual, seed, run, recording) {
  if (intervention.horizon_months != counterfactual.horizon_months)
    throw std::invalid_argument("simulate_pair: the two worlds have different horizons");
  const std::size_t months = with_.months();
  for (GroupSeries* g :
       {&sums_.clients_intervention, &sums_.clients_counterfactual, &sums_.clients_baseline,
        &sums_.south_intervention, &sums_.south_counterfactual, &sums_.north_intervention,
        &sums_.north_counterfactual})
    *g = GroupSeries(months);
  const std::int64_t start = intervention.project.start_month;
  sums_.baseline_month = static_cast<std::size_t>(std::max<std::int64_t>(start, 1) - 1);
  // The clients are known from the start (a first pass of the intervention world), so that their
  // sums follow the same firms in every month, before the project as after.
  if (intervention.project.enabled) clients_ = chosen_clients(intervention, seed, run);
  std::sort(clients_.begin(), clients_.end());
}

bool PairedRun::is_client(sim::AgentId id) const {
  return std::binary_search(clients_.begin(), clients_.end(), id);
}

void PairedRun::step(std::size_t m) {
  with_.step(m);
  without_.step(m);
  observe_groups(with_.world(), clients_, m, sums_.clients_intervention, sums_.south_intervention,
                 sums_.north_intervention);
  observe_groups(without_.world(), clients_, m, sums_.clients_counterfactual,
                 sums_.south_counterfactual, sums_.north_counterfactual);
}

PairedRecord PairedRun::finish() {
  // The baseline, in every month: the clients' sums at the end of the baseline month (a client
  // not alive then counts 0); none when the project does not start within the horizon.
  const std::size_t months = with_.months();
  if (sums_.baseline_month < months)
    for (std::size_t m = 0; m < months; ++m)
      for (std::size_t k = 0; k < kImpactOutcomes; ++k)
        sums_.clients_baseline.at(m, k) = sums_.clients_intervention.at(sums_.baseline_month, k);
  return {with_.take_record(), without_.take_record(), std::move(sums_)};
}

PairedRecord simulate_pair(const Params& intervention, const Params& counterfactual,
                           std::uint64_t seed, std::uint64_t run, const Recording& recording) {
  PairedRun pair(intervention, counterfactual, seed, run, recording);
  for (std::size_t m = 0; m < pair.months(); ++m) pair.step(m);
  return pair.finish();
}

}  // namespace twinsim
